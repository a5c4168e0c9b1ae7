/**
 * The AsyncAPI document-structure check (is the document valid against the AsyncAPI JSON Schema of its
 * version), as @asyncapi/parser's core rules `asyncapi-document-resolved` and `-unresolved` do it, but over
 * validators compiled once by `npm run build` (build-validators.ts) instead of on every parse: the parser's
 * rule compiles the whole AsyncAPI schema with ajv for each document it parses (about 0.3 s). Run from the
 * TypeScript sources, where the built modules do not exist, the schemas are compiled on first use.
 *
 * The results are the parser's own: the same schema (the parser prepares it), the same ajv settings (those of
 * Spectral's `schema` function), the same error pruning and wording. A test compares both on valid and broken
 * documents of every shape the fixtures have.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { asyncApiParser } from './parser-module.js';
import type { Ajv, AnySchema, ErrorObject } from 'ajv';

const require = createRequire(import.meta.url);

export interface StructureValidator {
  (doc: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Every AsyncAPI version the parser validates. */
export function structureVersions(): string[] {
  return [...asyncApiParser().AsyncAPIFormats.keys()];
}

/** The schema a document of `version` is checked against, resolved (`$ref`s followed) or as written. */
export function structureSchema(version: string, resolved: boolean): AnySchema {
  const { getSchema, AsyncAPIFormats } = asyncApiParser();
  const format = AsyncAPIFormats.get(version);
  const schema = format && getSchema(new Set([format]), resolved);
  if (!schema) throw new Error(`@asyncapi/parser has no schema for AsyncAPI ${version}`);
  return schema;
}

/** An ajv instance set up as Spectral's `schema` function sets up the one it reports all errors with. */
export function structureAjv(options: { source: boolean }): Ajv {
  const Ajv = (require('ajv') as { default: new (o: object) => Ajv }).default;
  const ajv = new Ajv({
    allErrors: true,
    meta: true,
    messages: true,
    strict: false,
    allowUnionTypes: true,
    unicodeRegExp: false,
    logger: false,
    code: options.source
      ? {
          source: true,
          // Standalone code requires the format checks it uses from ajv-formats at run time.
          formats: (require('ajv/dist/compile/codegen') as { _: (s: TemplateStringsArray) => unknown })
            ._`require("ajv-formats/dist/formats").fullFormats`,
        }
      : {},
  });
  (require('ajv-formats') as { default: (ajv: Ajv) => void }).default(ajv);
  (require('ajv-errors') as { default: (ajv: Ajv) => void }).default(ajv);
  ajv.addSchema(require('@stoplight/spectral-functions/dist/schema/draft4.json') as AnySchema);
  ajv.addSchema(require('ajv/dist/refs/json-schema-draft-06.json') as AnySchema);
  return ajv;
}

export const builtModuleName = (version: string, resolved: boolean) =>
  `asyncapi-${version}-${resolved ? 'resolved' : 'unresolved'}.cjs`;

const compiled = new Map<string, StructureValidator>();

/** The validator for a version: the module built by `npm run build`, or else compiled now. */
export function structureValidator(version: string, resolved: boolean): StructureValidator {
  const key = builtModuleName(version, resolved);
  const known = compiled.get(key);
  if (known) return known;
  // CommonJS: ajv's standalone code requires its runtime helpers.
  const built = fileURLToPath(new URL(`./validators/${key}`, import.meta.url));
  const validator = existsSync(built)
    ? (require(built) as { default: StructureValidator }).default
    : (structureAjv({ source: false }).compile(structureSchema(version, resolved)) as StructureValidator);
  compiled.set(key, validator);
  return validator;
}

interface RuleContext {
  path: (string | number)[];
  /** The formats (versions) Spectral recognised the document as. */
  document?: { formats?: ReadonlySet<unknown> | null };
}
interface RuleResult {
  message: string;
  path: (string | number)[];
}

const isRefRequirement = (e: ErrorObject) => e.keyword === 'required' && e.params.missingProperty === '$ref';

/**
 * The resolved check's pruning of ajv's errors: a `$ref` is never required of a resolved document; an unknown
 * property is reported at its own path; of errors in a row at one path only the first stays; and a `oneOf`
 * error says nothing more when the error before it is at or below its path.
 */
