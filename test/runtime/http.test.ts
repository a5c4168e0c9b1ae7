import { describe, expect, it } from 'vitest';
import {
  ApiError,
  errorDetail,
  TimeoutError,
  UnsupportedOptionError,
  type RequestError,
} from '../../templates/runtime/errors.js';
import {
  buildPath,
  encodePathSegment,
  fillPath,
  serializeCookieParam,
  serializeFormParam,
  serializeHeaderParam,
  serializePathParam,
  serializePathSegment,
  serializeQueryParam,
  type ParamSerializer,
} from '../../templates/runtime/encode.js';
import { decodeJson, decodeNone } from '../../templates/runtime/decode.js';
import { createExtendedCore } from '../../templates/runtime/http-extended.js';
import { backoffMs, retryAfterMs } from '../../templates/runtime/http-retry.js';
import { bearerAuth, createClientCore, type OperationSpec } from '../../templates/runtime/http.js';

describe('runtime/http', () => {
  it.each([
    ['a/b c?#%', 'a%2Fb%20c%3F%23%25'],
    ["it's (x)*!", 'it%27s%20%28x%29%2A%21'],
    [42, '42'],
  ])('encodes path segment %j', (input, want) => {
    expect(encodePathSegment(input)).toBe(want);
  });

  // Every `{name}` with a non-empty name is filled (as the template regex /\{([^}]+)\}/ would match it); the rest
  // of the template is left as written.
  it.each([
    ['/x/{a}/y/{b}', '/x/A/y/B'],
    ['/{a}{b}', '/AB'],
    ['/{}/{a}', '/{}/A'],
    ['/{a{b}/z', '/X/z'],
    ['/{a', '/{a'],
    ['/{}x}/{c}', '/{}x}/C'],
    ['/{a}}/{b}', '/A}/B'],
    ['plain', 'plain'],
  ])('fills path template %j', (template, want) => {
    expect(fillPath(template, { a: 'A', b: 'B', c: 'C', 'a{b': 'X' })).toBe(want);
  });

  // The plain serializers a descriptor names for a parameter without a style of its own: the pieces the core
  // joins (a path segment and a header joined, query pairs and cookies each their own).
  const when = new Date('2024-05-01T10:00:00Z');
  it.each<[string, ParamSerializer, unknown, string[]]>([
    ['a path segment', serializePathSegment, 'a/b c', ['a%2Fb%20c']],
    ['a form query scalar', serializeFormParam, 'x&y', ['q%20s=x%26y']],
    ['a form query array, exploded, nulls left out', serializeFormParam, [1, null, 'b'], ['q%20s=1', 'q%20s=b']],
    ['a form query date', serializeFormParam, when, ['q%20s=2024-05-01T10%3A00%3A00.000Z']],
    ['a header scalar', serializeHeaderParam, 7, ['7']],
    ['a header array', serializeHeaderParam, ['a', when, { k: 1 }], ['a', '2024-05-01T10:00:00.000Z', '{"k":1}']],
    ['a cookie', serializeCookieParam, 'dark;x', ['q%20s=dark%3Bx']],
  ])('serializes %s', (_, serialize, value, want) => {
    expect(serialize({ name: 'q s' }, value)).toStrictEqual(want);
  });

  it('names the path parameter that is missing', () => {
    expect(() => fillPath('/x/{a}/{missing}', { a: 'A' })).toThrow('missing path parameter "missing"');
  });

  // OpenAPI's style table (the Parameter Object's style examples): id = 5, [3, 4, 5], { role: admin, firstName: Alex }.
  it.each<[string, boolean, string, string, string]>([
    ['simple', false, '5', '3,4,5', 'role,admin,firstName,Alex'],
    ['simple', true, '5', '3,4,5', 'role=admin,firstName=Alex'],
    ['label', false, '.5', '.3,4,5', '.role,admin,firstName,Alex'],
    ['label', true, '.5', '.3.4.5', '.role=admin.firstName=Alex'],
    ['matrix', false, ';id=5', ';id=3,4,5', ';id=role,admin,firstName,Alex'],
    ['matrix', true, ';id=5', ';id=3;id=4;id=5', ';role=admin;firstName=Alex'],
  ])('path style %s, explode %s', (style, explode, primitive, array, object) => {
    const param = { name: 'id', style, explode };
    expect(serializePathParam(param, 5)).toStrictEqual([primitive]);
    expect(serializePathParam(param, [3, 4, 5])).toStrictEqual([array]);
    expect(serializePathParam(param, { role: 'admin', firstName: 'Alex' })).toStrictEqual([object]);
  });

  it('encodes each value of a styled path parameter as part of one segment', () => {
    expect(serializePathParam({ name: 'p' }, ['a/b', 'c d'])).toStrictEqual(['a%2Fb,c%20d']);
    expect(serializePathParam({ name: 'p', style: 'matrix' }, 'x;y')).toStrictEqual([';p=x%3By']);
  });

  it('fills path templates and refuses missing values', () => {
    expect(buildPath('/a/{x}/b/{y}', { x: 'p q', y: 1 })).toBe('/a/p%20q/b/1');
    expect(() => buildPath('/a/{x}', {})).toThrow('missing path parameter "x"');
  });

  it.each([
    [{ name: 'q' }, 'a b', ['q=a%20b']],
    [{ name: 'flag' }, false, ['flag=false']],
    [{ name: 'n' }, 0, ['n=0']],
    [{ name: 'ids' }, [1, 2], ['ids=1', 'ids=2']],
    [{ name: 'ids', explode: false }, [1, 2], ['ids=1,2']],
    [{ name: 'ids', style: 'pipeDelimited', explode: false }, ['a', 'b'], ['ids=a|b']],
    [{ name: 'ids', style: 'spaceDelimited', explode: false }, ['a', 'b'], ['ids=a%20b']],
    [{ name: 'f', style: 'deepObject', explode: true }, { a: 1, b: 'x y' }, ['f%5Ba%5D=1', 'f%5Bb%5D=x%20y']],
    [
      { name: 'f', style: 'deepObject' },
      { a: { b: [1, null, 2] } },
      ['f%5Ba%5D%5Bb%5D%5B0%5D=1', 'f%5Ba%5D%5Bb%5D%5B2%5D=2'],
    ],
    [{ name: 'expand', style: 'deepObject' }, ['x', 'y'], ['expand%5B0%5D=x', 'expand%5B1%5D=y']],
    [{ name: 'f' }, { a: 1, b: 2 }, ['a=1', 'b=2']],
    [{ name: 'f', explode: false }, { a: 1, b: 2 }, ['f=a,1,b,2']],
    [{ name: 'at' }, new Date('2024-01-02T03:04:05Z'), ['at=2024-01-02T03%3A04%3A05.000Z']],
  ])('serializes query %j = %j', (param, value, want) => {
    expect(serializeQueryParam(param, value)).toStrictEqual(want);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('backs off exponentially with full jitter, capped', () => {
    const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000, statuses: [] };
    expect([0, 1, 2, 3, 4].map((a) => backoffMs(policy, a, () => 1))).toStrictEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(policy, 3, () => 0.5)).toBe(400);
    expect(backoffMs(policy, 3, () => 0)).toBe(0);
  });
});

