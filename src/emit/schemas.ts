/** `src/schemas.ts`: one exported type per named schema (component schemas and hoisted inline ones). */
import { StructureKind } from 'ts-morph';
import type { NamedSchema, Webhook } from '../ir/types.js';
import {
  banner,
  createFile,
  runtimeTypeImport,
  writesBinary,
  type EmitContext,
  type EmittedFiles,
  type Statement,
} from './context.js';
import { docLines, docText, propertyKey } from './text.js';
import { declaredOtherKeys } from '../ir/walk.js';
import { runtimePath } from './runtime-symbols.js';
import { schemaDoc, typeWriter } from './type-writer.js';

function declaration(named: NamedSchema, ctx: EmitContext): Statement {
  const docs = schemaDoc(named.schema);
  const jsDocs = docs ? [{ description: docs }] : [];
  const schema = named.schema;
  const name = named.typeName!;
  if (schema.kind === 'object' && schema.properties.length > 0 && schema.nullable !== true) {
    const additional = declaredOtherKeys(schema);
    return {
      kind: StructureKind.Interface,
      isExported: true,
      name,
      docs: jsDocs,
      properties: schema.properties.map((prop) => {
        const doc = schemaDoc(prop.schema);
        return {
          name: propertyKey(prop.name),
          hasQuestionToken: !prop.required,
          isReadonly: prop.schema.readOnly === true,
          type: typeWriter(prop.schema, ctx.declaredTypes),
          docs: doc ? [{ description: doc }] : [],
        };
      }),
      // Declared properties keep their own types; extra keys are `unknown` so both can coexist.
      indexSignatures: additional === false ? [] : [{ keyName: 'key', keyType: 'string', returnType: 'unknown' }],
    };
  }
  return {
    kind: StructureKind.TypeAlias,
    isExported: true,
    name,
    docs: jsDocs,
    type: typeWriter(schema, ctx.declaredTypes),
  };
}

/**
 * `Webhooks` (event name -> payload) and `Callbacks` (`<operationId> <callback>` -> payload): what the API
 * sends to the user's server, typed for the handler that receives it.
 */
function webhookMaps(hooks: Webhook[], ctx: EmitContext): Statement[] {
  const maps: Statement[] = [];
  for (const [kind, name, what] of [
    ['webhook', 'Webhooks', 'The payloads of the webhooks the API sends, by event name.'],
    ['callback', 'Callbacks', 'The payloads of the callbacks the API sends, by `<operationId> <callback name>`.'],
  ] as const) {
    const list = hooks.filter((h) => h.kind === kind);
    if (list.length === 0) continue;
    // One entry per name: a webhook with several methods takes the union of their payloads.
    const byName = new Map<string, Webhook[]>();
    for (const hook of list) byName.set(hook.name, [...(byName.get(hook.name) ?? []), hook]);
    maps.push({
      kind: StructureKind.Interface,
      isExported: true,
      name,
      docs: [{ description: what }],
      properties: [...byName].map(([key, same]) => {
        const doc = docLines([...new Set(same.map((h) => h.summary))].map((s) => (s ? docText(s) : undefined)));
        return {
          name: propertyKey(key),
          type: (writer) =>
            same.forEach((hook, i) => {
              if (i > 0) writer.write(' | ');
              typeWriter(hook.payload, ctx.declaredTypes)(writer);
            }),
          docs: doc ? [{ description: doc }] : [],
        };
      }),
    });
  }
  return maps;
}

/** Holds type declarations only (the compile step relies on it). */
export const SCHEMAS_FILE = 'src/schemas.ts';

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
