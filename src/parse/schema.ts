/**
 * JSON Schema (OpenAPI 3.0/3.1 and AsyncAPI 2.x payload dialects) -> IR schema. Shared by both parsers.
 * `$ref`s stay references: the target is registered as a named schema by the caller's `onRef`.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { Checks, Discriminator, Property, Schema, SchemaCommon } from '../ir/types.js';
import { joinPointer } from '../load/source.js';
import { isObject, type Json } from './json.js';

export interface SchemaContext {
  file: string;
  /** Called for every `$ref` met; returns the id of the named schema it denotes. */
  onRef(ref: string, pointer: string): string;
  /** Whether a reference points at something in the document (discriminator mappings that do not are skipped). */
  resolves?(ref: string): boolean;
  /** The id of the named schema that the schema at this pointer is (a file's, bundled in), if it is one. */
  namedAt?(pointer: string): string | undefined;
  diagnostics: Diagnostic[];
}

const KNOWN_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);

function common(raw: Json): SchemaCommon {
  const out: Record<string, unknown> = {};
  if (typeof raw.description === 'string') out.description = raw.description;
  else if (typeof raw.title === 'string' && raw.$ref === undefined) out.description = raw.title;
  if (raw.deprecated === true) out.deprecated = true;
  if (raw.readOnly === true) out.readOnly = true;
  if (raw.writeOnly === true) out.writeOnly = true;
  if (raw.nullable === true) out.nullable = true;
  if (typeof raw.format === 'string') out.format = raw.format;
  if (raw.default !== undefined) out.default = raw.default;
  if (raw.example !== undefined) out.example = raw.example;
  else if (Array.isArray(raw.examples) && raw.examples.length > 0) out.example = raw.examples[0];
  return out as SchemaCommon;
}

export function convertSchema(raw: unknown, pointer: string, ctx: SchemaContext): Schema {
  if (raw === true || raw === undefined) return { kind: 'unknown' };
  // `false` allows no value at all: an empty enum (`never`).
  if (raw === false) return { kind: 'enum', values: [] };
  if (!isObject(raw)) {
    ctx.diagnostics.push(diagnostic({ code: 'CG006', message: 'a schema must be an object', file: ctx.file, pointer }));
    return { kind: 'unknown' };
  }
  const named = ctx.namedAt?.(pointer);
  if (named !== undefined) return { kind: 'ref', target: named };
  const base = common(raw);
  const checks = checksOf(raw, pointer, ctx);
  if (checks) base.checks = checks;
  const at = (...segments: (string | number)[]) => pointer + joinPointer(segments);

  if (typeof raw.$ref === 'string') {
    return { ...base, kind: 'ref', target: ctx.onRef(raw.$ref, at('$ref')) } as Schema;
  }

  const composed = ['allOf', 'anyOf', 'oneOf'].some((k) => Array.isArray(raw[k]) && (raw[k] as unknown[]).length > 0);
  if (composed) return convertComposed(raw, base, pointer, ctx);

  if ('const' in raw) return { ...base, ...valueSchema(raw.const) } as Schema;

  if (Array.isArray(raw.enum)) {
    const values = raw.enum.filter((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v)) as (
      string | number | boolean | null
    )[];
    const nullable = values.includes(null) || base.nullable === true;
    const nonNull = values.filter((v) => v !== null);
    // Object and array values are values the server may send too: each is the type of exactly that value.
    const structured = raw.enum.filter((v) => typeof v === 'object' && v !== null);
    if (structured.length > 0) {
      const members: Schema[] = [
        ...(nonNull.length > 0 ? [{ kind: 'enum', values: nonNull } as Schema] : []),
        ...structured.map(valueSchema),
      ];
      return { ...base, ...(nullable ? { nullable: true } : {}), kind: 'union', members } as Schema;
    }
    return { ...base, ...(nullable ? { nullable: true } : {}), kind: 'enum', values: nonNull } as Schema;
  }

  const types = Array.isArray(raw.type) ? (raw.type as unknown[]) : raw.type === undefined ? [] : [raw.type];
  const known: string[] = [];
  for (const [i, t] of types.entries()) {
    if (typeof t === 'string' && KNOWN_TYPES.has(t)) known.push(t);
    else {
      ctx.diagnostics.push(
        diagnostic({
          code: 'CG010',
          message: `unknown schema type ${JSON.stringify(t)}; treated as unknown`,
          file: ctx.file,
          pointer: Array.isArray(raw.type) ? at('type', i) : at('type'),
        }),
      );
      return { ...base, kind: 'unknown' } as Schema;
    }
  }
  const nonNull = known.filter((t) => t !== 'null');
  const nullable = known.includes('null') || base.nullable === true;
  const withNull = (schema: Schema): Schema =>
    nullable && nonNull.length > 0 ? { ...schema, nullable: true } : schema;

  if (nonNull.length === 0) {
    if (known.includes('null')) return { ...base, kind: 'null' } as Schema;
    // No type: infer from the keywords present, as most generators do.
    // Without a type, the keywords constrain values of their own type only: other values are valid (`loose`).
    if (isObject(raw.properties) || raw.additionalProperties !== undefined || Array.isArray(raw.required))
      return withNull({ ...convertTyped('object', raw, base, pointer, ctx), loose: true } as Schema);
    if (raw.items !== undefined || Array.isArray(raw.prefixItems))
      return withNull({ ...convertTyped('array', raw, base, pointer, ctx), loose: true } as Schema);
    return { ...base, kind: 'unknown' } as Schema;
  }
  if (nonNull.length === 1) return withNull(convertTyped(nonNull[0]!, raw, base, pointer, ctx));
  const members = nonNull.map((t) => convertTyped(t, raw, {}, pointer, ctx));
  return withNull({ ...base, kind: 'union', members } as Schema);
}

