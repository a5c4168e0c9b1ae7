/** IR schema -> TypeScript type, as ts-morph writer functions (never string concatenation of code). */
import type { CodeBlockWriter, WriterFunction } from 'ts-morph';
import type { Schema } from '../ir/types.js';
import { declaredOtherKeys } from '../ir/walk.js';
import { docLines, literal, propertyKey } from './text.js';

export interface TypeContext {
  /** TypeScript name of a named schema, by id. */
  typeName(id: string): string;
  /** Type used for `format: binary` values. */
  binaryType: string;
  /**
   * Parameters: an exact integer may also be given as a `number` (it is sent as text, exactly either way).
   * Bodies and responses take exactly the declared representation.
   */
  numbersForExact?: boolean;
}

function writeDoc(writer: CodeBlockWriter, text: string | undefined): void {
  if (!text) return;
  writer.writeLine('/**');
  for (const line of text.split('\n')) writer.writeLine(line === '' ? ' *' : ` * ${line}`);
  writer.writeLine(' */');
}

export function schemaDoc(schema: Schema): string | undefined {
  return docLines([
    schema.description,
    schema.deprecated ? '@deprecated' : undefined,
    schema.format ? `Format: ${schema.format}` : undefined,
  ]);
}

function writeMembers(writer: CodeBlockWriter, members: Schema[], separator: ' | ' | ' & ', ctx: TypeContext): void {
  members.forEach((member, i) => {
    if (i > 0) writer.write(separator);
    const needsParens =
      (member.kind === 'union' || member.kind === 'intersection' || member.nullable === true) && members.length > 1;
    if (needsParens) writer.write('(');
    writeType(writer, member, ctx);
    if (needsParens) writer.write(')');
  });
}

export function writeObjectBody(
  writer: CodeBlockWriter,
  schema: Extract<Schema, { kind: 'object' }>,
  ctx: TypeContext,
): void {
  writer.write('{').newLine();
  writer.indent(() => {
    for (const prop of schema.properties) {
      writeDoc(writer, schemaDoc(prop.schema));
      writer.write(`${prop.schema.readOnly ? 'readonly ' : ''}${propertyKey(prop.name)}${prop.required ? '' : '?'}: `);
      writeType(writer, prop.schema, ctx);
      writer.write(';').newLine();
    }
    const additional = declaredOtherKeys(schema);
    if (additional !== false) {
      writer.write('[key: string]: ');
      if (additional === true || schema.properties.length > 0) writer.write('unknown');
      else writeType(writer, additional, ctx);
      writer.write(';').newLine();
    }
  });
  writer.write('}');
}

export function writeType(writer: CodeBlockWriter, schema: Schema, ctx: TypeContext): void {
  const nullable = schema.nullable === true && schema.kind !== 'null' && schema.kind !== 'unknown';
  if (nullable) writer.write('(');
  switch (schema.kind) {
    case 'unknown':
      writer.write('unknown');
      break;
    case 'string':
      writer.write('string');
      break;
    case 'number':
      if (!schema.exact) writer.write('number');
      else writer.write(ctx.numbersForExact || schema.acceptsNumber ? `(${schema.exact} | number)` : schema.exact);
      break;
    case 'boolean':
      writer.write('boolean');
      break;
    case 'null':
      writer.write('null');
      break;
    case 'binary':
      writer.write(ctx.binaryType);
      break;
    case 'literal':
      writer.write(literal(schema.value));
      break;
    case 'enum':
      writer.write(schema.values.length === 0 ? 'never' : schema.values.map(literal).join(' | '));
      break;
    case 'ref':
      writer.write(ctx.typeName(schema.target));
      break;
    case 'array': {
      const simple =
        ['unknown', 'string', 'number', 'boolean', 'ref', 'binary'].includes(schema.items.kind) &&
        schema.items.nullable !== true;
      if (simple) {
        writeType(writer, schema.items, ctx);
        writer.write('[]');
      } else {
        writer.write('Array<');
        writeType(writer, schema.items, ctx);
        writer.write('>');
      }
      break;
    }
    case 'tuple': {
      writer.write('[');
      schema.items.forEach((item, i) => {
        if (i > 0) writer.write(', ');
        writeType(writer, item, ctx);
        if (i >= schema.required) writer.write('?');
      });
      if (schema.rest) {
        if (schema.items.length > 0) writer.write(', ');
        writer.write('...Array<');
        writeType(writer, schema.rest, ctx);
        writer.write('>');
      }
      writer.write(']');
      break;
    }
    case 'object': {
      const additional = declaredOtherKeys(schema);
      if (schema.properties.length === 0 && additional !== false) {
        // An index signature, not `Record<string, T>`: a type alias may refer to itself through it
        // (`type Tree = { [key: string]: Tree } | Leaf`), where `Record` would be a circular alias (TS2456).
        if (additional === true) writer.write('Record<string, unknown>');
        else {
          writer.write('{ [key: string]: ');
          writeType(writer, additional, ctx);
          writer.write(' }');
        }
      } else {
        writeObjectBody(writer, schema, ctx);
      }
      break;
    }
    case 'union':
      if (schema.discriminator) writeTaggedUnion(writer, schema as Extract<Schema, { kind: 'union' }>, ctx);
      else writeMembers(writer, schema.members, ' | ', ctx);
      break;
    case 'intersection':
      writeMembers(writer, schema.members, ' & ', ctx);
      break;
  }
  if (nullable) writer.write(' | null)');
}

/**
 * A discriminated union narrows only when each member's tag is a literal; OpenAPI members usually declare it
 * as a plain string, so each member is intersected with its mapped value(s): `(Cat & { petType: 'cat' })`.
 */
function writeTaggedUnion(writer: CodeBlockWriter, schema: Extract<Schema, { kind: 'union' }>, ctx: TypeContext): void {
  const d = schema.discriminator!;
  schema.members.forEach((member, i) => {
    if (i > 0) writer.write(' | ');
    const values = member.kind === 'ref' ? d.mapping.filter((m) => m.target === member.target).map((m) => m.value) : [];
    if (values.length === 0) {
      const parens = member.kind === 'union' || member.kind === 'intersection';
      if (parens) writer.write('(');
      writeType(writer, member, ctx);
      if (parens) writer.write(')');
      return;
    }
    writer.write('(');
    writeType(writer, member, ctx);
    writer.write(` & { ${propertyKey(d.property)}: ${values.map(literal).join(' | ')} })`);
  });
}

export function typeWriter(schema: Schema, ctx: TypeContext): WriterFunction {
  return (writer) => writeType(writer, schema, ctx);
}
