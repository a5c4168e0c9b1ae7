/**
 * `src/mocks.ts`, the `<package>/mocks` entry: fake data for tests and fixtures. A compact table of the named
 * schemas (the IR's shapes, references by type name, the spec's examples) that the runtime's faker reads, and
 * `fake.<Type>({ seed })` for each schema type, checked against the validators.
 */
import type { Checks, Schema } from '../ir/types.js';
import { bannerText, type EmitContext, type EmittedFiles } from './context.js';
import { runtimePath } from './runtime-symbols.js';
import { propertyKey } from './text.js';
import { printFinal, typeOnly } from './printed.js';

export const MOCKS_FILE = 'src/mocks.ts';

/** The checks the faker honours. */
const FAKER_CHECKS: readonly (keyof Checks)[] = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
];

/** A schema as the faker's table writes it (see templates/runtime/fake.ts). */
function node(schema: Schema, ctx: EmitContext): Record<string, unknown> {
  const checks: Record<string, unknown> = {};
  for (const key of FAKER_CHECKS) if (schema.checks?.[key] !== undefined) checks[key] = schema.checks[key];
  const c = Object.keys(checks).length > 0 ? { c: checks } : {};
  const common = {
    ...(schema.nullable ? { n: 1 } : {}),
    // An example is JSON: where the client delivers exact integers the faker makes its own value.
    ...(schema.example !== undefined && !holdsExact(schema, ctx) ? { e: schema.example } : {}),
  };
  const of = (s: Schema) => node(s, ctx);
  switch (schema.kind) {
    case 'unknown':
    case 'binary':
    case 'null':
    case 'boolean':
      return { k: schema.kind, ...common };
    case 'string':
      return { k: 'string', ...(schema.format ? { f: schema.format } : {}), ...c, ...common };
    case 'number':
      return {
        k: 'number',
        ...(schema.integer ? { i: 1 } : {}),
        ...(schema.exact ? { x: schema.exact } : {}),
        ...(schema.format ? { f: schema.format } : {}),
        ...c,
        ...common,
      };
    case 'literal':
      return { k: 'literal', v: schema.value, ...common };
    case 'enum':
      return { k: 'enum', v: schema.values, ...common };
    case 'array':
      return { k: 'array', items: of(schema.items), ...c, ...common };
    case 'tuple':
      return {
        k: 'tuple',
        items: schema.items.map(of),
        r: schema.required,
        ...(schema.rest ? { rest: of(schema.rest) } : {}),
        ...common,
      };
    case 'object':
      return {
        k: 'object',
        p: schema.properties.map((p) => [p.name, p.required ? 1 : 0, of(p.schema)]),
        ...(schema.additional === undefined
          ? {}
          : { a: typeof schema.additional === 'boolean' ? schema.additional : of(schema.additional) }),
        ...c,
        ...common,
      };
    case 'union': {
      const d = schema.discriminator;
      const mapping = d?.mapping.flatMap((m) => {
        const target = ctx.schemaById.get(m.target);
        return target ? [[m.value, target.typeName!]] : [];
      });
      return {
        k: 'union',
        m: schema.members.map(of),
        ...(d && mapping?.length ? { d: [d.property, mapping] } : {}),
        ...common,
      };
    }
    case 'intersection':
      return { k: 'intersection', m: schema.members.map(of), ...common };
    case 'ref':
      return { k: 'ref', t: ctx.schemaById.get(schema.target)?.typeName ?? '', ...common };
  }
}

/** Whether a schema holds an exact integer (its example, JSON, would not be what the client delivers). */
function holdsExact(schema: Schema, ctx: EmitContext): boolean {
  if (schema.kind === 'number') return schema.exact !== undefined;
  if (schema.kind === 'ref') return ctx.schemaById.get(schema.target)?.holdsExact === true;
  const inner =
    schema.kind === 'array'
      ? [schema.items]
      : schema.kind === 'tuple'
        ? [...schema.items, ...(schema.rest ? [schema.rest] : [])]
        : schema.kind === 'object'
          ? [
              ...schema.properties.map((p) => p.schema),
              ...(typeof schema.additional === 'object' ? [schema.additional] : []),
            ]
          : schema.kind === 'union' || schema.kind === 'intersection'
            ? schema.members
            : [];
  return inner.some((s) => holdsExact(s, ctx));
}

export function emitMocks(out: EmittedFiles, ctx: EmitContext, sources: string[]): void {
  const names = ctx.api.schemas.map((s) => s.typeName!);
  const rows = ctx.api.schemas.map((s) => `${propertyKey(s.typeName!)}: ${JSON.stringify(node(s.schema, ctx))},`);
  const types = [
    `import type { FakeOptions, FakeSchema } from '${runtimePath('fake', 'src')}';`,
    `import type * as T from './schemas.js';`,
  ].join('\n');
  const fakesType = [
    '/** The type of {@link fake}. */',
    'export interface Fakes {',
    ...names.map((name) => `readonly ${propertyKey(name)}: (options?: FakeOptions) => T.${name};`),
    '}',
  ].join('\n');
  const doc = `/** Fake data of each schema type, deterministic for a seed and valid against its validator: \`fake.${names[0] ?? 'Name'}({ seed: 7 })\`. */`;
  const banner = `// ${bannerText(sources)}`;
  // Printed in its final form, like the validators (a large spec's table is megabytes of data).
  printFinal(
    out,
    MOCKS_FILE,
    [
      [
        banner,
        `import { fakes } from '${runtimePath('fake', 'src')}';`,
        typeOnly(types),
        `import { validators } from './validators.js';`,
      ].join('\n'),
      [`const table${typeOnly(': Record<string, FakeSchema>')} = {`, ...rows, '};'].join('\n'),
      typeOnly(fakesType),
      // The faker checks every value against its type's validator: the cast states what it made sure of.
      `${doc}\nexport const fake${typeOnly(': Fakes')} = fakes(table, validators)${typeOnly(' as unknown as Fakes')};`,
    ],
    [[banner, types].join('\n'), fakesType, `${doc}\nexport declare const fake: Fakes;`],
  );
}