function convertTyped(type: string, raw: Json, base: SchemaCommon, pointer: string, ctx: SchemaContext): Schema {
  const at = (...segments: (string | number)[]) => pointer + joinPointer(segments);
  switch (type) {
    case 'string':
      return { ...base, kind: raw.format === 'binary' ? 'binary' : 'string' } as Schema;
    case 'integer':
      return { ...base, kind: 'number', integer: true } as Schema;
    case 'number':
      return { ...base, kind: 'number', integer: false } as Schema;
    case 'boolean':
      return { ...base, kind: 'boolean' } as Schema;
    case 'array': {
      // A tuple: `prefixItems` (2020-12, OpenAPI 3.1) with `items` for the rest, or an array of `items`
      // (draft 4-7) with `additionalItems` for the rest. An absent rest allows any further elements.
      const prefix = Array.isArray(raw.prefixItems) ? 'prefixItems' : Array.isArray(raw.items) ? 'items' : undefined;
      if (prefix) {
        const list = raw[prefix] as unknown[];
        const restKey = prefix === 'prefixItems' ? 'items' : 'additionalItems';
        const restRaw = raw[restKey];
        const items = list.map((item, i) => convertSchema(item, at(prefix, i), ctx));
        const minItems = typeof raw.minItems === 'number' ? raw.minItems : undefined;
        return {
          ...base,
          kind: 'tuple',
          items,
          // Items are optional but for the first `minItems`.
          required: Math.min(items.length, minItems ?? 0),
          ...(restRaw === false ? {} : { rest: convertSchema(restRaw, at(restKey), ctx) }),
        } as Schema;
      }
      return { ...base, kind: 'array', items: convertSchema(raw.items, at('items'), ctx) } as Schema;
    }
    case 'object': {
      const required = new Set(
        Array.isArray(raw.required) ? raw.required.filter((r): r is string => typeof r === 'string') : [],
      );
      const properties: Property[] = isObject(raw.properties)
        ? Object.entries(raw.properties).map(([name, value]) => ({
            name,
            required: required.has(name),
            schema: convertSchema(value, at('properties', name), ctx),
          }))
        : [];
      // A required name that `properties` does not declare must be there all the same, with any value.
      for (const name of required)
        if (!properties.some((p) => p.name === name))
          properties.push({ name, required: true, schema: { kind: 'unknown' } });
      const additional =
        raw.additionalProperties === undefined
          ? undefined
          : typeof raw.additionalProperties === 'boolean'
            ? raw.additionalProperties
            : convertSchema(raw.additionalProperties, at('additionalProperties'), ctx);
      return { ...base, kind: 'object', properties, ...(additional === undefined ? {} : { additional }) } as Schema;
    }
    default:
      return { ...base, kind: 'unknown' } as Schema;
  }
}

/**
 * A lone member with the notes and checks of the schema around it. Where both carry checks, neither's are
 * dropped: the outer ones stay on a part of their own.
 */
function onto(member: Schema, whole: SchemaCommon): Schema {
  if (whole.checks && member.checks) {
    const { checks, ...notes } = whole;
    return { ...notes, kind: 'intersection', members: [member, { kind: 'unknown', checks }] } as Schema;
  }
  return { ...member, ...whole } as Schema;
}