describe('runtime/errors', () => {
  it.each([
    [{ errors: ['a', 'b'] }, 'a; b'],
    [{ error: 'nope' }, 'nope'],
    [{ message: 'm' }, 'm'],
    [{ title: 'Bad', detail: 'Details' }, 'Details'],
    [{ error: { message: 'nested' } }, 'nested'],
    ['plain text', 'plain text'],
    ['', undefined],
    [undefined, undefined],
    [{ other: 1 }, undefined],
    [{ errors: [{ message: 'first' }, 2, { code: 7 }] }, 'first; 2; {"code":7}'],
    [{ errors: [], message: 'm' }, 'm'],
    [{ error: '  ', message: ' spaced ' }, 'spaced'],
    ['x'.repeat(600), 'x'.repeat(500)],
  ])('reads the detail of %j', (body, want) => {
    expect(errorDetail(body)).toBe(want);
  });
});

describe('runtime templates', () => {
  it.each(['encode.ts', 'errors.ts', 'http.ts', 'http-extended.ts', 'http-retry.ts', 'websocket.ts'])(
    '%s is prettier-formatted with the generator options (it is copied unformatted)',
    async (name) => {
      const { readFileSync } = await import('node:fs');
      const prettier = await import('prettier');
      const { PRETTIER_OPTIONS } = await import('../../src/format.js');
      const text = readFileSync(new URL(`../../templates/runtime/${name}`, import.meta.url), 'utf8');
      expect(await prettier.check(text, { ...PRETTIER_OPTIONS, filepath: name })).toBe(true);
    },
  );
});

