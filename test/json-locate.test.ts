/**
 * JSON specs are located by scanning their text (json-locate.ts) instead of a YAML syntax tree of the whole
 * file. The positions must be the ones the tree gives (the oracle below reads the same text with the yaml
 * package): a scalar where its value is, a mapping or sequence where its key is, an item where it starts, the
 * deepest existing place for a pointer that goes further.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { locateInJson } from '../src/load/json-locate.js';
import { parseSource } from '../src/load/source.js';
import { repoRoot } from './helpers.js';

/** The position the YAML tree gives, as the YAML locator reads it. */
function oracle(text: string): (segments: string[]) => { line: number; col: number } | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return (segments) => {
    const at = (node: { range?: [number, number, number] | null }) =>
      node.range ? { line: lines.linePos(node.range[0]).line, col: lines.linePos(node.range[0]).col } : undefined;
    let node: unknown = doc.contents;
    let best = isNode(node) ? at(node) : undefined;
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = [...node.items]
          .reverse()
          .find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment);
        if (!pair) break;
        node = pair.value;
        best = (isScalar(node) ? at(node) : at(pair.key as never)) ?? best;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)];
        if (!isNode(node)) break;
        best = at(node) ?? best;
      } else break;
    }
    return best;
  };
}

/** Every pointer of a value, and for each container one that goes past it. */
function pointers(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((item, i) => pointers(item, [...prefix, String(i)], out));
    out.push([...prefix, String(value.length)]);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) pointers(item, [...prefix, key], out);
    out.push([...prefix, 'absent', 'deeper']);
  } else out.push([...prefix, 'beyond-a-scalar']);
  return out;
}

const tricky = {
  'a/b': { '~tilde': [1, [2, [3, {}]], [], 'x]}{"'] },
  'esc\\aped "key"': 'value with \\ and " and } and ]',
  unicode: { 'caf\u00e9': true, '\u2603': null },
  numbers: [-1.5e10, 0, 3],
  empty: {},
  '': { nested: [false] },
};
const golem = parseYaml(readFileSync(path.join(repoRoot, 'specs/golem-cloud.openapi.yaml'), 'utf8')) as unknown;

describe('locating a pointer in a JSON text', () => {
  it.each([
    ['tricky keys and values, indented', JSON.stringify(tricky, null, 2)],
    ['tricky keys and values, on one line', JSON.stringify(tricky)],
    [
      'tricky keys and values, keys escaped as \\u',
      JSON.stringify(tricky, null, 1).replace(/caf\u00e9/g, 'caf\\u00e9'),
    ],
    ['Golem’s OpenAPI spec as JSON', JSON.stringify(golem, null, 2)],
  ])('%s: every pointer where the YAML tree puts it', (_label, text) => {
    const all = pointers(JSON.parse(text));
    expect(all.length).toBeGreaterThan(20);
    const expected = oracle(text);
    for (const segments of all) expect(locateInJson(text, segments), segments.join('/')).toEqual(expected(segments));
  });

  it('a key written twice is the last one, as JSON.parse reads it', () => {
    const text = '{\n  "a": 1,\n  "a": {\n    "b": 2\n  }\n}';
    expect(locateInJson(text, ['a', 'b'])).toEqual({ line: 4, col: 10 });
    expect(locateInJson(text, ['a'])).toEqual({ line: 3, col: 3 });
  });

  it('a .json spec is located without building a syntax tree, and where the text says', () => {
    const text = JSON.stringify({ openapi: '3.0.3', info: { title: 'x', version: 5 } }, null, 2);
    const source = parseSource({ absPath: '/x/spec.json', displayPath: 'spec.json', text });
    expect(source.locate('/info/version')).toEqual({ line: 5, col: 16 });
  });
});