const COUNTS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const;

/** The validation keywords of a schema (ill-typed ones are left out: they constrain nothing a reader can trust). */
function checksOf(raw: Json, pointer: string, ctx: SchemaContext): Checks | undefined {
  const checks: Checks = {};
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (num(raw.minimum)) {
    // OpenAPI 3.0: `exclusiveMinimum: true` makes `minimum` exclusive.
    if (raw.exclusiveMinimum === true) checks.exclusiveMinimum = raw.minimum;
    else checks.minimum = raw.minimum;
  }
  if (num(raw.maximum)) {
    if (raw.exclusiveMaximum === true) checks.exclusiveMaximum = raw.maximum;
    else checks.maximum = raw.maximum;
  }
  if (num(raw.exclusiveMinimum)) checks.exclusiveMinimum = raw.exclusiveMinimum;
  if (num(raw.exclusiveMaximum)) checks.exclusiveMaximum = raw.exclusiveMaximum;
  if (num(raw.multipleOf) && raw.multipleOf > 0) checks.multipleOf = raw.multipleOf;
  for (const key of COUNTS) {
    const value = raw[key];
    if (num(value) && value >= 0 && Number.isInteger(value)) checks[key] = value;
  }
  if (raw.uniqueItems === true) checks.uniqueItems = true;
  if (typeof raw.pattern === 'string') {
    const pattern = compilablePattern(raw.pattern);
    if (pattern) checks.pattern = pattern;
    else
      ctx.diagnostics.push(
        diagnostic({
          code: 'CG023',
          message: `pattern ${JSON.stringify(raw.pattern)} is not an ECMAScript regular expression; the validators do not check it`,
          file: ctx.file,
          pointer: pointer + joinPointer(['pattern']),
        }),
      );
  }
  return Object.keys(checks).length > 0 ? checks : undefined;
}

/** JSON Schema patterns are ECMA-262 regular expressions, with Unicode semantics where the engine allows them. */
function compilablePattern(source: string): Checks['pattern'] | undefined {
  for (const unicode of [true, false]) {
    try {
      new RegExp(source, unicode ? 'u' : '');
      return { source, unicode };
    } catch {
      // Not valid with this flag.
    }
  }
  return undefined;
}

/** Keywords that describe a value without constraining it. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'nullable',
  'deprecated',
  'readOnly',
  'writeOnly',
  'default',
  '$comment',
  'externalDocs',
  'xml',
]);

/** A subschema with only annotations (and `x-` extensions) in it, e.g. `{nullable: true}` or `{description: ...}`. */
function isAnnotationOnly(member: unknown): boolean {
  if (!isObject(member)) return false;
  const keys = Object.keys(member);
  return keys.length > 0 && keys.every((key) => ANNOTATIONS.has(key) || key.startsWith('x-'));
}

/** The members of an allOf/oneOf/anyOf that shape the value (with their index), and the notes of the rest. */
function splitAnnotations(list: unknown[]): { shaping: { member: unknown; i: number }[]; notes: SchemaCommon } {
  const shaping: { member: unknown; i: number }[] = [];
  let notes: SchemaCommon = {};
  list.forEach((member, i) => {
    if (isAnnotationOnly(member)) notes = { ...notes, ...common(member as Json) };
    else shaping.push({ member, i });
  });
  return { shaping, notes };
}

/**
 * A schema with `allOf`, `anyOf` and/or `oneOf`: all of them hold at once, with the schema's own keywords
 * beside them (`type: string` next to `anyOf`, `properties` next to `allOf`): the intersection of the `allOf`
 * members, the own part, and one union for each of `anyOf` and `oneOf`.
 */