describe('runtime/http: refresh and credentials', () => {
  const op = (extra: Partial<OperationSpec> = {}): OperationSpec => ({
    id: 'upload',
    name: 'upload',
    method: 'PUT',
    path: '/upload',
    params: [],
    decode: decodeNone,
    security: [[bearerAuth]],
    ...extra,
  });
  const recording = (statuses: number[]) => {
    const calls: { url: string; headers: Record<string, string> }[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, headers: init.headers as Record<string, string> });
      return new Response(null, { status: statuses[calls.length - 1] ?? 200 });
    }) as unknown as typeof globalThis.fetch;
    return { calls, fetch };
  };

  it('does not replay a stream body after a 401, and says why', async () => {
    const { calls, fetch } = recording([401]);
    const passThrough = (body: unknown) => ({ body: body as BodyInit });
    const core = createExtendedCore({ baseUrl: 'http://x', fetch, token: () => 't' });
    const spec = op({ body: { mediaType: 'application/octet-stream', required: true, encode: passThrough } });
    const body = new ReadableStream({ start: (c) => c.close() });
    const error = await core.request(spec, { body }).catch((e: unknown) => e);
    expect(calls).toHaveLength(1);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain('(a stream body: not replayed with a new token)');
  });

  it('keeps an API key sent in the query out of error URLs and messages', async () => {
    const { calls, fetch } = recording([403]);
    const core = createClientCore({ baseUrl: 'http://x', fetch, apiKey: 'k3y' });
    const spec = op({
      method: 'GET',
      security: [[{ type: 'apiKey', in: 'query', name: 'api_key', serialize: serializeFormParam }]],
    });
    const error = (await core.request(spec, {}).catch((e: unknown) => e)) as ApiError;
    expect(calls[0]!.url).toBe('http://x/upload?api_key=k3y');
    expect(error.url).toBe('http://x/upload?api_key=REDACTED');
    expect(JSON.stringify(error)).not.toContain('k3y');
  });

  it.each([
    ['the lean core', createClientCore],
    ['the extended core', createExtendedCore],
  ])('redacts every query credential of an alternative, and only those (%s)', async (_, create) => {
    const { calls, fetch } = recording([403]);
    const core = create({ baseUrl: 'http://x', fetch, apiKey: 'k3y' });
    const spec = op({
      method: 'GET',
      // A parameter whose text holds a credential's text: it is not a credential, and stays as sent.
      params: [{ name: 'xapi_key', in: 'query', prop: 'xapiKey', serialize: serializeFormParam }],
      security: [
        [
          { type: 'apiKey', in: 'query', name: 'api_key', serialize: serializeFormParam },
          { type: 'apiKey', in: 'query', name: 'sig', serialize: serializeFormParam },
        ],
      ],
    });
    const error = (await core.request(spec, { xapiKey: 'k3y' }).catch((e: unknown) => e)) as ApiError;
    expect(calls[0]!.url).toBe('http://x/upload?xapi_key=k3y&api_key=k3y&sig=k3y');
    expect(error.url).toBe('http://x/upload?xapi_key=k3y&api_key=REDACTED&sig=REDACTED');
  });
});

