/**
 * What applications build on, through the generated Golem package against the local stand-in: hooks,
 * token refresh on 401, the raw response, the idempotency key, compact errors and missing credentials.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  createClient,
  createExtendedCore,
  getComponent,
  isOperationError,
  withResponse,
  type GolemError,
  type Hooks,
} from '../generated/golem-client/dist/index.js';
import { startGolemServer, type GolemServer } from './support/golem-server.js';

const C = '7d1f5a0e-3c0b-4b43-9a38-1f0e6e2a9c11';
let server: GolemServer;

beforeAll(async () => {
  server = await startGolemServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('hooks', () => {
  it('run in the order given, client first, on every attempt; onRequest changes the request', async () => {
    const seen: string[] = [];
    const tracing: Hooks = {
      onRequest: (request, context) => {
        seen.push(`client request ${context.operation} #${context.attempt}`);
        request.headers['x-request-id'] = `req-${context.attempt}`;
      },
      onResponse: (response, context) => void seen.push(`client response ${response.status} #${context.attempt}`),
    };
    const perCall: Hooks = {
      onRequest: (request) => {
        seen.push('call request');
        request.url += '&traced=1';
      },
      onResponse: () => void seen.push('call response'),
    };
    let attempts = 0;
    server.respond(() => (++attempts === 1 ? { status: 503 } : { json: { workers: [], cursor: null } }));
    const client = createClient({ baseUrl: server.url, token: 't', hooks: [tracing], retry: { baseDelayMs: 1 } });
    await client.getWorkersMetadata({ componentId: C, count: 5 }, { hooks: [perCall] });
    expect(seen).toStrictEqual([
      'client request getWorkersMetadata #0',
      'call request',
      'client response 503 #0',
      'call response',
      'client request getWorkersMetadata #1',
      'call request',
      'client response 200 #1',
      'call response',
    ]);
    expect(server.requests.map((r) => [r.headers['x-request-id'], r.query.at(-1)])).toStrictEqual([
      ['req-0', ['traced', '1']],
      ['req-1', ['traced', '1']],
    ]);
  });

  it('onResponse may replace the response', async () => {
    server.respond(() => ({ status: 500, json: { error: 'boom' } }));
    const client = createClient({
      baseUrl: server.url,
      token: 't',
      hooks: [{ onResponse: () => Response.json({ componentId: C, componentName: 'stub', componentVersion: 1 }) }],
    });
    expect(await client.getComponent({ componentId: C })).toMatchObject({ componentName: 'stub' });
  });

  it('onError observes the error the call throws, which is still thrown; a throwing hook fails the call', async () => {
    server.respond(() => ({ status: 404, json: { error: 'worker not found' } }));
    const observed: unknown[] = [];
    const client = createClient({
      baseUrl: server.url,
      token: 't',
      hooks: [{ onError: (error, context) => void observed.push([error.constructor.name, context.operation]) }],
    });
    const error = await caught(client.getWorkerMetadata({ componentId: C, agentName: 'w' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(observed).toStrictEqual([['ApiError', 'getWorkerMetadata']]);

    const failing = createClient({
      baseUrl: server.url,
      hooks: [
        {
          onRequest: () => {
            throw new Error('no tracing context');
          },
        },
      ],
    });
    await expect(failing.getComponent({ componentId: C })).rejects.toThrow('no tracing context');
  });
});

describe('token refresh on 401', () => {
  it('asks the token function again, telling it which token was rejected, and replays once', async () => {
    const asked: unknown[] = [];
    server.respond((r) => (r.headers.authorization === 'Bearer fresh' ? { json: {} } : { status: 401 }));
    const client = createClient({
      baseUrl: server.url,
      token: (context) => (asked.push(context), context?.rejected ? 'fresh' : 'stale'),
    });
    const key = 'k-1';
    await client.invokeFunction({
      componentId: C,
      agentName: 'w',
      function: 'f',
      idempotencyKey: key,
      body: { params: [] },
    });
    expect(asked).toStrictEqual([undefined, { rejected: 'stale' }]);
    expect(server.requests.map((r) => [r.headers.authorization, r.headers['idempotency-key']])).toStrictEqual([
      ['Bearer stale', key],
      ['Bearer fresh', key],
    ]);
  });

  it('never loops: a second 401 is the error; a static token is not replayed', async () => {
    server.respond(() => ({ status: 401, json: { error: 'invalid token' } }));
    let calls = 0;
    const refreshing = createClient({ baseUrl: server.url, token: () => `t${++calls}` });
    const error = (await caught(refreshing.getComponent({ componentId: C }))) as ApiError;
    expect([error.status, calls, server.requests.length]).toStrictEqual([401, 2, 2]);
    server.requests.length = 0;
    await caught(createClient({ baseUrl: server.url, token: 'static' }).getComponent({ componentId: C }));
    expect(server.requests.length).toBe(1);
  });
});

describe('the response itself', () => {
  it('withResponse gives the typed data, the Response (status, headers) and works on standalone functions', async () => {
    server.respond(() => ({
      headers: { etag: '"v3"', 'x-ratelimit-remaining': '41' },
      json: { componentId: C, componentName: 'cart', componentVersion: 3 },
    }));
    const client = createClient({ baseUrl: server.url, token: 't' });
    const { data, response } = await withResponse(client.getComponent, { componentId: C });
    expect([data.componentName, data.componentVersion, response.status]).toStrictEqual(['cart', 3n, 200]);
    expect([response.headers.get('etag'), response.headers.get('x-ratelimit-remaining')]).toStrictEqual(['"v3"', '41']);
    const core = createExtendedCore({ baseUrl: server.url, token: 't' });
    const standalone = await withResponse((params, options) => getComponent(core, params, options), {
      componentId: C,
    });
    expect(standalone.data.componentName).toBe('cart');
  });

  it('hands over a body the spec does not declare (interruptWorker answers 200 with no content declared) as unknown', async () => {
    const reply = { interrupted: true, at: 12 };
    server.respond(() => ({ json: reply }));
    const client = createClient({ baseUrl: server.url, token: 't' });
    expect(await client.interruptWorker({ componentId: C, agentName: 'w' })).toBeUndefined();
    const { data, response } = await withResponse(client.interruptWorker, { componentId: C, agentName: 'w' });
    expect([data, response.status]).toStrictEqual([reply, 200]);
    server.respond(() => ({ body: 'plain words', headers: { 'content-type': 'text/plain' } }));
    expect((await withResponse(client.interruptWorker, { componentId: C, agentName: 'w' })).data).toBe('plain words');
  });

  it('exposes the idempotency key the client made: on the result, on errors and to hooks', async () => {
    const fromHooks: unknown[] = [];
    const client = createClient({
      baseUrl: server.url,
      token: 't',
      retry: false,
      hooks: [{ onRequest: (_, context) => void fromHooks.push(context.idempotencyKey) }],
    });
    server.respond(() => ({ json: {} }));
    const invocation = { componentId: C, agentName: 'w', function: 'f', body: { params: [] } };
    const result = await withResponse(client.invokeFunction, invocation);
    expect(result.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.requests[0]!.headers['idempotency-key']).toBe(result.idempotencyKey);
    server.respond(() => ({ status: 409, json: { error: 'busy' } }));
    const error = (await caught(client.invokeFunction(invocation))) as ApiError;
    expect(error.idempotencyKey).toBe(server.requests[1]!.headers['idempotency-key']);
    expect(fromHooks).toStrictEqual([result.idempotencyKey, error.idempotencyKey]);
  });
});

describe('declared errors, typed by status', () => {
  it('a 404 with no body is declared, and its body is undefined (as its type says it can be)', async () => {
    server.respond(() => ({ status: 404 }));
    const error = await caught(
      createClient({ baseUrl: server.url, token: 't' }).getWorkerMetadata({ componentId: C, agentName: 'w' }),
    );
    expect(isOperationError(error, 'getWorkerMetadata')).toBe(true);
    if (isOperationError(error, 'getWorkerMetadata') && error.status === 404) {
      const body: GolemError | string | undefined = error.body;
      expect(body).toBeUndefined();
      // The documented pattern never throws: a body that is not an object is not read as one.
      expect(typeof error.body === 'object' && 'error' in error.body).toBe(false);
    } else expect.unreachable();
  });

  it("a gateway's HTML 502, which the operation does not declare, stays a plain ApiError with the text", async () => {
    server.respond(() => ({
      status: 502,
      body: '<html><body>Bad Gateway</body></html>',
      headers: { 'content-type': 'text/html' },
    }));
    const error = await caught(
      createClient({ baseUrl: server.url, token: 't', retry: false }).getWorkerMetadata({
        componentId: C,
        agentName: 'w',
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect([e.status, e.declared, e.body]).toStrictEqual([502, false, '<html><body>Bad Gateway</body></html>']);
    expect(isOperationError(error, 'getWorkerMetadata')).toBe(false);
  });

  it('a declared 500 whose body is HTML gives the text, typed as a possible string', async () => {
    server.respond(() => ({ status: 500, body: '<h1>oops</h1>', headers: { 'content-type': 'text/html' } }));
    const error = await caught(
      createClient({ baseUrl: server.url, token: 't', retry: false }).getWorkerMetadata({
        componentId: C,
        agentName: 'w',
      }),
    );
    if (isOperationError(error, 'getWorkerMetadata') && error.status === 500) {
      const body: GolemError | string | undefined = error.body;
      expect(body).toBe('<h1>oops</h1>');
    } else expect.unreachable();
  });
});

describe('errors as people see them', () => {
  it('print compactly: status, operation, URL and body, never the Response or the token', async () => {
    server.respond(() => ({ status: 404, json: { error: 'worker not found' } }));
    const client = createClient({ baseUrl: server.url, token: 'secret-token' });
    const error = (await caught(client.getWorkerMetadata({ componentId: C, agentName: 'w' }))) as ApiError;
    // The overlay declares the worker endpoints' error bodies: checking the status narrows the body.
    if (isOperationError(error, 'getWorkerMetadata') && error.status === 404) {
      const body: GolemError | string | undefined = error.body;
      expect(body).toStrictEqual({ error: 'worker not found' });
    } else expect.unreachable();
    const printed = inspect(error);
    expect(printed.split('\n').length).toBeLessThan(25);
    expect(printed).toContain('status: 404');
    expect(printed).toContain("operation: 'getWorkerMetadata'");
    expect(printed).not.toMatch(/secret-token|Headers|bodyUsed/);
    expect(error.response.status).toBe(404);
    expect(JSON.parse(JSON.stringify(error))).toStrictEqual({
      name: 'ApiError',
      operationId: 'getWorkerMetadata',
      operation: 'getWorkerMetadata',
      method: 'GET',
      url: `${server.url}/v1/components/${C}/workers/w`,
      status: 404,
      body: { error: 'worker not found' },
      declared: true,
    });
  });

  it('a secured operation without credentials is sent, and the client says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      server.respond(() => ({ json: {} }));
      const client = createClient({ baseUrl: server.url, token: () => undefined });
      await client.getComponent({ componentId: C });
      await client.getComponent({ componentId: C });
      expect(server.requests.map((r) => r.headers.authorization)).toStrictEqual([undefined, undefined]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain(
        'getComponent: sent without credentials, though the API requires them',
      );
    } finally {
      warn.mockRestore();
    }
  });
});
