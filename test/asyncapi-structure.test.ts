/**
 * AsyncAPI documents are checked against their version's schema by validators compiled once at build time
 * (dist/parse/asyncapi/validators/*.cjs, made by `npm run build`) or on first use (from the sources), in
 * place of @asyncapi/parser's two document-structure rules, which compile the schema for every document.
 * Whichever is used, the parser must report exactly what it reports with its own rules: same codes, messages,
 * paths and ranges, for valid documents and for broken variants of them (mutations of every fixture shape).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { documentStructureRules } from '../src/parse/asyncapi/structure.js';
import { repoRoot } from './helpers.js';

type Doc = Record<string, unknown>;
const load = (file: string) => parse(readFileSync(path.join(repoRoot, file), 'utf8')) as Doc;

/** Broken variants of a document, each with one kind of mistake the schema forbids, at a few depths. */
function variants(doc: Doc): [string, Doc][] {
  const out: [string, Doc][] = [];
  const copy = () => structuredClone(doc);
  const firstEntry = (d: Doc, key: string) => {
    const section = d[key] as Doc | undefined;
    const name = section && Object.keys(section)[0];
    return name === undefined ? undefined : { section: section!, name };
  };
  let d = copy();
  delete (d.info as Doc).title;
  out.push(['info without a title', d]);
  d = copy();
  (d.info as Doc).version = 3;
  out.push(['a number for info.version', d]);
  d = copy();
  d.bogus = true;
  out.push(['an unknown top-level property', d]);
  d = copy();
  (d.info as Doc).tags = [1, { name: 'ok' }, 'two'];
  out.push(['array items of the wrong type', d]);
  d = copy();
  d.info = { $ref: '#/components/schemas/Nowhere' };
  out.push(['a $ref where none is allowed', d]);
  for (const key of ['channels', 'servers', 'operations']) {
    d = copy();
    const entry = firstEntry(d, key);
    if (!entry) continue;
    entry.section[entry.name] = 'not an object';
    out.push([`a string for a ${key} entry`, d]);
    d = copy();
    const again = firstEntry(d, key)!;
    (again.section[again.name] as Doc)['unknown-field'] = { nested: [1] };
    out.push([`an unknown property in a ${key} entry`, d]);
  }
  d = copy();
  d.components = { messages: { Broken: { payload: { type: 'nonsense' }, headers: 5 } } };
  out.push(['a component message with a bad header and payload type', d]);
  return out;
}

const fixtures = [
  'specs/golem-worker-connect.asyncapi.yaml',
  'test/fixtures/features/events-asyncapi-3.yaml',
  'test/fixtures/features/chat-asyncapi-2.yaml',
  'test/fixtures/features/tolerated-findings-asyncapi-2.yaml',
];

const options = { source: 'doc.yaml', validateOptions: { allowedSeverity: { error: true } } } as const;
const stock = new Parser({ ruleset: { core: true, recommended: false } });
const ours = new Parser({ ruleset: { core: true, recommended: false, rules: documentStructureRules() } });

const builtDir = path.join(repoRoot, 'dist/parse/asyncapi');
/** The build's rules and the parser they run in there: the bundle (parser-module.ts), whose formats they know. */
const built = async () => ({
  ...((await import(path.join(builtDir, 'structure.js'))) as { documentStructureRules: typeof documentStructureRules }),
  ...((await import(
    path.join(builtDir, 'parser-module.js')
  )) as typeof import('../src/parse/asyncapi/parser-module.js')),
});

async function findings(parser: Parser, text: string): Promise<string[]> {
  const { diagnostics } = await parser.parse(text, options);
  return (
    diagnostics
      // (A parser error's message ends with its stack, whose frames name the package's files or the bundle's.)
      .map((d) => [d.code, d.severity, d.message.replace(/, stack: [^]*$/, ''), d.path, d.range.start, d.range.end])
      .map((finding) => JSON.stringify(finding))
      .sort()
  );
}

describe('AsyncAPI document structure over prebuilt validators', () => {
  it('npm run build wrote a validator for every version, resolved and as written', () => {
    for (const version of ['2.0.0', '2.6.0', '3.0.0'])
      for (const form of ['resolved', 'unresolved'])
        expect(existsSync(path.join(builtDir, `validators/asyncapi-${version}-${form}.cjs`))).toBe(true);
  });

  it.each(fixtures)('%s and its broken variants: the same findings as the parser’s own rules', async (file) => {
    const doc = load(file);
    const build = await built();
    const fromBuild = new (build.asyncApiParser().Parser)({
      ruleset: { core: true, recommended: false, rules: build.documentStructureRules() },
    });
    let broken = 0;
    for (const [label, variant] of [['as written', doc] as [string, Doc], ...variants(doc)]) {
      const text = stringify(variant);
      const want = await findings(stock, text);
      if (label !== 'as written' && want.some((f) => f.includes('asyncapi-document'))) broken++;
      expect(await findings(ours, text), label).toEqual(want);
      expect(await findings(fromBuild, text), `${label} (built validators)`).toEqual(want);
    }
    // The variants do exercise the structure rules: most of them break the document.
    expect(broken).toBeGreaterThanOrEqual(6);
  });
});
