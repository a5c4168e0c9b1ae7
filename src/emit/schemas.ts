/** `src/schemas.ts`: one exported type per named schema (component schemas and hoisted inline ones). */
import { StructureKind } from 'ts-morph';
import type { NamedSchema } from '../ir/types.js';
import {
  banner,
  createFile,
  runtimeTypeImport,
  writesBinary,
  type EmitContext,
  type EmittedFiles,
  type Statement,
} from './context.js';
import { propertyKey } from './text.js';
import { schemaDoc, typeWriter } from './type-writer.js';

function declaration(named: NamedSchema, ctx: EmitContext): Statement {
  const docs = schemaDoc(named.schema);
  const jsDocs = docs ? [{ description: docs }] : [];
  const schema = named.schema;
  const name = named.typeName!;
  if (schema.kind === 'object' && schema.properties.length > 0 && schema.nullable !== true) {
    const additional = schema.additional ?? false;
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
          type: typeWriter(prop.schema, ctx.types),
          docs: doc ? [{ description: doc }] : [],
        };
      }),
      // Declared properties keep their own types; extra keys are `unknown` so both can coexist.
      indexSignatures: additional === false ? [] : [{ keyName: 'key', keyType: 'string', returnType: 'unknown' }],
    };
  }
  return { kind: StructureKind.TypeAlias, isExported: true, name, docs: jsDocs, type: typeWriter(schema, ctx.types) };
}

/** Holds type declarations only (the compile step relies on it). */
export const SCHEMAS_FILE = 'src/schemas.ts';

export function emitSchemas(out: EmittedFiles, ctx: EmitContext, sources: string[]): void {
  const needsBinary = ctx.api.schemas.some((s) => writesBinary(s.schema));
  const header: Statement[] = [banner(sources)];
  if (needsBinary) header.push(runtimeTypeImport('encode', ['BinaryInput'], 'src'));
  const body = ctx.api.schemas.map((named) => declaration(named, ctx));
  createFile({ out, path: SCHEMAS_FILE, header, sections: [body.length === 0 ? ['export {};'] : body] });
}
