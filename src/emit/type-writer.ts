/**
 * IR schema -> TypeScript type. The decisions (which syntax a schema becomes, where parentheses go) are made
 * once, into a small tree (`typeTree`); the tree is then written with ts-morph's writer (`writeType`, for code
 * that prettier formats afterwards) or laid out in its final form (type-layout.ts).
 */
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

/** A member of an object type: `readonly name?: type` (or the index signature, `name` undefined). */
export interface MemberTree {
  doc?: string;
  readonly: boolean;
  /** The property's name as the spec has it; undefined for `[key: string]`. */
  name?: string;
  optional: boolean;
  type: TypeTree;
}

/** A type's syntax: what is written, before any layout. */
export type TypeTree =
  /** A keyword, a type's name, `Record<string, unknown>`. */
  | { t: 'word'; text: string }
  /** A literal type: a string, a number, a boolean or null. */
  | { t: 'literal'; value: string | number | boolean | null }
  | { t: 'parens'; inner: TypeTree }
  | { t: 'union'; members: TypeTree[] }
  | { t: 'intersection'; members: TypeTree[] }
  /** `T[]` */
  | { t: 'list'; item: TypeTree }
  /** `Array<T>` */
  | { t: 'array'; item: TypeTree }
  /** `[A, B?, ...Array<C>]` */
  | { t: 'tuple'; items: { type: TypeTree; optional: boolean }[]; rest?: TypeTree }
  /** `{ name: T }` on one line (`{ [key: string]: T }` without a name). */
  | { t: 'record'; name?: string; value: TypeTree }
  /** An object type with its members, one per line (`inline`: written on one line, for prettier to break). */
  | { t: 'object'; members: MemberTree[]; inline?: boolean };

const word = (text: string): TypeTree => ({ t: 'word', text });
const NULL: TypeTree = { t: 'literal', value: null };

export function schemaDoc(schema: Schema): string | undefined {
  return docLines([
    schema.description,
    schema.deprecated ? '@deprecated' : undefined,
    schema.format ? `Format: ${schema.format}` : undefined,
  ]);
}

/** Members of a union or intersection: one that is itself a union, intersection or nullable is parenthesized. */
function joined(members: Schema[], ctx: TypeContext): TypeTree[] {
  return members.map((member) => {
    const tree = typeTree(member, ctx);
    const needsParens =
      (member.kind === 'union' || member.kind === 'intersection' || member.nullable === true) && members.length > 1;
    // A nullable member is parenthesized by its own tree already.
    return needsParens && tree.t !== 'parens' ? { t: 'parens', inner: tree } : tree;
  });
}

/** The members of an object schema: its properties, then the index signature for other keys (if any). */
export function objectMembers(schema: Extract<Schema, { kind: 'object' }>, ctx: TypeContext): MemberTree[] {
  const members: MemberTree[] = schema.properties.map((prop) => ({
    doc: schemaDoc(prop.schema),
    readonly: prop.schema.readOnly === true,
    name: prop.name,
    optional: !prop.required,
    type: typeTree(prop.schema, ctx),
  }));
  const additional = declaredOtherKeys(schema);
  // Declared properties keep their own types; extra keys are `unknown` so both can coexist.
  if (additional !== false)
    members.push({
      readonly: false,
      optional: false,
      type: additional === true || schema.properties.length > 0 ? word('unknown') : typeTree(additional, ctx),
    });
  return members;
}

export function typeTree(schema: Schema, ctx: TypeContext): TypeTree {
  const tree = plainTree(schema, ctx);
  const nullable = schema.nullable === true && schema.kind !== 'null' && schema.kind !== 'unknown';
  return nullable ? { t: 'parens', inner: { t: 'union', members: [tree, NULL] } } : tree;
}

function plainTree(schema: Schema, ctx: TypeContext): TypeTree {
  switch (schema.kind) {
    case 'unknown':
    case 'string':
    case 'boolean':
    case 'null':
      return word(schema.kind);
    case 'number':
      if (!schema.exact) return word('number');
      return ctx.numbersForExact || schema.acceptsNumber
        ? { t: 'parens', inner: { t: 'union', members: [word(schema.exact), word('number')] } }
        : word(schema.exact);
    case 'binary':
      return word(ctx.binaryType);
    case 'literal':
      return literalTree(schema.value);
    case 'enum':
      return schema.values.length === 0 ? word('never') : { t: 'union', members: schema.values.map(literalTree) };
    case 'ref':
      return word(ctx.typeName(schema.target));
    case 'array': {
      const simple =
        ['unknown', 'string', 'number', 'boolean', 'ref', 'binary'].includes(schema.items.kind) &&
        schema.items.nullable !== true;
      return { t: simple ? 'list' : 'array', item: typeTree(schema.items, ctx) };
    }
    case 'tuple':
      return {
        t: 'tuple',
        items: schema.items.map((item, i) => {
          const optional = i >= schema.required;
          const type = typeTree(item, ctx);
          // `(A | B)?`: an optional element's `?` would otherwise read as part of its last member.
          const parens = optional && (type.t === 'union' || type.t === 'intersection');
          return { type: parens ? { t: 'parens', inner: type } : type, optional };
        }),
        rest: schema.rest ? typeTree(schema.rest, ctx) : undefined,
      };
    case 'object': {
      const additional = declaredOtherKeys(schema);
      if (schema.properties.length === 0 && additional !== false)
        // An index signature, not `Record<string, T>`: a type alias may refer to itself through it
        // (`type Tree = { [key: string]: Tree } | Leaf`), where `Record` would be a circular alias (TS2456).
        return additional === true
          ? word('Record<string, unknown>')
          : { t: 'record', value: typeTree(additional, ctx) };
      return { t: 'object', members: objectMembers(schema, ctx) };
    }
    case 'union':
      return schema.discriminator ? taggedUnion(schema, ctx) : { t: 'union', members: joined(schema.members, ctx) };
    case 'intersection':
      return { t: 'intersection', members: joined(schema.members, ctx) };
  }
}

