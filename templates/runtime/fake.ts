/**
 * Fake data for tests and fixtures: a value of a schema, deterministic for a seed, made from a compact table of
 * the package's schemas (written by the generator into the mocks module). Values are what the client delivers
 * (64-bit integers as it reads them), within the spec's formats, enums, bounds and lengths, with discriminated unions
 * tagged and recursion bounded. A `pattern` is honoured through samples the generator made (`s`: strings that
 * match it); no regular expression is inverted at run time.
 */

import type { StandardSchemaV1 } from './validate.js';

/** One schema of the table: the IR's shape, references by type name. */
export type FakeNode =
  | { k: 'unknown' | 'binary' | 'null' | 'boolean' }
  | { k: 'string'; f?: string; s?: string[]; c?: FakeChecks }
  | { k: 'number'; i?: 1; x?: 'bigint' | 'string'; f?: string; c?: FakeChecks }
  | { k: 'literal'; v: string | number | boolean | null }
  | { k: 'enum'; v: (string | number | boolean | null)[] }
  | { k: 'array'; items: FakeSchema; c?: FakeChecks }
  | { k: 'tuple'; items: FakeSchema[]; r: number; rest?: FakeSchema }
  | { k: 'object'; p: [name: string, required: 0 | 1, schema: FakeSchema][]; a?: FakeSchema | boolean; c?: FakeChecks }
  | { k: 'union'; m: FakeSchema[]; d?: [property: string, mapping: [value: string, type: string][]] }
  | { k: 'intersection'; m: FakeSchema[] }
  | { k: 'ref'; t: string };

/** A node with what every kind may carry: `null` allowed (`n`), and the spec's example (`e`). */
export type FakeSchema = FakeNode & { n?: 1; e?: unknown };

export interface FakeChecks {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: true;
  minProperties?: number;
}

export interface FakeOptions {
  /** The same seed gives the same value (default 1). */
  seed?: number;
  /** How deep optional properties and array items go (default 3): bounds recursive schemas. */
  depth?: number;
}

/** Fake data of one type, made on each call: `fake.Pet({ seed: 7 })`. */
export type Fake<T> = (options?: FakeOptions) => T;

