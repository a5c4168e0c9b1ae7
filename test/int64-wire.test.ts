/**
 * Exact 64-bit integers through a generated client (test/fixtures/features/int64.yaml) against a local
 * server: values around 2^63 and 2^64 arrive and go back digit for digit, as bigints or as strings.
 */
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type Int64Mode } from '../src/config.js';
import { runPipeline } from '../src/pipeline.js';
import { plan, write } from '../src/write.js';
import { repoRoot, tempDir } from './helpers.js';

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';
const UMAX = '18446744073709551615';
const ENTRY = `{"index":${UMAX},"size":${MIN},"count":3,"sizes":{"a":${MAX}},"parent":{"index":1,"size":${MAX}},"payload":{"bytes":${MAX}},"extra":{"n":${MAX}}}`;

let server: Server;
let base: string;
const seen: { url: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ url: req.url!, body });
      res.setHeader('content-type', 'application/json');
      if (req.url!.startsWith('/entries/409')) {
        res.statusCode = 409;
        res.end(`{"current":${MAX}}`);
      } else if (req.method === 'PUT') res.end(`[${MAX},1,${MIN}]`);
      else if (req.url === '/plain') res.end(`{"small":${MAX},"ratio":0.5}`);
      else res.end(ENTRY);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const packages = new Map<Int64Mode, Promise<any>>();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function generated(int64: Int64Mode): Promise<any> {
  if (!packages.has(int64)) packages.set(int64, generate(int64));
  return packages.get(int64)!;
}

async function generate(int64: Int64Mode): Promise<unknown> {
  const config = resolveConfig({
    cwd: repoRoot,
    adHoc: true,
    flags: { openapi: 'test/fixtures/features/int64.yaml', out: 'unused', typecheck: true, int64 },
  });
  const result = await runPipeline(config);
  const out = tempDir();
  await write(out, result.files, await plan(out, result.files));
  return import(pathToFileURL(path.join(out, 'dist/index.js')).href);
}

describe('int64: bigint (the default)', () => {
  it('reads every int64/uint64 field exactly, leaves the others as JSON.parse gives them', async () => {
    const m = await generated('bigint');
    const client = m.createClient({ baseUrl: base });
    const entry = await client.getEntry({ index: BigInt(UMAX), count: BigInt(MAX) });
    expect(entry).toStrictEqual({
      index: BigInt(UMAX),
      size: BigInt(MIN),
      count: 3,
      sizes: { a: BigInt(MAX) },
      parent: { index: 1n, size: BigInt(MAX) },
      payload: { bytes: BigInt(MAX) },
      extra: { n: Number(MAX) },
    });
    expect(seen.at(-1)!.url).toBe(`/entries/${UMAX}?count=${MAX}`);
  });

  it('sends them back digit for digit, and reads an array of them', async () => {
    const m = await generated('bigint');
    const client = m.createClient({ baseUrl: base });
    const body = { index: BigInt(UMAX), size: BigInt(MIN), sizes: { a: BigInt(MAX) }, count: 3 };
    expect(await client.putEntry({ index: 5n, body })).toStrictEqual([BigInt(MAX), 1n, BigInt(MIN)]);
    expect(seen.at(-1)!.body).toBe(`{"index":${UMAX},"size":${MIN},"sizes":{"a":${MAX}},"count":3}`);
  });

  it('takes a plain number where it sends one, refuses one beyond 2^53, and stringifies what it delivered', async () => {
    const m = await generated('bigint');
    const client = m.createClient({ baseUrl: base });
    await client.putEntry({ index: 5, body: { index: 7, size: BigInt(MIN), sizes: { a: 9 }, count: 3 } });
    expect(seen.at(-1)!.body).toBe(`{"index":7,"size":${MIN},"sizes":{"a":9},"count":3}`);
    const sent = seen.length;
    const refused = await client
      .putEntry({ index: 5n, body: { index: 2 ** 53 + 2, size: 1n, sizes: {} } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RangeError);
    expect((refused as Error).message).toBe(
      '9007199254740994 is not an exact 64-bit integer (a number holds integers up to 2^53 exactly): pass it as a bigint, or a string of its digits',
    );
    expect(seen.length).toBe(sent);
    // A parameter too: 2^53 + 2 as a number has already lost its last digit.
    await expect(client.putEntry({ index: 2 ** 53 + 2, body: { index: 1n, size: 1n, sizes: {} } })).rejects.toThrow(
      '9007199254740994 is not an exact 64-bit integer',
    );
    expect(seen.length).toBe(sent);
    // JSON.stringify throws on a bigint; the package's stringifyExact writes it digit for digit.
    const entry = await client.getEntry({ index: BigInt(UMAX) });
    expect(() => JSON.stringify(entry)).toThrow(TypeError);
    expect(m.stringifyExact(entry)).toContain(`"index":${UMAX}`);
  });

  it('reads error bodies exactly too', async () => {
    const m = await generated('bigint');
    const error = await m
      .createClient({ baseUrl: base, retry: false })
      .getEntry({ index: 409n })
      .catch((e: unknown) => e);
    expect(m.isOperationError(error, 'getEntry')).toBe(true);
    expect(error.body).toStrictEqual({ current: BigInt(MAX) });
  });

  it('leaves operations whose types hold no such field to JSON.parse', async () => {
    const m = await generated('bigint');
    expect(await m.createClient({ baseUrl: base }).getPlain()).toStrictEqual({ small: Number(MAX), ratio: 0.5 });
  });
});

describe('int64: string', () => {
  it('delivers decimal strings and sends them as JSON numbers', async () => {
    const m = await generated('string');
    const client = m.createClient({ baseUrl: base });
    const entry = await client.getEntry({ index: UMAX });
    expect([entry.index, entry.size, entry.parent.index, entry.count]).toStrictEqual([UMAX, MIN, '1', 3]);
    await client.putEntry({ index: '5', body: { index: UMAX, size: '-1', sizes: { a: MAX } } });
    expect(seen.at(-1)!.body).toBe(`{"index":${UMAX},"size":-1,"sizes":{"a":${MAX}}}`);
  });
});

describe('int64: number', () => {
  it('is JSON.parse: the types say number and large values round', async () => {
    const m = await generated('number');
    const entry = await m.createClient({ baseUrl: base }).getEntry({ index: 1 });
    expect(entry.size).toBe(Number(MIN));
    expect(typeof entry.index).toBe('number');
  });
});
