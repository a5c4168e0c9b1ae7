/** `src/schemas.d.ts`: one exported type per named schema (component schemas and hoisted inline ones). */
import { StructureKind } from 'ts-morph';
import { SCHEMAS_FILE } from './paths.js';
import type { NamedSchema, Webhook } from '../ir/types.js';
import {
  banner,
  createFile,
  runtimeTypeImport,
  writesBinary,
  type EmitContext,
  type EmittedFiles,
  type FinalText,
  type Statement,
} from './context.js';
import { docLines, docText } from './text.js';
import { runtimePath } from './runtime-symbols.js';
import { objectMembers, schemaDoc, typeTree, type MemberTree } from './type-writer.js';
import { typeDeclaration } from './declarations.js';

/** A named schema's declaration: an interface for an object with properties, a type alias otherwise. */
function declaration(named: NamedSchema, ctx: EmitContext): Statement | FinalText {
  const schema = named.schema;
  const body =
    schema.kind === 'object' && schema.properties.length > 0 && schema.nullable !== true
      ? objectMembers(schema, ctx.declaredTypes)
      : typeTree(schema, ctx.declaredTypes);
  return typeDeclaration(named.typeName!, schemaDoc(schema), body);
}

/**
 * `Webhooks` (event name -> payload) and `Callbacks` (`<operationId> <callback>` -> payload): what the API
 * sends to the user's server, typed for the handler that receives it.
 */
function webhookMaps(hooks: Webhook[], ctx: EmitContext): (Statement | FinalText)[] {
  const maps: (Statement | FinalText)[] = [];
  for (const [kind, name, what] of [
    ['webhook', 'Webhooks', 'The payloads of the webhooks the API sends, by event name.'],
    ['callback', 'Callbacks', 'The payloads of the callbacks the API sends, by `<operationId> <callback name>`.'],
  ] as const) {
    const list = hooks.filter((h) => h.kind === kind);
    if (list.length === 0) continue;
    // One entry per name: a webhook with several methods takes the union of their payloads.
    const byName = new Map<string, Webhook[]>();
    for (const hook of list) byName.set(hook.name, [...(byName.get(hook.name) ?? []), hook]);
    const members: MemberTree[] = [...byName].map(([key, same]) => {
      const payloads = same.map((hook) => typeTree(hook.payload, ctx.declaredTypes));
      return {
        doc: docLines([...new Set(same.map((h) => h.summary))].map((s) => (s ? docText(s) : undefined))),
        readonly: false,
        name: key,
        optional: false,
        type: payloads.length === 1 ? payloads[0]! : { t: 'union', members: payloads },
      };
    });
    maps.push(typeDeclaration(name, what, members));
  }
  return maps;
}

export function emitSchemas(out: EmittedFiles, ctx: EmitContext, sources: string[]): void {
  const needsBinary =
    ctx.api.schemas.some((s) => writesBinary(s.schema)) ||
    (ctx.api.webhooks ?? []).some((h) => writesBinary(h.payload));
  const header: Statement[] = [banner(sources)];
  // A schema may have taken the name `BinaryInput`: the runtime's is then imported under its alias.
  const binary = ctx.declaredTypes.binaryType;
  if (needsBinary)
    header.push(
      binary === 'BinaryInput'
        ? runtimeTypeImport('encode', ['BinaryInput'], 'src')
        : {
            kind: StructureKind.ImportDeclaration,
            isTypeOnly: true,
            namedImports: [{ name: 'BinaryInput', alias: binary }],
            moduleSpecifier: runtimePath('encode', 'src'),
          },
    );
  const body = [
    ...ctx.api.schemas.map((named) => declaration(named, ctx)),
    ...webhookMaps(ctx.api.webhooks ?? [], ctx),
  ];
  createFile({ out, path: SCHEMAS_FILE, header, sections: [body.length === 0 ? ['export {};'] : body] });
}
