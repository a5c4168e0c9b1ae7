/**
 * codegen leaves out Spectral's check of the ruleset it gives @asyncapi/parser (ruleset-check.ts): the ruleset
 * is fixed, so the check is made here instead, with Spectral's own validator, and a run without it must read
 * every document as a run with it does.
 */
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSource } from '../src/load/source.js';
import { parseAsyncApi } from '../src/parse/asyncapi/index.js';
import { checkRulesetsWithSpectral, rulesetCheckSkipped } from '../src/parse/asyncapi/ruleset-check.js';
import { parserRuleset } from '../src/parse/asyncapi/structure.js';
import { repoRoot } from './helpers.js';

const fixtures = [
  'specs/golem-worker-connect.asyncapi.yaml',
  'test/fixtures/features/events-asyncapi-3.yaml',
  'test/fixtures/features/chat-asyncapi-2.yaml',
  'test/fixtures/features/tolerated-findings-asyncapi-2.yaml',
];

const read = async (file: string) =>
  parseAsyncApi(await loadSource({ absPath: path.join(repoRoot, file), displayPath: file }));

/** A parse of a small valid document with the given ruleset: what Spectral says of the ruleset, if anything. */
async function rulesetProblem(ruleset: unknown): Promise<string | undefined> {
  try {
    const parser = new Parser({ ruleset } as ConstructorParameters<typeof Parser>[0]);
    await parser.parse('asyncapi: 2.6.0\ninfo: {title: t, version: "1"}\nchannels: {}\n');
    return undefined;
  } catch (error) {
    return String((error as { errors?: unknown[] }).errors?.map(String) ?? error);
  }
}

afterEach(() => checkRulesetsWithSpectral(false));

describe("Spectral's ruleset check", () => {
  it('is left out at run time: Spectral is found and its check replaced', async () => {
    await read(fixtures[0]!);
    expect(rulesetCheckSkipped()).toBe(true);
  });

  it('accepts the ruleset codegen gives the parser', async () => {
    checkRulesetsWithSpectral(true);
    expect(rulesetCheckSkipped()).toBe(false);
    expect(await rulesetProblem(parserRuleset())).toBeUndefined();
  });

  it('rejects a ruleset Spectral does not allow when restored, and only then', async () => {
    // A rule with a property Spectral's schema does not know: without the check, the parser runs it as usual.
    const rules = parserRuleset().rules;
    const odd = {
      ...parserRuleset(),
      rules: { ...rules, 'odd-rule': { ...rules['asyncapi-document-resolved'], odd: 1 } },
    };
    checkRulesetsWithSpectral(true);
    expect(await rulesetProblem(odd)).toMatch(/additional properties/);
    checkRulesetsWithSpectral(false);
    expect(await rulesetProblem(odd)).toBeUndefined();
  });

  it.each(fixtures)('%s reads the same with the check as without it', async (file) => {
    const skipped = await read(file);
    expect(rulesetCheckSkipped()).toBe(true);
    checkRulesetsWithSpectral(true);
    const checked = await read(file);
    // The parse itself left Spectral's check in place.
    expect(rulesetCheckSkipped()).toBe(false);
    expect(JSON.stringify(skipped)).toBe(JSON.stringify(checked));
  });
});
