/**
 * Runtime behaviour of a client generated from test/fixtures/features/media-types.yaml, against a local
 * server: form bodies with nested objects, deepObject and non-exploded queries, text, binary, vendor JSON.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { runPipeline } from '../src/pipeline.js';
import { plan, write } from '../src/write.js';
import { repoRoot, tempDir } from './helpers.js';
import { startGolemServer, type GolemServer } from './support/golem-server.js';

let server: GolemServer;
// The package is generated at test time, so its types are not known to this file.
let client: Record<string, (params?: unknown, options?: unknown) => Promise<unknown>>;

beforeAll(async () => {
  const config = resolveConfig({
    cwd: repoRoot,
    adHoc: true,
    flags: { openapi: 'test/fixtures/features/media-types.yaml', out: 'unused' },
  });
  const result = await runPipeline(config);
  const out = tempDir();
  await write(out, result.files, await plan(out, result.files));
  const pkg = (await import(pathToFileURL(path.join(out, 'dist/index.js')).href)) as {
    createClient: (c: object) => typeof client;
  };
  server = await startGolemServer();
  client = pkg.createClient({ baseUrl: server.url });
});
afterAll(() => server.close());

const last = () => server.requests[server.requests.length - 1]!;

describe('media types at run time', () => {
  it('sends JSON with the declared charset and parses a vendor +json response', async () => {
    server.respond(() => ({
      headers: { 'content-type': 'application/vnd.example+json' },
      body: JSON.stringify({ text: 'back' }),
    }));
    expect(await client.postJsonCharset!({ body: { text: 'hi' } })).toStrictEqual({ text: 'back' });
    expect(last().headers['content-type']).toBe('application/json; charset=utf-8');
    // What the result is read from, as declared, first; then anything (an error body may be of another type).
    expect(last().headers.accept).toBe('application/vnd.example+json, */*');
    expect(JSON.parse(last().body.toString())).toStrictEqual({ text: 'hi' });
  });

  it('encodes form bodies: nested objects as deepObject, arrays repeated, deepObject arrays by index (Stripe)', async () => {
    server.respond(() => ({ status: 204 }));
    expect(
      await client.postForm!({
        body: {
          name: 'a b&c',
          tags: ['x', 'y'],
          address: { city: 'Zürich', zip: '8000' },
          expand: ['customer', 'invoice.lines'],
          items: [{ price: 'p_1', quantity: 2 }],
        },
      }),
    ).toBeUndefined();
    expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...new URLSearchParams(last().body.toString())]).toStrictEqual([
      ['name', 'a b&c'],
      ['tags', 'x'],
      ['tags', 'y'],
      ['address[city]', 'Zürich'],
      ['address[zip]', '8000'],
      ['expand[0]', 'customer'],
      ['expand[1]', 'invoice.lines'],
      ['items[0][price]', 'p_1'],
      ['items[0][quantity]', '2'],
    ]);
  });

  it('serializes deepObject and non-exploded array queries, and header params', async () => {
    server.respond(() => ({ json: ['r'] }));
    await client.search!({ filter: { color: 'red', size: 2 }, ids: [1, 2, 3], xTrace: 't-1' });
    expect(last().query).toStrictEqual([
      ['filter[color]', 'red'],
      ['filter[size]', '2'],
      ['ids', '1,2,3'],
    ]);
    expect(last().headers['x-trace']).toBe('t-1');
  });

  it('sends and receives text/plain', async () => {
    server.respond((r) => ({ headers: { 'content-type': 'text/plain' }, body: r.body.toString().toUpperCase() }));
    expect(await client.putText!({ body: 'hello' })).toBe('HELLO');
    expect(last().headers['content-type']).toBe('text/plain');
    expect(last().headers.accept).toBe('text/plain, */*');
  });

  it('sends octet-stream bytes and reads a */* binary response', async () => {
    server.respond((r) => ({
      headers: { 'content-type': 'application/x-custom' },
      body: new Uint8Array([...r.body].reverse()),
    }));
    expect(await client.putBlob!({ body: new Uint8Array([1, 2, 3]) })).toStrictEqual(new Uint8Array([3, 2, 1]));
    expect(last().headers['content-type']).toBe('application/octet-stream');
    // The spec allows any type: so does the call.
    expect(last().headers.accept).toBe('*/*');
  });

  it('picks JSON among several request content types and parses text/json responses', async () => {
    server.respond(() => ({ headers: { 'content-type': 'text/json' }, body: '{"text":"ok"}' }));
    expect(await client.postMulti!({ body: { text: 'x' } })).toStrictEqual({ text: 'ok' });
    expect(last().headers['content-type']).toBe('application/json');
    expect(last().headers.accept).toBe('text/json, */*');
  });
});