/** mulberry32: a small, fast, seedable generator; good enough for test data. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];

class Faker {
  readonly #next: () => number;
  constructor(
    private readonly table: Readonly<Record<string, FakeSchema>>,
    seed: number,
    private readonly maxDepth: number,
    /** A member of a union without a discriminator made with its required properties only (see `fakes`). */
    private readonly leanUnions = false,
  ) {
    this.#next = random(seed);
  }

  #int(low: number, high: number): number {
    return low + Math.floor(this.#next() * (high - low + 1));
  }

  #pick<T>(list: readonly T[]): T {
    return list[this.#int(0, list.length - 1)]!;
  }

  value(schema: FakeSchema, depth: number): unknown {
    if (schema.e !== undefined) return schema.e;
    switch (schema.k) {
      case 'unknown':
        return depth < this.maxDepth ? { note: this.#pick(WORDS) } : null;
      case 'binary':
        return new Uint8Array([this.#int(0, 255), this.#int(0, 255)]);
      case 'null':
        return null;
      case 'boolean':
        return this.#next() < 0.5;
      case 'string':
        return schema.s ? this.#pick(schema.s) : this.#string(schema.f, schema.c ?? {});
      case 'number':
        return this.#number(schema);
      case 'literal':
        return schema.v;
      case 'enum':
        return schema.v.length === 0 ? null : this.#pick(schema.v);
      case 'array': {
        const c = schema.c ?? {};
        const low = c.minItems ?? 0;
        const high = Math.min(c.maxItems ?? low + 2, low + 2);
        const count = depth >= this.maxDepth ? low : Math.max(low, this.#int(Math.min(1, high), high));
        const items: unknown[] = [];
        for (let tries = 0; items.length < count && tries < count * 5; tries++) {
          const item = this.value(schema.items, depth + 1);
          if (c.uniqueItems && items.some((seen) => JSON.stringify(seen) === JSON.stringify(item))) continue;
          items.push(item);
        }
        return items;
      }
      case 'tuple':
        return schema.items
          .slice(0, Math.max(schema.r, depth < this.maxDepth ? schema.items.length : 0))
          .map((item) => this.value(item, depth + 1));
      case 'object':
        return this.#object(schema, depth);
      case 'union':
        return this.#union(schema, depth);
      case 'intersection':
        return this.value(this.#merged(schema.m), depth);
      case 'ref': {
        const target = this.table[schema.t];
        return target ? this.value(target, depth) : null;
      }
    }
  }

  #string(format: string | undefined, c: FakeChecks): string {
    const n = this.#int(1, 9999);
    let text: string;
    switch (format) {
      case 'uuid': {
        const hex = () => this.#int(0, 0xffff).toString(16).padStart(4, '0');
        return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
      }
      case 'date-time':
        return new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      case 'date':
        return new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
      case 'email':
        return `${this.#pick(WORDS)}${n}@example.com`;
      case 'uri':
        return `https://example.com/${this.#pick(WORDS)}/${n}`;
      default:
        text = `${this.#pick(WORDS)}-${n}`;
    }
    const min = c.minLength ?? 0;
    const max = c.maxLength ?? Infinity;
    while (text.length < min) text += 'x';
    return text.slice(0, Math.max(min, Math.min(max, text.length)));
  }

  #number(schema: Extract<FakeSchema, { k: 'number' }>): number | bigint | string {
    const c = schema.c ?? {};
    const integer = schema.i === 1 || schema.x !== undefined;
    let low = c.minimum ?? (c.exclusiveMinimum !== undefined ? c.exclusiveMinimum + (integer ? 1 : 0.5) : 0);
    let high = c.maximum ?? (c.exclusiveMaximum !== undefined ? c.exclusiveMaximum - (integer ? 1 : 0.5) : low + 1000);
    if (schema.f === 'uint64' || schema.f === 'int32') low = Math.max(low, 0);
    if (high < low) high = low;
    let value: number;
    if (c.multipleOf !== undefined) {
      const first = Math.ceil(low / c.multipleOf);
      const last = Math.max(first, Math.floor(high / c.multipleOf));
      value = this.#int(first, last) * c.multipleOf;
    } else
      value = integer
        ? this.#int(Math.ceil(low), Math.floor(high))
        : Math.round((low + this.#next() * (high - low)) * 100) / 100;
    if (schema.x === 'bigint') return BigInt(Math.round(value));
    if (schema.x === 'string') return String(Math.round(value));
    return value;
  }

  #object(schema: Extract<FakeSchema, { k: 'object' }>, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const wanted = schema.c?.minProperties ?? 0;
    for (const [name, required, property] of schema.p)
      if (required === 1 || depth < this.maxDepth) out[name] = this.value(property, depth + 1);
    const extra = typeof schema.a === 'object' ? schema.a : schema.a === false ? undefined : { k: 'string' as const };
    for (let i = 0; Object.keys(out).length < wanted && extra; i++) out[`key${i}`] = this.value(extra, depth + 1);
    return out;
  }

  /**
   * One schema that holds what every member of an intersection says: objects merged property by property (a
   * property several members declare is faked from all its declarations at once), else the most specific
   * member. References are followed, nested intersections flattened, and a union member is one of its members.
   */
  #merged(members: readonly FakeSchema[]): FakeSchema {
    const flat: FakeSchema[] = [];
    // A union's member is chosen among those of a kind the other members have, when there are such.
    const kindOf = (m: FakeSchema) => (m.k === 'ref' ? this.table[m.t]?.k : m.k);
    const kinds = new Set(members.map(kindOf));
    const choose = (union: readonly FakeSchema[]): FakeSchema => {
      const alike = union.filter((m) => kinds.has(kindOf(m)));
      return this.#pick(alike.length > 0 ? alike : union);
    };
    const visit = (member: FakeSchema, hops: number): void => {
      if (member.k === 'ref') {
        const target = this.table[member.t];
        if (target && hops < 16) visit(target, hops + 1);
      } else if (member.k === 'intersection') member.m.forEach((m) => visit(m, hops));
      else if (member.k === 'union' && member.d && member.d[1].length > 0) {
        const [value, type] = this.#pick(member.d[1]);
        visit({ k: 'ref', t: type }, hops);
        flat.push({ k: 'object', p: [[member.d[0], 1, { k: 'literal', v: value }]] });
      } else if (member.k === 'union' && member.m.length > 0) visit(choose(member.m), hops);
      // (An example of a member is not one of the whole.)
      else if (member.k !== 'unknown') flat.push({ ...member, e: undefined });
    };
    members.forEach((m) => visit(m, 0));
    if (flat.length === 0) return { k: 'unknown' };
    if (flat.every((m) => m.k === 'object')) {
      const objects = flat as Extract<FakeSchema, { k: 'object' }>[];
      const properties = new Map<string, { required: 0 | 1; schemas: FakeSchema[] }>();
      for (const object of objects)
        for (const [name, required, schema] of object.p) {
          const seen = properties.get(name) ?? { required: 0, schemas: [] };
          properties.set(name, { required: seen.required || required, schemas: [...seen.schemas, schema] });
        }
      const closed = objects.some((o) => o.a === false);
      const extra = objects.find((o) => typeof o.a === 'object')?.a;
      return {
        k: 'object',
        p: [...properties].map(([name, { required, schemas }]) => [
          name,
          required,
          schemas.length === 1 ? schemas[0]! : { k: 'intersection', m: schemas },
        ]),
        ...(closed ? { a: false } : extra ? { a: extra } : {}),
        c: mergedChecks(objects.map((o) => o.c)),
      };
    }
    // A literal or an enum says the most; two strings or two numbers say all of both.
    const chosen = flat.find((m) => m.k === 'literal') ?? flat.find((m) => m.k === 'enum') ?? flat[0]!;
    if (chosen.k === 'string' || chosen.k === 'number') {
      const alike = flat.filter((m) => m.k === chosen.k) as (typeof chosen)[];
      return Object.assign({}, ...alike, { c: mergedChecks(alike.map((m) => m.c)) }) as FakeSchema;
    }
    return chosen;
  }

  #union(schema: Extract<FakeSchema, { k: 'union' }>, depth: number): unknown {
    if (schema.d && schema.d[1].length > 0) {
      const [property, mapping] = schema.d;
      const [value, type] = this.#pick(mapping);
      const tagged = this.value({ k: 'ref', t: type }, depth);
      return typeof tagged === 'object' && tagged !== null ? { ...tagged, [property]: value } : tagged;
    }
    return this.value(this.#pick(schema.m), this.leanUnions ? Math.max(depth, this.maxDepth) : depth);
  }
}

/** The checks of several schemas at once: the greatest lower bound, the least upper bound. */
function mergedChecks(all: readonly (FakeChecks | undefined)[]): FakeChecks {
  const out: Record<string, number | true> = {};
  for (const checks of all)
    for (const [key, value] of Object.entries(checks ?? {}) as [keyof FakeChecks, number | true][]) {
      const before = out[key];
      if (before === undefined || typeof value !== 'number' || typeof before !== 'number') out[key] = value;
      else if (key.startsWith('min') || key === 'exclusiveMinimum') out[key] = Math.max(before, value);
      else if (key.startsWith('max') || key === 'exclusiveMaximum') out[key] = Math.min(before, value);
    }
  return out;
}

/** A value of `type` (a name of the table), deterministic for the seed. */
export function fakeValue(
  table: Readonly<Record<string, FakeSchema>>,
  schema: FakeSchema,
  options: FakeOptions = {},
  leanUnions = false,
): unknown {
  return new Faker(table, options.seed ?? 1, options.depth ?? 3, leanUnions).value(schema, 0);
}

/** What `fakes` checks each value with: the package's Standard Schema validators, by type name. */
type Validators = Readonly<Record<string, StandardSchemaV1 | undefined>>;

/**
 * A function per type of the table: its fake value, valid against the type's validator. With the spec's
 * examples first; where a value fails (an example that breaks its own schema, a pattern the faker cannot
 * follow), the next seeds without examples; a type no attempt satisfies throws, naming the issue.
 */
export function fakes(
  table: Readonly<Record<string, FakeSchema>>,
  /** The package's `validators` (an object of Standard Schemas by type name), or what checks `table`'s entries. */
  validators: object,
  /** Where references are looked up (default: `table` itself). */
  types: Readonly<Record<string, FakeSchema>> = table,
): Record<string, (options?: FakeOptions) => unknown> {
  const withoutExamples = (source: Readonly<Record<string, FakeSchema>>) =>
    Object.fromEntries(Object.entries(source).map(([name, schema]) => [name, strip(schema) as FakeSchema]));
  const plainTable = withoutExamples(table);
  const plainTypes = types === table ? plainTable : withoutExamples(types);
  const out: Record<string, (options?: FakeOptions) => unknown> = {};
  for (const name of Object.keys(table)) {
    out[name] = (options = {}) => {
      const seed = options.seed ?? 1;
      const validate = (validators as Validators)[name]?.['~standard'].validate;
      let issues: readonly unknown[] | undefined;
      for (let attempt = 0; attempt < 6; attempt++) {
        const [entries, refs] = attempt === 0 ? [table, types] : [plainTable, plainTypes];
        // The last tries make union members lean: the optional properties of one member often match another's
        // required ones, and a value that matches two members of a oneOf matches none.
        const value = fakeValue(
          refs,
          entries[name]!,
          { ...options, seed: seed + Math.max(0, attempt - 1) },
          attempt >= 4,
        );
        issues = validate?.(value).issues;
        if (!issues) return value;
      }
      throw new Error(`fake.${name}: no value made is valid against its validator: ${JSON.stringify(issues?.[0])}`);
    };
  }
  return out;
}

/** A table node without the spec's examples, all the way down. */
function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'e') out[key] = strip(value);
  return out;
}
