/**
 * The generated validators against the JSON Schema Test Suite (github.com/json-schema-org/JSON-Schema-Test-Suite,
 * draft 2020-12, the keyword files of the keywords codegen checks and the formats it checks; kept as data in
 * test/fixtures/json-schema-test-suite with its licence). Every case's schema becomes a component schema of one
 * OpenAPI 3.1 document, the package is generated as users get it, and every test's data goes through
 * `validators.<Case>['~standard'].validate`. Cases whose schema uses a keyword codegen does not check are
 * skipped (and counted); the tests that fail are exactly the ones listed, with why, in known-failures.json.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatePackage, repoRoot, tempDir } from './helpers.js';

const suiteDir = path.join(repoRoot, 'test/fixtures/json-schema-test-suite');

/** The keywords the validators check, and those that only annotate. */
const CHECKED = new Set([
  'type',
  'required',
  'properties',
  'additionalProperties',
  'enum',
  'const',
  'items',
  'prefixItems',
  'allOf',
  'anyOf',
  'oneOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'format',
  '$ref',
  '$defs',
]);
const ANNOTATIONS = new Set(['$schema', '$comment', 'description', 'title', 'default', 'examples', 'deprecated']);

interface Group {
  description: string;
  schema: unknown;
  tests: { description: string; data: unknown; valid: boolean }[];
}

/** The first keyword of a schema (and its subschemas) that is neither checked nor an annotation. */
function unsupported(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  for (const [key, value] of Object.entries(schema)) {
    if (!CHECKED.has(key) && !ANNOTATIONS.has(key)) return key;
    const subschemas =
      key === 'properties' || key === '$defs'
        ? Object.values(value as object)
        : ['allOf', 'anyOf', 'oneOf', 'prefixItems'].includes(key)
          ? (value as unknown[])
          : ['items', 'additionalProperties'].includes(key)
            ? [value]
            : [];
    for (const sub of subschemas) {
      const found = unsupported(sub);
      if (found) return found;
    }
  }
  return undefined;
}

/** The schema as a component: its own `#...` references re-rooted at the component. */
function rooted(schema: unknown, root: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => rooted(s, root));
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== '$schema')
      .map(([key, value]) => [
        key,
        key === '$ref' && typeof value === 'string' && value.startsWith('#')
          ? `${root}${value.slice(1)}`
          : key === 'enum' || key === 'const'
            ? value
            : rooted(value, root),
      ]),
  );
}

interface Outcome {
  keyword: string;
  name: string;
  passed: boolean;
}

describe('validators against the JSON Schema Test Suite', () => {
  it('pass every kept case but the known failures, and say their rate per keyword', async () => {
    const files = [
      ...readdirSync(suiteDir).filter((f) => f.endsWith('.json') && f !== 'known-failures.json'),
      ...readdirSync(path.join(suiteDir, 'format')).map((f) => `format/${f}`),
    ].sort();
    const schemas: Record<string, unknown> = {};
    const cases: { keyword: string; component: string; group: Group }[] = [];
    const skipped: Record<string, string[]> = {};
    for (const file of files) {
      const keyword = file.replace(/\.json$/, '');
      const groups = JSON.parse(readFileSync(path.join(suiteDir, file), 'utf8')) as Group[];
      for (const group of groups) {
        const extra = unsupported(group.schema);
        if (extra) {
          (skipped[keyword] ??= []).push(`${group.description} (uses ${extra})`);
          continue;
        }
        const component = `Case${String(cases.length + 1).padStart(3, '0')}`;
        schemas[component] = rooted(group.schema, `#/components/schemas/${component}`);
        cases.push({ keyword, component, group });
      }
    }
    const root = tempDir();
    const spec = path.join(root, 'suite.openapi.json');
    writeFileSync(
      spec,
      JSON.stringify({ openapi: '3.1.0', info: { title: 'suite', version: '1' }, paths: {}, components: { schemas } }),
    );
    const out = path.join(root, 'pkg');
    const generated = await generatePackage(spec, out);
    expect(generated.diagnostics.filter((d) => d.severity === 'error')).toStrictEqual([]);
    const { validators } = (await import(pathToFileURL(path.join(out, 'dist/validators.js')).href)) as {
      validators: Record<string, { '~standard': { validate(value: unknown): { issues?: unknown[] } } }>;
    };

    const outcomes: Outcome[] = [];
    for (const { keyword, component, group } of cases) {
      // A component's type is named by its key (`Case001`).
      const validator = validators[component]!;
      expect(validator, component).toBeDefined();
      for (const test of group.tests) {
        const result = validator['~standard'].validate(test.data);
        outcomes.push({
          keyword,
          name: `${keyword}: ${group.description}: ${test.description}`,
          passed: (result.issues === undefined) === test.valid,
        });
      }
    }

    const rows = new Map<string, { passed: number; total: number }>();
    for (const o of outcomes) {
      const row = rows.get(o.keyword) ?? { passed: 0, total: 0 };
      row.total++;
      if (o.passed) row.passed++;
      rows.set(o.keyword, row);
    }
    const report = [...rows]
      .map(
        ([keyword, r]) =>
          `${keyword}: ${r.passed}/${r.total}${skipped[keyword] ? ` (${skipped[keyword].length} cases skipped)` : ''}`,
      )
      .join('\n');
    const total = outcomes.filter((o) => o.passed).length;
    console.log(`JSON Schema Test Suite: ${total}/${outcomes.length} passed\n${report}`);
    const known = JSON.parse(readFileSync(path.join(suiteDir, 'known-failures.json'), 'utf8')) as Record<
      string,
      string
    >;
    expect(
      outcomes
        .filter((o) => !o.passed)
        .map((o) => o.name)
        .sort(),
    ).toStrictEqual(Object.keys(known).sort());
    expect(outcomes.length).toBeGreaterThan(600);
  }, 120_000);
});