describe('runtime/http: the lean core sends once; the extended core retries, within one deadline', () => {
  const get: OperationSpec = {
    id: 'getThing',
    name: 'getThing',
    method: 'GET',
    path: '/thing',
    params: [],
    decode: decodeJson,
    security: [],
  };
  /** A fetch answering with the statuses in turn (then 200 with `{"ok":true}`), recording each attempt. */
  const answering = (statuses: number[]) => {
    let calls = 0;
    const fetch = (async () => {
      const status = statuses[calls++] ?? 200;
      return status === 200
        ? new Response('{"ok":true}', { status, headers: { 'content-type': 'application/json' } })
        : new Response(null, { status, headers: { 'retry-after': '0' } });
    }) as unknown as typeof globalThis.fetch;
    return { fetch, calls: () => calls };
  };

  it('the lean core: one attempt, whatever the status', async () => {
    const { fetch, calls } = answering([503, 503]);
    const error = await createClientCore({ baseUrl: 'http://x', fetch })
      .request(get, {})
      .catch((e: unknown) => e);
    expect([(error as ApiError).status, calls()]).toStrictEqual([503, 1]);
  });

  it('the lean core refuses the options it cannot honour, naming what can', async () => {
    const { fetch, calls } = answering([]);
    const core = createClientCore({ baseUrl: 'http://x', fetch });
    for (const options of [{ timeoutMs: 5 }, { retry: { retries: 1 } }, { hooks: [] }]) {
      await expect(core.request(get, {}, options)).rejects.toBeInstanceOf(UnsupportedOptionError);
      await expect(core.request(get, {}, options)).rejects.toThrow(
        /^getThing: timeoutMs, retry and hooks need createExtendedCore or createClient$/,
      );
    }
    expect(calls()).toBe(0);
    expect(await core.request(get, {}, { retry: false })).toStrictEqual({ ok: true });
  });

  it('the extended core retries an idempotent call, each attempt through the hooks', async () => {
    const { fetch, calls } = answering([503, 502]);
    const attempts: number[] = [];
    const core = createExtendedCore({
      baseUrl: 'http://x',
      fetch,
      retry: { baseDelayMs: 1 },
      hooks: [{ onRequest: (_request, context) => void attempts.push(context.attempt) }],
    });
    expect(await core.request(get, {})).toStrictEqual({ ok: true });
    expect([calls(), attempts]).toStrictEqual([3, [0, 1, 2]]);
    // Without hooks (the extended core's shortest path) too; and not with retry: false.
    const plain = answering([503]);
    expect(
      await createExtendedCore({ baseUrl: 'http://x', fetch: plain.fetch, retry: { baseDelayMs: 1 } }).request(get, {}),
    ).toStrictEqual({ ok: true });
    expect(plain.calls()).toBe(2);
    const off = answering([503]);
    const refused = await createExtendedCore({ baseUrl: 'http://x', fetch: off.fetch })
      .request(get, {}, { retry: false })
      .catch((e: unknown) => e);
    expect([(refused as ApiError).status, off.calls()]).toStrictEqual([503, 1]);
  });

  // The shortest path keeps one retrying core per operation: what it sends through must still be looked up at
  // each call (msw and test doubles replace the global fetch after the client exists), and a call's own policy
  // still applies.
  it("the extended core's shortest path finds the global fetch at each call, and a call's own retry policy", async () => {
    const core = createExtendedCore({ baseUrl: 'http://x', retry: { baseDelayMs: 1 } });
    const original = globalThis.fetch;
    try {
      const first = answering([503]);
      globalThis.fetch = first.fetch;
      expect(await core.request(get, {})).toStrictEqual({ ok: true });
      const second = answering([503, 503]);
      globalThis.fetch = second.fetch;
      expect(await core.request(get, {})).toStrictEqual({ ok: true });
      const third = answering([503, 503]);
      globalThis.fetch = third.fetch;
      const refused = await core.request(get, {}, { retry: { retries: 1 } }).catch((e: unknown) => e);
      expect([first.calls(), second.calls(), (refused as ApiError).status, third.calls()]).toStrictEqual([
        2, 3, 503, 2,
      ]);
    } finally {
      globalThis.fetch = original;
    }
  });

  it('a deadline covers the waits between attempts, and the hooks see the TimeoutError', async () => {
    let calls = 0;
    // 503 with no Retry-After: the policy's backoff (up to a minute, jittered) decides the wait.
    const fetch = (async () => {
      calls++;
      return new Response(null, { status: 503 });
    }) as unknown as typeof globalThis.fetch;
    const seen: RequestError[] = [];
    const core = createExtendedCore({
      baseUrl: 'http://x',
      fetch,
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      timeoutMs: 40,
      hooks: [{ onError: (error) => void seen.push(error) }],
    });
    const started = Date.now();
    const error = await core.request(get, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect([(error as TimeoutError).timeoutMs, (error as TimeoutError).operationId]).toStrictEqual([40, 'getThing']);
    expect(seen).toStrictEqual([error]);
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
