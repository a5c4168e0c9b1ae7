/** The runtime's exact-integer JSON (templates/runtime/int64.ts), table-tested without a server. */
import { describe, expect, it } from 'vitest';
import {
  exactJsonEncoder,
  exactJsonReader,
  exactJsonWriter,
  parseLossless,
  stringifyExact,
  toWire,
  type Int64Shape,
} from '../../templates/runtime/int64.js';

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';
const UMAX = '18446744073709551615';

describe('parseLossless', () => {
  it.each([
    ['no long integers: plain JSON.parse', '{"a":1,"b":[2.5,"x"]}', false],
    ['a long integer in a string stays text', `{"a":"${MAX}"}`, false],
    ['a long float is not an integer', '{"a":1.2345678901234567890}', false],
    ['a long exponent is not an integer', '{"a":1e1234567890123456}', false],
    ['escaped quotes inside strings do not end them', `{"a":"say \\"${MAX}\\""}`, false],
    ['a long integer', `{"a":${MAX}}`, true],
    ['a negative one in an array', `[${MIN}]`, true],
  ])('%s', (_, text, long) => {
    expect(parseLossless(text).long).toBe(long);
  });
});

describe('exactJsonReader', () => {
  const bigint: Int64Shape = { p: { id: { v: BigInt }, list: { e: { v: BigInt } } } };
  const string: Int64Shape = { p: { id: { v: String } } };
  it.each([
    ['int64 max as bigint', bigint, `{"id":${MAX}}`, { id: BigInt(MAX) }],
    ['uint64 max as bigint', bigint, `{"id":${UMAX}}`, { id: BigInt(UMAX) }],
    ['a small value is a bigint too', bigint, '{"id":7}', { id: 7n }],
    ['array elements', bigint, `{"list":[1,${MIN}]}`, { list: [1n, BigInt(MIN)] }],
    ['int64 max as a string', string, `{"id":${MAX}}`, { id: MAX }],
    ['a small value as a string', string, '{"id":-3}', { id: '-3' }],
    // Outside the shape, numbers are what JSON.parse gives (rounded where they must be).
    ['an unshaped long integer is a number', bigint, `{"id":1,"other":${MAX}}`, { id: 1n, other: Number(MAX) }],
    [
      'deep in arrays and objects too',
      bigint,
      `{"x":[{"y":${MIN}}],"id":${UMAX}}`,
      { x: [{ y: Number(MIN) }], id: BigInt(UMAX) },
    ],
    ['a string of 16 digits stays a string', bigint, `{"s":"${MAX}","id":2}`, { s: MAX, id: 2n }],
    ['a string where the shape expects an integer stays a string', bigint, '{"id":"abc"}', { id: 'abc' }],
    ['null stays null', bigint, '{"id":null}', { id: null }],
  ])('%s', (_, shape, text, want) => {
    expect(exactJsonReader(shape)(text)).toStrictEqual(want);
  });

  it('follows named shapes, also recursive ones', () => {
    const node: Int64Shape = { p: { size: { v: BigInt }, child: { of: [() => node] } } };
    const read = exactJsonReader({ of: [() => node] });
    expect(read(`{"size":${MAX},"child":{"size":2,"child":{"size":${UMAX}}}}`)).toStrictEqual({
      size: BigInt(MAX),
      child: { size: 2n, child: { size: BigInt(UMAX) } },
    });
  });
});

describe('writing', () => {
  it.each([
    ['bigints anywhere are exact numbers', { a: BigInt(MAX), b: [BigInt(MIN)] }, `{"a":${MAX},"b":[${MIN}]}`],
    ['other values are JSON.stringify', { a: 'x', b: 1.5, c: null }, '{"a":"x","b":1.5,"c":null}'],
    ['a string that looks like the marker stays a string', { a: 'int64:1' }, '{"a":"int64:1"}'],
  ])('stringifyExact: %s', (_, value, want) => {
    expect(stringifyExact(value)).toBe(want);
  });

  it('turns the integer strings of shaped fields into exact numbers, without changing the caller’s object', () => {
    const shape: Int64Shape = { p: { id: { v: String }, ids: { e: { v: String } }, name: {} } };
    const body = { id: MAX, ids: ['1', UMAX], name: '123' };
    const copy = structuredClone(body);
    expect(exactJsonWriter(shape)(body)).toBe(`{"id":${MAX},"ids":[1,${UMAX}],"name":"123"}`);
    expect(body).toStrictEqual(copy);
    expect(toWire('12x', { v: String })).toBe('12x');
  });

  it('encodes a request body with its media type', () => {
    expect(exactJsonEncoder({ p: { n: { v: BigInt } } })({ n: BigInt(UMAX) }, 'application/json')).toStrictEqual({
      body: `{"n":${UMAX}}`,
      contentType: 'application/json',
    });
  });
});
