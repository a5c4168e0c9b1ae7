/**
 * OpenAPI documents are validated against the schemas swagger-parser uses, compiled with its settings: once
 * at build time (dist/parse/openapi/validators/*.cjs, made by `npm run build`) or on first use (from the
 * sources). Both must find exactly what swagger-parser's own validator finds, for valid and invalid
 * documents of both versions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { openApiAjv, schemaVersion, type SchemaValidator } from '../src/parse/openapi/schemas.js';
import { repoRoot } from './helpers.js';

const require = createRequire(import.meta.url);
const swaggerParserValidate = require('@apidevtools/swagger-parser/lib/validators/schema.js') as (doc: unknown) => void;

interface Finding {
  instancePath: string;
  keyword: string;
  message?: string;
}
const findings = (errors: Finding[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${e.message}`).sort();

function swaggerParserFindings(doc: unknown): string[] {
  try {
    swaggerParserValidate(structuredClone(doc));
    return [];
  } catch (error) {
    return findings((error as { details: Finding[] }).details);
  }
}

const load = (file: string) => parse(readFileSync(path.join(repoRoot, file), 'utf8')) as Record<string, unknown>;
const golem = load('specs/golem-cloud.openapi.yaml');
const v31 = load('test/fixtures/features/schemas-3.1.yaml');
const documents: [string, unknown][] = [
  ['Golem (3.0, valid)', golem],
  ['schemas-3.1 fixture (3.1, valid)', v31],
  ['wrong types (3.0)', load('test/fixtures/diagnostics/wrong-type.yaml')],
  ['a shared schema with a mistake (3.0)', load('test/fixtures/diagnostics/shared-schema-error.yaml')],
  [
    '3.1 without a title, with a bad parameter location',
    {
      ...v31,
      info: { version: '1' },
      paths: { '/a': { get: { parameters: [{ name: 'q', in: 'body' }], responses: {} } } },
    },
  ],
];

const built = (version: string): SchemaValidator | undefined => {
  const file = path.join(repoRoot, `dist/parse/openapi/validators/oas-${version}.cjs`);
  return existsSync(file) ? (require(file) as { default: SchemaValidator }).default : undefined;
};

describe('OpenAPI schema validation', () => {
  it('the validators built by npm run build exist', () => {
    expect(built('3.0')).toBeTypeOf('function');
    expect(built('3.1')).toBeTypeOf('function');
  });

  for (const [name, doc] of documents) {
    it(`finds what swagger-parser finds: ${name}`, () => {
      const version = schemaVersion((doc as { openapi: string }).openapi);
      const want = swaggerParserFindings(doc);
      const { ajv, schema } = openApiAjv(version, { source: false });
      const compiled = ajv.compile(schema);
      compiled(doc);
      expect(findings(compiled.errors)).toStrictEqual(want);
      const fromBuild = built(version)!;
      fromBuild(doc);
      expect(findings(fromBuild.errors)).toStrictEqual(want);
      expect(want.length > 0).toBe(!name.includes('valid)'));
    });
  }
});
