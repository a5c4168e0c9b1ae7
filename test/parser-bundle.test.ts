/**
 * A built codegen loads @asyncapi/parser from the one-file bundle the build makes of it (parser-module.ts,
 * bundle-parser.ts); the TypeScript sources, as these tests run them, load the packages. Both must read every
 * document alike, and the bundle must leave Spectral's ruleset check out as the packages do (ruleset-check.ts).
 * The built modules come from dist/ (npm test builds first).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSource } from '../src/load/source.js';
import { asyncApiParser } from '../src/parse/asyncapi/parser-module.js';
import { parseSpec } from '../src/parse/spec.js';
import { asyncApiDocuments, parseOutcome, repoRoot } from './helpers.js';

const builtModule = async <T>(file: string) =>
  (await import(pathToFileURL(path.join(repoRoot, 'dist', file)).href)) as T;
const built = {
  parser: await builtModule<typeof import('../src/parse/asyncapi/parser-module.js')>('parse/asyncapi/parser-module.js'),
  check: await builtModule<typeof import('../src/parse/asyncapi/ruleset-check.js')>('parse/asyncapi/ruleset-check.js'),
  spec: await builtModule<typeof import('../src/parse/spec.js')>('parse/spec.js'),
};

// Documents the parser reads cleanly, with warnings, and with errors.
const documents = asyncApiDocuments({ invalid: true });

describe('the AsyncAPI parser bundle', () => {
  it('is what the build loads, with Spectral reached inside it; the sources load the packages', () => {
    expect(existsSync(built.parser.PARSER_BUNDLE)).toBe(true);
    const bundle = built.parser.asyncApiParser();
    expect(bundle.bundled).toBe(true);
    expect(typeof bundle.rulesetValidation?.createValidator).toBe('function');
    expect([...bundle.AsyncAPIFormats.keys()]).toStrictEqual([...asyncApiParser().AsyncAPIFormats.keys()]);
    expect(asyncApiParser().bundled).toBe(false);
    built.check.prepareRulesetCheck();
    expect(built.check.rulesetCheckSkipped()).toBe(true);
  });

  it('reads every AsyncAPI fixture as the packages do: results and diagnostics, from both sides', async () => {
    expect(documents.length).toBeGreaterThan(8);
    for (const file of documents)
      for (const perspective of ['server', 'client'] as const) {
        const source = () => loadSource({ absPath: path.join(repoRoot, file), displayPath: file });
        const bundled = await parseOutcome(built.spec.parseSpec('asyncapi', await source(), { perspective }));
        const packaged = await parseOutcome(parseSpec('asyncapi', await source(), { perspective }));
        expect(bundled, `${file} (${perspective})`).toStrictEqual(packaged);
      }
  });
});