function pruneResolved(errors: ErrorObject[]): ErrorObject[] {
  const named = errors
    .filter((e) => !isRefRequirement(e))
    .map((e) =>
      e.keyword === 'additionalProperties'
        ? { ...e, instancePath: `${e.instancePath}/${String(e.params.additionalProperty)}` }
        : e,
    );
  const kept: ErrorObject[] = [];
  for (let i = 0; i < named.length;) {
    const error = named[i]!;
    let next = i + 1;
    while (next < named.length && named[next]!.instancePath === error.instancePath) next++;
    const before = kept[kept.length - 1];
    if (!(error.keyword === 'oneOf' && before?.instancePath.startsWith(error.instancePath))) kept.push(error);
    i = next;
  }
  return kept;
}

/** Paths where a `oneOf`/`anyOf` matched no branch: their message then points at the branches' errors. */
function unmatchedCombinators(errors: ErrorObject[]): Map<string, string> {
  const unmatched = new Map<string, string>();
  for (const e of errors)
    if ((e.keyword === 'oneOf' || e.keyword === 'anyOf') && !Array.isArray(e.params.passingSchemas))
      unmatched.set(e.instancePath, e.keyword);
  return unmatched;
}

/** `"3" property must be…` said of an array item reads `Item at index 3 must be…`. */
function itemWording(message: string, errorPath: string): string {
  const index = errorPath.split('/').pop();
  if (index === undefined || !/^\d+$/.test(index)) return message;
  for (const prefix of [`"${index}" property type`, `"${index}" property`])
    if (message.startsWith(prefix)) return `Item at index ${index}${message.slice(prefix.length)}`;
  return message;
}

const REF_NOT_EXPECTED = 'Property "$ref" is not expected to be here';

type BetterAjvErrors = (
  schema: AnySchema,
  errors: ErrorObject[],
  options: { propertyPath: (string | number)[]; targetValue: unknown },
) => { error: string; suggestion?: string; path: string }[];

/** The rule function: the document against its version's schema, as results the parser reports. */
function documentStructure(resolved: boolean) {
  return (target: unknown, _options: unknown, context: RuleContext): RuleResult[] | undefined => {
    const formats = context.document?.formats;
    if (!formats) return undefined;
    const { AsyncAPIFormats } = asyncApiParser();
    const version = [...AsyncAPIFormats].find(([, format]) => formats.has(format))?.[0];
    if (version === undefined) return undefined;
    const validate = structureValidator(version, resolved);
    if (validate(target) || !Array.isArray(validate.errors)) return [];
    const errors = resolved ? pruneResolved(validate.errors) : validate.errors;
    const unmatched = unmatchedCombinators(errors);
    const better = require('@stoplight/better-ajv-errors') as { default?: BetterAjvErrors } & BetterAjvErrors;
    const describe = better.default ?? better;
    const results = describe(structureSchema(version, resolved), errors, {
      propertyPath: context.path,
      targetValue: target,
    }).map(({ error, suggestion, path }) => {
      let message = itemWording(suggestion === undefined ? error : `${error}. ${suggestion}`, path);
      const combinator = unmatched.get(path);
      if (combinator !== undefined && message.endsWith(` in ${combinator}`))
        message += '. None of the schemas matched, see the other errors reported for this value';
      return { message, path: [...context.path, ...(path === '' ? [] : path.replace(/^\//, '').split('/'))] };
    });
    // A `$ref` where the schema allows none is the unresolved check's finding, in its words; the resolved
    // check leaves it out.
    return resolved
      ? results.filter((r) => r.message !== REF_NOT_EXPECTED)
      : results
          .filter((r) => r.message === REF_NOT_EXPECTED)
          .map((r) => ({ ...r, message: 'Referencing in this place is not allowed' }));
  };
}

/** Ruleset entries that replace the parser's two document-structure rules (same names, same severity). */
export function documentStructureRules() {
  const rule = (resolved: boolean) => ({
    description: `Checking if the AsyncAPI document has valid ${resolved ? 'resolved' : 'unresolved'} structure.`,
    message: '{{error}}',
    severity: 'error' as const,
    recommended: true,
    ...(resolved ? {} : { resolved: false }),
    given: '$',
    then: { function: documentStructure(resolved) },
  });
  return { 'asyncapi-document-resolved': rule(true), 'asyncapi-document-unresolved': rule(false) };
}

/**
 * What codegen gives @asyncapi/parser as its ruleset: the core rules only (validity; the recommended ones are
 * style lints a generator does not need), with the document-structure rules above in place of the parser's.
 */
export function parserRuleset() {
  return { core: true, recommended: false, rules: documentStructureRules() };
}
