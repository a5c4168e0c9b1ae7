/** Local JSON pointers as real specs write them: through other `$ref`s, and with unescaped `/` in keys. */
import { describe, expect, it } from 'vitest';
import { canonicalPointer, isRemoteRefFailure, resolvePointer, unescapedRefRepair } from '../src/parse/refs.js';

const doc = {
  components: {
    schemas: {
      Cat: { type: 'object' },
      Alias: { $ref: '#/components/schemas/Cat' },
      Animal: { oneOf: [{ $ref: '#/components/schemas/Cat' }] },
      Zoo: { properties: { animal: { $ref: '#/components/schemas/Animal' } } },
      'chat/Message': { type: 'string' },
      Loop: { $ref: '#/components/schemas/Loop/x' },
    },
  },
};

describe('refs', () => {
  it.each<[string, string, unknown]>([
    ['a plain pointer', '#/components/schemas/Cat', { type: 'object' }],
    [
      'through a $ref on the way',
      '#/components/schemas/Zoo/properties/animal/oneOf/0',
      { $ref: '#/components/schemas/Cat' },
    ],
    ['an escaped key', '#/components/schemas/chat~1Message', { type: 'string' }],
    ['an unescaped key (not resolved as written)', '#/components/schemas/chat/Message', undefined],
    ['a reference cycle', '#/components/schemas/Loop/x', undefined],
  ])('resolvePointer: %s', (_name, ref, want) => {
    expect(resolvePointer(doc, ref)).toStrictEqual(want);
  });

  it.each<[string, string, string | undefined]>([
    ['a component', '#/components/schemas/Cat', '/components/schemas/Cat'],
    ['an alias keeps its name', '#/components/schemas/Alias', '/components/schemas/Alias'],
    [
      'a ref-only position lands on its target',
      '#/components/schemas/Zoo/properties/animal/oneOf/0',
      '/components/schemas/Cat',
    ],
    ['nothing there', '#/components/schemas/Dog', undefined],
  ])('canonicalPointer: %s', (_name, ref, want) => {
    expect(canonicalPointer(doc, ref)).toBe(want);
  });

  it.each<[string, string, string | undefined]>([
    [
      'an unescaped "/" where the key exists',
      '#/components/schemas/chat/Message',
      '#/components/schemas/chat~1Message',
    ],
    ['a pointer that resolves as written', '#/components/schemas/Cat', undefined],
    ['no such key either way', '#/components/schemas/chat/Other', undefined],
  ])('unescapedRefRepair: %s', (_name, ref, want) => {
    expect(unescapedRefRepair(doc, ref)).toBe(want);
  });

  it.each<[string, boolean]>([
    ['FetchError: request to https://x.test/a.yaml failed, reason: getaddrinfo ENOTFOUND x.test', true],
    ['Error downloading https://x.test/a.yaml: fetch failed', true],
    ['Token "Dog" does not exist.', false],
  ])('isRemoteRefFailure(%j)', (message, want) => {
    expect(isRemoteRefFailure(message)).toBe(want);
  });
});
