/**
 * The generated client's behaviour beyond the happy path, against the local Golem stand-in: error bodies,
 * timeouts, aborts, retries with idempotency keys, pagination, token refresh and streamed downloads.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  createClient,
  isOperationError,
  NetworkError,
  RequestAbortedError,
  RequestError,
  TimeoutError,
  type Client,
} from '../generated/golem-client/dist/index.js';
import { startGolemServer, type GolemServer } from './support/golem-server.js';

const C = '7d1f5a0e-3c0b-4b43-9a38-1f0e6e2a9c11';
let server: GolemServer;
let client: Client;

beforeAll(async () => {
  server = await startGolemServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  client = createClient({ baseUrl: server.url, token: 't', retry: { baseDelayMs: 5, maxDelayMs: 50 } });
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('error responses', () => {
  it.each([
    [400, { errors: ['name is missing', 'component is empty'] }, 'name is missing; component is empty'],
    [401, { error: 'invalid token' }, 'invalid token'],
    [403, { error: 'Maximum number of workers exceeded' }, 'Maximum number of workers exceeded'],
    [404, { error: 'worker not found' }, 'worker not found'],
    [409, { error: 'Worker already exists' }, 'Worker already exists'],
    [500, { error: 'Internal server error' }, 'Internal server error'],
  ])('%i with its body', async (status, body, detail) => {
    server.respond(() => ({ status, json: body }));
    const error = await caught(client.createComponent({ environmentId: C, body: { name: 'x' } }));
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError<unknown>;
    expect([e.status, e.body, e.operationId, e.method]).toStrictEqual([status, body, 'createComponent', 'POST']);
    expect(e.url).toBe(`${server.url}/v1/envs/${C}/components`);
    expect(e.response.status).toBe(status);
    expect(e.message).toContain(`POST ${server.url}/v1/envs/${C}/components (createComponent) failed with ${status}`);
    expect(e).toBeInstanceOf(RequestError);
    expect(e.message).toContain(detail);
    expect(e.message).not.toContain('Bearer');
    // The spec declares only a 400 for createComponent: other statuses are plain ApiErrors.
    expect([e.declared, isOperationError(error, 'createComponent')]).toStrictEqual([status === 400, status === 400]);
    if (isOperationError(error, 'createComponent') && typeof error.body === 'object') {
      // Typed as GolemError, the spec's declared 400 body (or the text, or undefined, when it is not JSON).
      const text: string | undefined = error.body.error;
      expect(text).toBe((body as { error?: string }).error);
    }
  });

  it('504 with no body (not retried for a POST)', async () => {
    server.respond(() => ({ status: 504 }));
    const error = (await caught(client.createComponent({ environmentId: C, body: { name: 'x' } }))) as ApiError;
    expect([error.status, error.body]).toStrictEqual([504, undefined]);
    expect(error.message).toBe(
      `POST ${server.url}/v1/envs/${C}/components (createComponent) failed with 504 Gateway Timeout`,
    );
    expect(server.requests).toHaveLength(1);
    expect(isOperationError(error, 'getComponent')).toBe(false);
  });
});

describe('timeouts and cancellation', () => {
  it('a hanging server times out with TimeoutError', async () => {
    server.respond(() => ({ hang: true }));
    const started = Date.now();
    const error = await caught(client.getComponent({ componentId: C }, { timeoutMs: 100, retry: false }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(100);
    expect((error as Error).cause).toBeDefined();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('the client-wide timeout applies too', async () => {
    server.respond(() => ({ hang: true }));
    const slow = createClient({ baseUrl: server.url, timeoutMs: 80, retry: false });
    expect(await caught(slow.getComponent({ componentId: C }))).toBeInstanceOf(TimeoutError);
  });

  it("the caller's AbortSignal aborts with RequestAbortedError carrying the reason", async () => {
    server.respond(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = client.getComponent({ componentId: C }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left')), 30);
    const error = await caught(pending);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(((error as Error).cause as Error).message).toBe('user left');
  });

  it('a refused connection is a NetworkError with the cause attached', async () => {
    const dead = createClient({ baseUrl: 'http://127.0.0.1:9', retry: false });
    const error = await caught(dead.getComponent({ componentId: C }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});

describe('retries', () => {
  it('503, 503, then 200: three attempts, one idempotency key', async () => {
    let attempts = 0;
    server.respond(() => (++attempts < 3 ? { status: 503, json: { error: 'busy' } } : { json: { result: 42 } }));
    const result = await client.invokeAndAwaitFunction({
      componentId: C,
      agentName: 'w',
      function: 'f',
      idempotencyKey: 'k-123',
      body: { params: [] },
    });
    expect(result).toStrictEqual({ result: 42 });
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toStrictEqual(['k-123', 'k-123', 'k-123']);
  });

  it('generates one idempotency key per call when the caller gives none, and reuses it on retries', async () => {
    let attempts = 0;
    server.respond(() => (++attempts === 1 ? { status: 502 } : {}));
    await client.invokeFunction({ componentId: C, agentName: 'w', function: 'f', body: { params: [] } });
    await client.invokeFunction({ componentId: C, agentName: 'w', function: 'f', body: { params: [] } });
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("idempotencyKeys: 'off' sends none, and the POST is then not retried", async () => {
    const plain = createClient({ baseUrl: server.url, idempotencyKeys: 'off', retry: { baseDelayMs: 5 } });
    server.respond(() => ({ status: 503 }));
    expect(
      await caught(plain.invokeFunction({ componentId: C, agentName: 'w', function: 'f', body: { params: [] } })),
    ).toBeInstanceOf(ApiError);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['idempotency-key']).toBeUndefined();
  });

  it('a non-idempotent POST is not retried', async () => {
    server.respond(() => ({ status: 503 }));
    const error = (await caught(client.launchNewWorker({ componentId: C, body: { name: 'w' } }))) as ApiError;
    expect(error.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it('GET is retried on 429 honouring Retry-After, at most 3 times, and retry: false switches it off', async () => {
    server.respond(() => ({ status: 429, headers: { 'retry-after': '0' } }));
    expect(((await caught(client.getComponent({ componentId: C }))) as ApiError).status).toBe(429);
    expect(server.requests).toHaveLength(4);
    server.requests.length = 0;
    await caught(client.getComponent({ componentId: C }, { retry: false }));
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry statuses outside the list', async () => {
    server.respond(() => ({ status: 500, json: { error: 'boom' } }));
    await caught(client.getComponent({ componentId: C }));
    expect(server.requests).toHaveLength(1);
  });
});

describe('pagination', () => {
  it('iterates three pages of workers, stopping when the cursor runs out', async () => {
    const pages: Record<string, { workers: { workerId: { workerName: string } }[]; cursor?: string }> = {
      '': { workers: [{ workerId: { workerName: 'w1' } }, { workerId: { workerName: 'w2' } }], cursor: 'p2' },
      p2: { workers: [{ workerId: { workerName: 'w3' } }], cursor: 'p3' },
      p3: { workers: [{ workerId: { workerName: 'w4' } }] },
    };
    server.respond((r) => ({ json: pages[new Map(r.query).get('cursor') ?? '']! }));
    const names: (string | undefined)[] = [];
    for await (const worker of client.iterateGetWorkersMetadata({ componentId: C, count: 2 }))
      names.push(worker.workerId?.workerName);
    expect(names).toStrictEqual(['w1', 'w2', 'w3', 'w4']);
    expect(server.requests.map((r) => r.query)).toStrictEqual([
      [['count', '2']],
      [
        ['cursor', 'p2'],
        ['count', '2'],
      ],
      [
        ['cursor', 'p3'],
        ['count', '2'],
      ],
    ]);
  });
});

describe('numeric cursors', () => {
  it('iterates the oplog by its integer cursor (from/next), exactly beyond 2^53, until there is no next', async () => {
    const big = '9007199254740993';
    const pages: Record<string, string> = {
      '': `{"entries":[{"type":"A"},{"type":"B"}],"next":${big}}`,
      [big]: '{"entries":[{"type":"C"}],"next":9007199254740995}',
      '9007199254740995': '{"entries":[{"type":"D"}]}',
    };
    server.respond((r) => ({
      headers: { 'content-type': 'application/json' },
      body: pages[new Map(r.query).get('from') ?? '']!,
    }));
    const kinds: unknown[] = [];
    for await (const entry of client.iterateGetOplog({ componentId: C, agentName: 'w' })) kinds.push(entry);
    expect(kinds).toStrictEqual([{ type: 'A' }, { type: 'B' }, { type: 'C' }, { type: 'D' }]);
    expect(server.requests.map((r) => new Map(r.query).get('from'))).toStrictEqual([
      undefined,
      big,
      '9007199254740995',
    ]);
  });
});

describe('credentials and binaries', () => {
  it('calls the token function on every request and picks up a new token', async () => {
    let token = 'first';
    let calls = 0;
    const refreshing = createClient({ baseUrl: server.url, token: async () => (calls++, token) });
    server.respond(() => ({ json: {} }));
    await refreshing.getComponent({ componentId: C });
    token = 'second';
    await refreshing.getComponent({ componentId: C });
    expect(server.requests.map((r) => r.headers.authorization)).toStrictEqual(['Bearer first', 'Bearer second']);
    expect(calls).toBe(2);
  });

  it('streams a binary download when asked to', async () => {
    const bytes = new Uint8Array(256 * 1024).map((_, i) => i % 251);
    server.respond(() => ({ headers: { 'content-type': 'application/octet-stream' }, body: bytes }));
    const stream = await client.downloadComponentWasm({ componentId: C, revision: 1 }, { binaryAs: 'stream' });
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
  });

  it('sends an ArrayBuffer part with the default file name', async () => {
    server.respond(() => ({ json: {} }));
    await client.updateComponent({ componentId: C, body: { component: new Uint8Array([9, 8]).buffer } });
    expect(server.requests[0]!.parts).toStrictEqual([
      { name: 'component', filename: 'component', contentType: 'application/octet-stream', bytes: [9, 8] },
    ]);
  });
});