function literalTree(value: string | number | boolean | null): TypeTree {
  // A non-finite number has no literal type.
  return typeof value === 'number' && !Number.isFinite(value) ? word('number') : { t: 'literal', value };
}

/**
 * A discriminated union narrows only when each member's tag is a literal; OpenAPI members usually declare it
 * as a plain string, so each member is intersected with its mapped value(s): `(Cat & { petType: 'cat' })`.
 */
function taggedUnion(schema: Extract<Schema, { kind: 'union' }>, ctx: TypeContext): TypeTree {
  const d = schema.discriminator!;
  return {
    t: 'union',
    members: schema.members.map((member) => {
      const values =
        member.kind === 'ref' ? d.mapping.filter((m) => m.target === member.target).map((m) => m.value) : [];
      const tree = typeTree(member, ctx);
      if (values.length === 0)
        return (member.kind === 'union' || member.kind === 'intersection') && tree.t !== 'parens'
          ? { t: 'parens', inner: tree }
          : tree;
      const tag: TypeTree = { t: 'record', name: d.property, value: { t: 'union', members: values.map(literalTree) } };
      return { t: 'parens', inner: { t: 'intersection', members: [tree, tag] } };
    }),
  };
}

function writeDoc(writer: CodeBlockWriter, text: string | undefined): void {
  if (!text) return;
  writer.writeLine('/**');
  for (const line of text.split('\n')) writer.writeLine(line === '' ? ' *' : ` * ${line}`);
  writer.writeLine(' */');
}

/** A member's text before its type: `readonly name?` or `[key: string]`. */
export function memberHead(member: MemberTree, key: (name: string) => string = propertyKey): string {
  if (member.name === undefined) return '[key: string]';
  return `${member.readonly ? 'readonly ' : ''}${key(member.name)}${member.optional ? '?' : ''}`;
}

function enclosed(writer: CodeBlockWriter, open: string, tree: TypeTree, close: string): void {
  writer.write(open);
  writeTree(writer, tree);
  writer.write(close);
}

/** Writes a type tree (objects one member per line, at the writer's indentation). */
export function writeTree(writer: CodeBlockWriter, tree: TypeTree): void {
  switch (tree.t) {
    case 'word':
      writer.write(tree.text);
      return;
    case 'literal':
      writer.write(literal(tree.value));
      return;
    case 'parens':
      return enclosed(writer, '(', tree.inner, ')');
    case 'union':
    case 'intersection':
      tree.members.forEach((member, i) => {
        if (i > 0) writer.write(tree.t === 'union' ? ' | ' : ' & ');
        writeTree(writer, member);
      });
      return;
    case 'list':
      writeTree(writer, tree.item);
      writer.write('[]');
      return;
    case 'array':
      return enclosed(writer, 'Array<', tree.item, '>');
    case 'tuple':
      writer.write('[');
      tree.items.forEach((item, i) => {
        if (i > 0) writer.write(', ');
        writeTree(writer, item.type);
        if (item.optional) writer.write('?');
      });
      if (tree.rest) {
        if (tree.items.length > 0) writer.write(', ');
        writer.write('...Array<');
        writeTree(writer, tree.rest);
        writer.write('>');
      }
      writer.write(']');
      return;
    case 'record':
      writer.write(`{ ${tree.name === undefined ? '[key: string]' : propertyKey(tree.name)}: `);
      writeTree(writer, tree.value);
      writer.write(' }');
      return;
    case 'object':
      if (tree.inline) {
        writer.write('{ ');
        tree.members.forEach((member, i) => {
          if (i > 0) writer.write('; ');
          writer.write(`${memberHead(member)}: `);
          writeTree(writer, member.type);
        });
        writer.write(' }');
        return;
      }
      writer.write('{').newLine();
      writer.indent(() => {
        for (const member of tree.members) {
          writeDoc(writer, member.doc);
          writer.write(`${memberHead(member)}: `);
          writeTree(writer, member.type);
          writer.write(';').newLine();
        }
      });
      writer.write('}');
      return;
  }
}

export function writeType(writer: CodeBlockWriter, schema: Schema, ctx: TypeContext): void {
  writeTree(writer, typeTree(schema, ctx));
}

export function typeWriter(schema: Schema, ctx: TypeContext): WriterFunction {
  return (writer) => writeType(writer, schema, ctx);
}
