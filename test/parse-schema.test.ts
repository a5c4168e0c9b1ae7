/** JSON Schema -> IR, given/want: the converter shared by the OpenAPI and AsyncAPI parsers. */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics.js';
import type { Schema } from '../src/ir/types.js';
import { convertSchema } from '../src/parse/schema.js';

function convert(raw: unknown): { schema: Schema; diagnostics: Diagnostic[]; refs: string[] } {
  const diagnostics: Diagnostic[] = [];
  const refs: string[] = [];
  const schema = convertSchema(raw, '/s', {
    file: 'spec.yaml',
    diagnostics,
    onRef: (ref) => (refs.push(ref), ref),
  });
  return { schema, diagnostics, refs };
}

describe('convertSchema', () => {
  it.each<[string, unknown, Schema]>([
    ['empty schema', {}, { kind: 'unknown' }],
    [
      'prefixItems closed by items: false (3.1): items optional without minItems',
      { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false },
      { kind: 'tuple', items: [{ kind: 'string' }, { kind: 'number', integer: true }], required: 0 },
    ],
    [
      'prefixItems with a rest schema and minItems',
      { prefixItems: [{ type: 'string' }, { type: 'number' }], items: { type: 'boolean' }, minItems: 1 },
      {
        kind: 'tuple',
        loose: true,
        checks: { minItems: 1 },
        items: [{ kind: 'string' }, { kind: 'number', integer: false }],
        required: 1,
        rest: { kind: 'boolean' },
      },
    ],
    [
      'array-valued items (draft 4), any further elements',
      { type: 'array', items: [{ type: 'string' }] },
      { kind: 'tuple', items: [{ kind: 'string' }], required: 0, rest: { kind: 'unknown' } },
    ],
    [
      'array-valued items closed by additionalItems: false',
      { type: 'array', items: [{ $ref: '#/A' }], additionalItems: false },
      { kind: 'tuple', items: [{ kind: 'ref', target: '#/A' }], required: 0 },
    ],
    [
      'anyOf a ref and {nullable} (schemars)',
      { anyOf: [{ $ref: '#/X' }, { nullable: true }] },
      { kind: 'ref', target: '#/X', nullable: true },
    ],
    [
      'allOf a ref and {description}',
      { allOf: [{ $ref: '#/X' }, { description: 'the x' }] },
      { kind: 'ref', target: '#/X', description: 'the x' },
    ],
    [
      'allOf a ref and {nullable} (3.0)',
      { allOf: [{ $ref: '#/X' }, { nullable: true }] },
      { kind: 'ref', target: '#/X', nullable: true },
    ],
    [
      'oneOf two refs and annotation-only members',
      { oneOf: [{ $ref: '#/A' }, { title: 'note', 'x-internal': true }, { $ref: '#/B' }, { nullable: true }] },
      {
        kind: 'union',
        nullable: true,
        exclusive: true,
        members: [
          { kind: 'ref', target: '#/A' },
          { kind: 'ref', target: '#/B' },
        ],
      },
    ],
    [
      'allOf two shapes and a readOnly note',
      { allOf: [{ $ref: '#/A' }, { type: 'object', properties: { n: { type: 'integer' } } }, { readOnly: true }] },
      {
        kind: 'intersection',
        readOnly: true,
        members: [
          { kind: 'ref', target: '#/A' },
          { kind: 'object', properties: [{ name: 'n', required: false, schema: { kind: 'number', integer: true } }] },
        ],
      },
    ],
    ['allOf of notes only', { allOf: [{ description: 'just words' }] }, { kind: 'unknown', description: 'just words' }],
    ['string', { type: 'string' }, { kind: 'string' }],
    ['binary', { type: 'string', format: 'binary' }, { kind: 'binary', format: 'binary' }],
    ['int64', { type: 'integer', format: 'int64' }, { kind: 'number', integer: true, format: 'int64' }],
    ['3.0 nullable', { type: 'string', nullable: true }, { kind: 'string', nullable: true }],
    ['3.1 null in type list', { type: ['string', 'null'] }, { kind: 'string', nullable: true }],
    [
      'several types',
      { type: ['string', 'number'] },
      { kind: 'union', members: [{ kind: 'string' }, { kind: 'number', integer: false }] },
    ],
    ['only null', { type: 'null' }, { kind: 'null' }],
    ['const', { const: 'x' }, { kind: 'literal', value: 'x' }],
    ['enum with null', { enum: ['a', null] }, { kind: 'enum', values: ['a'], nullable: true }],
    ['array without items', { type: 'array' }, { kind: 'array', items: { kind: 'unknown' } }],
    [
      'object with required and additionalProperties',
      {
        type: 'object',
        required: ['a'],
        properties: { a: { type: 'string' }, b: {} },
        additionalProperties: { type: 'integer' },
      },
      {
        kind: 'object',
        properties: [
          { name: 'a', required: true, schema: { kind: 'string' } },
          { name: 'b', required: false, schema: { kind: 'unknown' } },
        ],
        additional: { kind: 'number', integer: true },
      },
    ],
    [
      'object without type: values of other types are valid too (loose)',
      { properties: { a: { type: 'boolean' } } },
      { kind: 'object', loose: true, properties: [{ name: 'a', required: false, schema: { kind: 'boolean' } }] },
    ],
    [
      'additionalProperties false',
      { type: 'object', additionalProperties: false },
      { kind: 'object', properties: [], additional: false },
    ],
    [
      '$ref with a sibling description',
      { $ref: '#/components/schemas/A', description: 'd' },
      { kind: 'ref', target: '#/components/schemas/A', description: 'd' },
    ],
    [
      'allOf with own properties',
      { allOf: [{ $ref: '#/components/schemas/A' }], properties: { x: { type: 'string' } } },
      {
        kind: 'intersection',
        members: [
          { kind: 'ref', target: '#/components/schemas/A' },
          { kind: 'object', loose: true, properties: [{ name: 'x', required: false, schema: { kind: 'string' } }] },
        ],
      },
    ],
    [
      'required names that properties does not declare: there, with any value',
      { type: 'object', required: ['id'], properties: { name: { type: 'string' } } },
      {
        kind: 'object',
        properties: [
          { name: 'name', required: false, schema: { kind: 'string' } },
          { name: 'id', required: true, schema: { kind: 'unknown' } },
        ],
      },
    ],
    [
      'validation keywords are kept as checks (3.0 exclusive bounds converted)',
      { type: 'number', minimum: 1, maximum: 9, exclusiveMaximum: true, multipleOf: 0.5 },
      { kind: 'number', integer: false, checks: { minimum: 1, exclusiveMaximum: 9, multipleOf: 0.5 } },
    ],
    [
      'a type beside anyOf constrains too; oneOf is exclusive',
      { type: 'string', maxLength: 3, oneOf: [{ pattern: '^a' }, { pattern: 'b$' }] },
      {
        kind: 'intersection',
        members: [
          { kind: 'string', checks: { maxLength: 3 } },
          {
            kind: 'union',
            exclusive: true,
            members: [
              { kind: 'unknown', checks: { pattern: { source: '^a', unicode: true } } },
              { kind: 'unknown', checks: { pattern: { source: 'b$', unicode: true } } },
            ],
          },
        ],
      },
    ],
    ['false allows nothing', false, { kind: 'enum', values: [] }],
    [
      'readOnly and writeOnly',
      { type: 'string', readOnly: true, writeOnly: true },
      { kind: 'string', readOnly: true, writeOnly: true },
    ],
  ])('%s', (_, raw, want) => {
    const { schema, diagnostics } = convert(raw);
    expect(schema).toStrictEqual(want);
    expect(diagnostics).toStrictEqual([]);
  });

  it('oneOf with a discriminator maps explicit and implicit values', () => {
    const { schema } = convert({
      oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
      discriminator: { propertyName: 'kind', mapping: { kitty: '#/components/schemas/Cat' } },
    });
    expect(schema).toStrictEqual({
      kind: 'union',
      exclusive: true,
      members: [
        { kind: 'ref', target: '#/components/schemas/Cat' },
        { kind: 'ref', target: '#/components/schemas/Dog' },
      ],
      discriminator: {
        property: 'kind',
        mapping: [
          { value: 'kitty', target: '#/components/schemas/Cat' },
          { value: 'Dog', target: '#/components/schemas/Dog' },
        ],
      },
    });
  });

  it('a pattern that is not an ECMAScript regular expression is a located warning, and not checked', () => {
    const { schema, diagnostics } = convert({ type: 'string', pattern: '(?i)^abc$' });
    expect(schema).toStrictEqual({ kind: 'string' });
    expect(diagnostics.map((d) => [d.code, d.pointer])).toStrictEqual([['CG023', '/s/pattern']]);
  });

  it('an unknown type name is a warning and becomes unknown', () => {
    const { schema, diagnostics } = convert({ type: 'strnig' });
    expect(schema).toStrictEqual({ kind: 'unknown' });
    expect(diagnostics.map((d) => [d.code, d.severity, d.pointer, d.message])).toStrictEqual([
      ['CG010', 'warning', '/s/type', 'unknown schema type "strnig"; treated as unknown'],
    ]);
  });

  it('a schema that is not an object is an error', () => {
    expect(convert(42).diagnostics.map((d) => d.code)).toStrictEqual(['CG006']);
  });
});