function convertComposed(raw: Json, base: SchemaCommon, pointer: string, ctx: SchemaContext): Schema {
  const at = (...segments: (string | number)[]) => pointer + joinPointer(segments);
  // The checks are the own part's (see below), not the whole's.
  const { checks: _ownChecks, ...notesOfWhole } = base;
  let whole: SchemaCommon = notesOfWhole;
  const parts: Schema[] = [];
  if (Array.isArray(raw.allOf) && raw.allOf.length > 0) {
    // A member that only annotates (`{nullable: true}`, `{description}`) constrains nothing: its notes go
    // on the whole, and it adds no `& unknown`.
    const { shaping, notes } = splitAnnotations(raw.allOf);
    whole = { ...whole, ...notes };
    parts.push(...shaping.map(({ member, i }) => convertSchema(member, at('allOf', i), ctx)));
  }
  const own = ownShape(raw, pointer, ctx);
  if (own) parts.push(own);
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const list = raw[keyword];
    if (!Array.isArray(list) || list.length === 0) continue;
    // `anyOf: [{$ref: X}, {nullable: true}]` (schemars) is `X | null`, not `X | unknown`.
    const { shaping, notes } = splitAnnotations(list);
    if (notes.nullable) whole = { ...whole, nullable: true };
    const members = shaping.map(({ member, i }) => convertSchema(member, at(keyword, i), ctx));
    if (members.length === 1) parts.push(members[0]!);
    else if (members.length > 1) {
      const discriminator = convertDiscriminator(raw.discriminator, members, at('discriminator'), ctx);
      parts.push({
        kind: 'union',
        members,
        ...(discriminator ? { discriminator } : {}),
        ...(keyword === 'oneOf' ? { exclusive: true } : {}),
      } as Schema);
    }
  }
  if (parts.length === 0)
    return { ...whole, kind: 'unknown', ...(base.checks ? { checks: base.checks } : {}) } as Schema;
  if (parts.length === 1) return onto(parts[0]!, whole);
  return { ...whole, kind: 'intersection', members: parts } as Schema;
}

/** Keywords that are not the schema's own shape next to `allOf`/`anyOf`/`oneOf`. */
const COMPOSITION = new Set(['allOf', 'anyOf', 'oneOf', 'discriminator']);

/**
 * What a schema says beside its `allOf`/`anyOf`/`oneOf`, if it constrains anything: a bare `type: object`
 * adds nothing the members do not say (and would add an index signature to the type), so it is left out.
 */
function ownShape(raw: Json, pointer: string, ctx: SchemaContext): Schema | undefined {
  const rest: Json = {};
  for (const [key, value] of Object.entries(raw))
    if (!COMPOSITION.has(key) && !ANNOTATIONS.has(key) && !key.startsWith('x-')) rest[key] = value;
  if (Object.keys(rest).length === 0) return undefined;
  const own = convertSchema(rest, pointer, ctx);
  if (own.kind === 'unknown' && !own.checks) return undefined;
  if (own.kind === 'object' && own.properties.length === 0 && own.additional === undefined && !own.checks)
    return undefined;
  return own;
}

/**
 * The schema of exactly one JSON value (a `const`, or an `enum` value): a literal, or for an object or an array
 * an object of exactly its properties (each required, no other) or a tuple of exactly its items.
 */
function valueSchema(value: unknown): Schema {
  if (Array.isArray(value)) return { kind: 'tuple', items: value.map(valueSchema), required: value.length };
  if (typeof value === 'object' && value !== null)
    return {
      kind: 'object',
      properties: Object.entries(value).map(([name, v]) => ({ name, required: true, schema: valueSchema(v) })),
      additional: false,
    };
  return { kind: 'literal', value: value as string | number | boolean | null };
}

function convertDiscriminator(
  raw: unknown,
  members: Schema[],
  pointer: string,
  ctx: SchemaContext,
): Discriminator | undefined {
  if (!isObject(raw) || typeof raw.propertyName !== 'string') return undefined;
  const mapping: { value: string; target: string }[] = [];
  if (isObject(raw.mapping)) {
    for (const [value, ref] of Object.entries(raw.mapping)) {
      if (typeof ref !== 'string') continue;
      const target = ref.startsWith('#') || ref.includes('/') ? ref : `#/components/schemas/${ref}`;
      const at = pointer + joinPointer(['mapping', value]);
      if (ctx.resolves && !ctx.resolves(target)) {
        ctx.diagnostics.push(
          diagnostic({
            code: 'CG018',
            message: `discriminator mapping "${value}": ${JSON.stringify(ref)} points at nothing; the union is generated from the entries that exist`,
            file: ctx.file,
            pointer: at,
          }),
        );
        continue;
      }
      mapping.push({ value, target: ctx.onRef(target, at) });
    }
  }
  // Without a mapping, the value is the schema's own name (OpenAPI's implicit mapping).
  for (const member of members) {
    if (member.kind !== 'ref' || mapping.some((m) => m.target === member.target)) continue;
    const name = member.target.split('/').pop() ?? member.target;
    mapping.push({ value: name, target: member.target });
  }
  return { property: raw.propertyName, mapping };
}
