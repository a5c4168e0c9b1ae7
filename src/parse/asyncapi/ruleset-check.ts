/**
 * Spectral checks every ruleset definition it is given against its own ruleset schema, and compiles that
 * schema with ajv to do so the first time in a process: about 0.15 s of every cold run that reads an AsyncAPI
 * document (bench/levers.md). The definitions @asyncapi/parser is given here never vary with the input: the
 * parser's own rulesets and the document-structure rules of structure.ts. They are checked by a test, with
 * Spectral's own check, on every fixture (ruleset-check.test.ts); at run time the check is left out.
 *
 * Spectral offers no option for this: its ruleset module looks `createValidator` up on the exports of its
 * validation module at each call, and that export is replaced. Where the module is not found or no longer has
 * that shape (another Spectral), nothing is replaced and Spectral checks as it always did.
 */
import { asyncApiParser, type RulesetValidation } from './parser-module.js';

let validation: RulesetValidation | undefined;
let original: RulesetValidation['createValidator'] | undefined;

/** A validator that accepts the definition, as Spectral's does for a valid one. */
function accepting(): { (ruleset: unknown): boolean; errors: null } {
  return Object.assign(() => true, { errors: null });
}

/** Whether parses use Spectral's own check: the tests' switch (see `checkRulesetsWithSpectral`). */
let withSpectral = false;

/** Before each parse: Spectral's check left out (see above), unless the tests asked for it. */
export function prepareRulesetCheck(): void {
  if (withSpectral) restore();
  else skip();
}

/**
 * For the tests: parses check their ruleset with Spectral's own validator (`true`), or leave the check out as
 * runs do (`false`). They show that what is left out at run time passes that check.
 */
export function checkRulesetsWithSpectral(on: boolean): void {
  withSpectral = on;
  prepareRulesetCheck();
}

/** Whether the check is being left out (false also where Spectral could not be reached). */
export function rulesetCheckSkipped(): boolean {
  return original !== undefined;
}

function skip(): void {
  if (original !== undefined) return;
  validation ??= asyncApiParser().rulesetValidation;
  if (validation === undefined) return;
  original = validation.createValidator;
  validation.createValidator = accepting;
}

function restore(): void {
  if (validation === undefined || original === undefined) return;
  validation.createValidator = original;
  original = undefined;
}
