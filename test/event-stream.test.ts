/**
 * Server-sent events through a generated client (test/fixtures/features/event-stream.yaml) against a local
 * server: typed data, names and ids, `retry:`, reconnecting with Last-Event-ID, 204 and 404, abort, the
 * bounded buffer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { runPipeline } from '../src/pipeline.js';
import { plan, write } from '../src/write.js';
import { repoRoot, tempDir } from './helpers.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let server: Server;
let base: string;
let handler: Handler;
let connections: {
  url: string;
  lastEventId: string | undefined;
  accept: string | undefined;
  authorization?: string | undefined;
  idempotencyKey?: string | undefined;
}[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let m: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let v: any;
let runtimeFiles: string[];

beforeAll(async () => {
  server = createServer((req, res) => {
    connections.push({
      url: req.url!,
      lastEventId: req.headers['last-event-id'] as string | undefined,
      accept: req.headers.accept,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      ...(req.headers['idempotency-key'] ? { idempotencyKey: req.headers['idempotency-key'] as string } : {}),
    });
    handler(req, res, connections.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const config = resolveConfig({
    cwd: repoRoot,
    adHoc: true,
    flags: { openapi: 'test/fixtures/features/event-stream.yaml', out: 'unused', typecheck: true },
  });
  const result = await runPipeline(config);
  runtimeFiles = [...result.files.keys()].filter((f) => f.startsWith('src/runtime/'));
  const out = tempDir();
  await write(out, result.files, await plan(out, result.files));
  m = await import(pathToFileURL(path.join(out, 'dist/index.js')).href);
  v = await import(pathToFileURL(path.join(out, 'dist/validators.js')).href);
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  connections = [];
});

const stream = (res: ServerResponse, text: string, end = true) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(text);
  if (end) res.end();
};

async function take<T>(iterable: AsyncIterable<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length === count) break;
  }
  return out;
}

describe('event streams', () => {
  it('copy the stream session and its parts into the package, and none of the WebSocket client', () => {
    expect(runtimeFiles).toStrictEqual([
      'src/runtime/decode.ts',
      'src/runtime/encode.ts',
      'src/runtime/errors.ts',
      'src/runtime/fake.ts',
      'src/runtime/http-extended.ts',
      'src/runtime/http-retry.ts',
      'src/runtime/http.ts',
      'src/runtime/int64.ts',
      'src/runtime/sse-parser.ts',
      'src/runtime/sse.ts',
      'src/runtime/stream-backoff.ts',
      'src/runtime/stream-buffer.ts',
      'src/runtime/stream-session.ts',
      'src/runtime/validate-formats.ts',
      'src/runtime/validate.ts',
    ]);
  });

  it('delivers typed JSON data (int64 exact) with names and ids, and asks for text/event-stream', async () => {
    handler = (_req, res) =>
      stream(
        res,
        'event: log\nid: 1\ndata: {"seq": 9223372036854775807, "text": "started"}\n\n: keep-alive\n\ndata: {"seq": 2, "text": "b"}\n\n',
        false,
      );
    const client = m.createClient({ baseUrl: base });
    const events = await take(client.streamLogs({ worker: 'w 1', level: 'info' }), 2);
    expect(events).toStrictEqual([
      { event: 'log', id: '1', data: { seq: 9223372036854775807n, text: 'started' } },
      { event: 'message', id: '1', data: { seq: 2n, text: 'b' } },
    ]);
    expect(connections[0]).toStrictEqual({
      url: '/workers/w%201/logs?level=info',
      lastEventId: undefined,
      accept: 'text/event-stream',
    });
  });

  it("validate 'throw': an event whose data is not what the spec says goes to the error channel, the rest are delivered", async () => {
    handler = (_req, res) =>
      stream(
        res,
        'data: {"seq": 1, "text": "a"}\n\ndata: {"seq": "x", "text": "b"}\n\ndata: {"seq": 3, "text": "c"}\n\n',
        false,
      );
    const client = m.createClient({ baseUrl: base, validate: 'throw', validation: v.validation });
    const logs = client.streamLogs({ worker: 'w', level: 'info' });
    const errors: { name: string; operation: string; issues: unknown }[] = [];
    logs.onError((error: { name: string; operation: string; issues: unknown }) => errors.push(error));
    const events = (await take(logs, 2)) as { data: { text: string } }[];
    expect(events.map((e) => e.data.text)).toStrictEqual(['a', 'c']);
    expect(errors.map((e) => [e.name, e.operation, e.issues])).toStrictEqual([
      ['ValidationError', 'streamLogs', [{ message: 'expected a bigint', path: ['seq'] }]],
    ]);
  });

  it('reconnects when the stream ends, sending Last-Event-ID and waiting what retry: asks', async () => {
    handler = (_req, res, n) =>
      n === 1 ? stream(res, 'retry: 50\nid: 41\ndata: one\n\n') : stream(res, 'id: 42\ndata: two\n\n', false);
    const client = m.createClient({ baseUrl: base });
    const ticks = client.ticks();
    const lifecycle: string[] = [];
    ticks.onLifecycle((e: { type: string; delayMs?: number }) =>
      lifecycle.push(e.delayMs ? `${e.type} ${e.delayMs}` : e.type),
    );
    expect(await take(ticks, 2)).toStrictEqual([
      { event: 'message', id: '41', data: 'one' },
      { event: 'message', id: '42', data: 'two' },
    ]);
    expect(connections.map((c) => c.lastEventId)).toStrictEqual([undefined, '41']);
    expect(lifecycle).toStrictEqual(['connecting', 'open', 'reconnecting 50', 'connecting', 'open', 'closed']);
    expect(ticks.stats).toMatchObject({ received: 2, delivered: 2, reconnects: 1 });
  });

  it('stops for good on 204 and on 404, with the status', async () => {
    handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    const ended = m.createClient({ baseUrl: base }).ticks();
    expect(await take(ended, 5)).toStrictEqual([]);
    expect(ended.state).toBe('closed');
    handler = (_req, res) => {
      res.writeHead(404);
      res.end();
    };
    const refused = m.createClient({ baseUrl: base }).streamLogs({ worker: 'nope' });
    await expect(take(refused, 1)).rejects.toMatchObject({ name: 'SubscriptionError', status: 404 });
    expect(connections).toHaveLength(2);
  });

  it('stops on the caller’s signal and on close(), and resumes from lastEventId when asked', async () => {
    handler = (_req, res) => stream(res, 'id: 9\ndata: x\n\n', false);
    const controller = new AbortController();
    const client = m.createClient({ baseUrl: base });
    const aborted = client.ticks({}, { signal: controller.signal, lastEventId: '8' });
    const first = await take(aborted, 1);
    controller.abort();
    expect(first).toStrictEqual([{ event: 'message', id: '9', data: 'x' }]);
    expect(aborted.state).toBe('closed');
    expect(aborted.lastEventId).toBe('9');
    expect(connections[0]!.lastEventId).toBe('8');
    const closed = client.ticks();
    closed.close();
    expect(await take(closed, 1)).toStrictEqual([]);
  });

  it('holds at most bufferSize events for a consumer that falls behind, dropping the oldest', async () => {
    const body = Array.from({ length: 10 }, (_, i) => `data: ${i}\n\n`).join('');
    handler = (_req, res) => stream(res, body, false);
    const ticks = m.createClient({ baseUrl: base }).ticks({}, { bufferSize: 3 });
    const seen: string[] = [];
    ticks.onEvent((e: { data: string }) => seen.push(e.data));
    const iterator = ticks[Symbol.asyncIterator]();
    const first = await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rest = [
      (await iterator.next()).value.data,
      (await iterator.next()).value.data,
      (await iterator.next()).value.data,
    ];
    ticks.close();
    expect(seen).toHaveLength(10);
    expect([first.value.data, ...rest]).toStrictEqual(['0', '7', '8', '9']);
    expect(ticks.stats.dropped).toBe(6);
  });

  it('reports data that is not JSON as a malformed event and goes on', async () => {
    handler = (_req, res) => stream(res, 'data: {nope\n\ndata: {"seq": 1, "text": "ok"}\n\n', false);
    const logs = m.createClient({ baseUrl: base }).streamLogs({ worker: 'w' });
    const errors: string[] = [];
    logs.onError((e: Error) => errors.push(e.message));
    expect(await take(logs, 1)).toStrictEqual([{ event: 'message', data: { seq: 1n, text: 'ok' } }]);
    expect(errors).toStrictEqual(['malformed frame: event data that is not JSON']);
    expect(logs.stats).toMatchObject({ received: 2, malformed: 1, delivered: 1 });
  });

  it('opens each connection through the request core: hooks, a refreshed token after a 401, the idempotency key', async () => {
    handler = (_req, res, n) => {
      if (n === 1) {
        res.writeHead(401);
        res.end();
      } else stream(res, 'data: started\n\ndata: done\n\n');
    };
    const asked: unknown[] = [];
    const seen: string[] = [];
    const client = m.createClient({
      baseUrl: base,
      token: async (context?: { rejected?: string }) => {
        asked.push(context);
        return context?.rejected ? 'fresh' : 'stale';
      },
      hooks: [
        {
          onRequest: (r: { method: string; url: string }, c: { operation: string; attempt: number }) =>
            void seen.push(`${c.operation} ${c.attempt} ${r.method} ${new URL(r.url).pathname}`),
        },
      ],
    });
    const job = client.runJob({ body: { task: 'build' } }, { reconnect: false });
    expect(await take(job, 2)).toStrictEqual([
      { event: 'message', data: 'started' },
      { event: 'message', data: 'done' },
    ]);
    expect(asked).toStrictEqual([undefined, { rejected: 'stale' }]);
    expect(connections.map((c) => c.authorization)).toStrictEqual(['Bearer stale', 'Bearer fresh']);
    expect(seen).toStrictEqual(['runJob 0 POST /jobs', 'runJob 1 POST /jobs']);
    // One key, made by the client, for both attempts: the server runs the job once.
    expect(connections[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(connections[1]!.idempotencyKey).toBe(connections[0]!.idempotencyKey);
    expect(connections[0]!.accept).toBe('text/event-stream');
  });

  it('on a lean core, a deadline it cannot honour closes the stream at once: nothing sent, no reconnects', async () => {
    handler = (_req, res) => stream(res, 'data: 1\n\n');
    const core = m.createClientCore({ baseUrl: base });
    const events = m.ticks(core, {}, { timeoutMs: 50, reconnect: { baseDelayMs: 1 } });
    const error = await take(events, 1).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SubscriptionError', cause: { name: 'UnsupportedOptionError' } });
    expect((error as Error).message).toMatch(/timeoutMs, retry and hooks need createExtendedCore or createClient/);
    expect([events.state, events.stats.reconnects, connections]).toStrictEqual(['closed', 0, []]);
  });

  it('bounds the wait for the response with timeoutMs, and says why it gave up', async () => {
    handler = () => undefined; // never answers
    const client = m.createClient({ baseUrl: base });
    const slow = client.ticks({}, { timeoutMs: 50, reconnect: false });
    const error = await take(slow, 1).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SubscriptionError', cause: { name: 'TimeoutError', timeoutMs: 50 } });
    expect((error as Error).message).toContain('timed out after 50 ms');
    expect(slow.state).toBe('closed');
  });
});
