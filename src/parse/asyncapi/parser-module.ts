/**
 * @asyncapi/parser and the parts of it (and of its Spectral) that codegen reaches into, from one place: the
 * one-file bundle `npm run build` makes of them (dist/vendor/asyncapi-parser.cjs, see bundle-parser.ts: its
 * 780 modules load in less time as one file, on the path of every cold run that reads an AsyncAPI document),
 * or from the packages where there is no bundle (the tests run the TypeScript sources). Everything comes from
 * the same copy: Spectral tells the document's version by the identity of the parser's format functions, and
 * ruleset-check.ts replaces an export of the Spectral that the parser runs.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Parser } from '@asyncapi/parser';
import type { AnySchema } from 'ajv';

const require = createRequire(import.meta.url);

export type Format = (document: unknown) => boolean;

/** Spectral's validation module of ruleset definitions (see ruleset-check.ts). */
export interface RulesetValidation {
  createValidator(format: string): { (ruleset: unknown): boolean; errors?: unknown };
}

export interface ParserModule {
  Parser: typeof Parser;
  /** The parser's preparation of each version's schema (an internal it does not export). */
  getSchema(formats: Set<Format>, resolved: boolean): AnySchema | undefined;
  /** Its table of AsyncAPI versions and their format functions (an internal too). */
  AsyncAPIFormats: Map<string, Format>;
  /** Undefined where Spectral's module could not be reached (another Spectral). */
  rulesetValidation: RulesetValidation | undefined;
  /** Whether this is the build's bundle (false: the packages). */
  bundled: boolean;
}

/** Where the build writes the bundle: dist/vendor/, beside dist/parse/. */
export const PARSER_BUNDLE = fileURLToPath(new URL('../../vendor/asyncapi-parser.cjs', import.meta.url));

/**
 * What the bundle's entry requires, and the packages' modules to require where there is no bundle: Spectral's
 * validation module by its file (its package does not export it), found from the parser as the parser finds it.
 */
export function parserModulePaths(): Record<Exclude<keyof ParserModule, 'bundled'>, string> {
  const parser = require.resolve('@asyncapi/parser');
  const core = createRequire(parser).resolve('@stoplight/spectral-core');
  return {
    Parser: parser,
    getSchema: createRequire(parser).resolve('@asyncapi/parser/cjs/ruleset/functions/documentStructure'),
    AsyncAPIFormats: createRequire(parser).resolve('@asyncapi/parser/cjs/ruleset/formats'),
    rulesetValidation: createRequire(core).resolve('./ruleset/validation/ajv'),
  };
}

let loaded: ParserModule | undefined;

export function asyncApiParser(): ParserModule {
  if (loaded) return loaded;
  if (existsSync(PARSER_BUNDLE)) {
    const bundle = require(PARSER_BUNDLE) as Omit<ParserModule, 'bundled'>;
    return (loaded = { ...bundle, rulesetValidation: validationIn(() => bundle.rulesetValidation), bundled: true });
  }
  const paths = parserModulePaths();
  return (loaded = {
    Parser: (require(paths.Parser) as { Parser: typeof Parser }).Parser,
    getSchema: (require(paths.getSchema) as Pick<ParserModule, 'getSchema'>).getSchema,
    AsyncAPIFormats: (require(paths.AsyncAPIFormats) as Pick<ParserModule, 'AsyncAPIFormats'>).AsyncAPIFormats,
    rulesetValidation: validationIn(() => require(paths.rulesetValidation)),
    bundled: false,
  });
}

/** Spectral's validation module where it has the shape ruleset-check.ts knows; else undefined (its check stays). */
function validationIn(load: () => unknown): RulesetValidation | undefined {
  try {
    const found = load() as Partial<RulesetValidation> | undefined;
    return typeof found?.createValidator === 'function' ? (found as RulesetValidation) : undefined;
  } catch {
    return undefined;
  }
}
