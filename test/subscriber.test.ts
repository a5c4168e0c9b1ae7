/**
 * The generated WebSocket subscriber (generated/golem-client/dist) against a real `ws` server on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as Ws, type WebSocket } from 'ws';
import {
  BufferOverflowError,
  createClient,
  MalformedFrameError,
  SubscriptionError,
  UNKNOWN_EVENT,
  type Client,
  type LifecycleEvent,
  type StreamWorkerEventsEvent,
  type UnknownEvent,
} from '../generated/golem-client/dist/index.js';
import { repoRoot } from './helpers.js';
import { startGolemServer, type GolemServer } from './support/golem-server.js';

const params = { componentId: '7d1f5a0e-3c0b-4b43-9a38-1f0e6e2a9c11', agentName: 'a/b c?#%' };
const fast = { reconnect: { baseDelayMs: 10, maxDelayMs: 50 } };
let server: GolemServer;
let client: Client;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  server = await startGolemServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.rejectUpgrades(undefined);
  server.upgrades.length = 0;
  sockets.length = 0;
});

function serve(handler: (socket: WebSocket, index: number) => void) {
  server.onSocket((socket) => {
    sockets.push(socket);
    handler(socket, sockets.length - 1);
  });
}

const ev = (type: string, message?: string) => JSON.stringify({ type, ...(message === undefined ? {} : { message }) });

async function take<T>(iterable: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  if (n === 0) return out;
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= n) break;
  }
  return out;
}

function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () =>
      check()
        ? resolve()
        : Date.now() - started > timeoutMs
          ? reject(new Error('timed out waiting'))
          : setTimeout(tick, 5);
    tick();
  });
}

describe('streamWorkerEvents', () => {
  beforeAll(() => {
    client = createClient({ baseUrl: server.url, token: 'tok' });
  });

  it('delivers typed events in order, with the bearer token in the handshake', async () => {
    serve((socket) => {
      for (const type of ['InvocationStart', 'StdOut', 'StdErr', 'Log', 'InvocationFinished'])
        socket.send(ev(type, type.toLowerCase()));
    });
    const subscription = client.streamWorkerEvents(params);
    expect(subscription.state).toBe('connecting');
    const events = await take(subscription, 5);
    expect(events.map((e) => e.type)).toStrictEqual([
      'InvocationStart',
      'StdOut',
      'StdErr',
      'Log',
      'InvocationFinished',
    ]);
    const first = events[1]!;
    if (first.type === 'StdOut') {
      const text: string | undefined = first.message; // narrowed on `type`
      expect(text).toBe('stdout');
    }
    expect(server.upgrades[0]!.headers.authorization).toBe('Bearer tok');
    expect(server.upgrades[0]!.url).toBe(`/v1/components/${params.componentId}/workers/a%2Fb%20c%3F%23%25/connect`);
    expect(subscription.state).toBe('closed');
  });

  it('dispatches to typed handlers, onEvent and lifecycle handlers', async () => {
    serve((socket) => {
      socket.send(ev('StdOut', 'out'));
      socket.send(ev('Log', 'log'));
      socket.send(ev('StdOut', 'out2'));
    });
    const subscription = client.streamWorkerEvents(params);
    const out: (string | undefined)[] = [];
    const all: string[] = [];
    const lifecycle: string[] = [];
    subscription.on('StdOut', (e) => out.push(e.message));
    subscription.onEvent((e) => all.push(e.type));
    subscription.onLifecycle((e) => lifecycle.push(e.type));
    await waitFor(() => all.length === 3);
    expect(out).toStrictEqual(['out', 'out2']);
    expect(all).toStrictEqual(['StdOut', 'Log', 'StdOut']);
    expect(subscription.state).toBe('open');
    subscription.close();
    expect(lifecycle).toStrictEqual(['connecting', 'open', 'closed']);
    expect(subscription.state).toBe('closed');
  });

  it('delivers an event of an unlisted type as an unknown event with its raw data', async () => {
    serve((socket) => socket.send(JSON.stringify({ type: 'Checkpoint', n: 1 })));
    const [event] = await take(client.streamWorkerEvents(params), 1);
    expect(event).toStrictEqual({
      type: UNKNOWN_EVENT,
      originalType: 'Checkpoint',
      data: { type: 'Checkpoint', n: 1 },
    } satisfies UnknownEvent);
  });

  it('reads binary frames of UTF-8 JSON as events, reports malformed frames as errors and goes on', async () => {
    serve((socket) => {
      socket.send('{not json');
      socket.send(Buffer.from([0xff, 0xfe, 0x01]));
      socket.send('[1,2]');
      socket.send(Buffer.from(ev('StdErr', "binary JSON, as Golem's CLI reads it")));
      socket.send(ev('StdOut', 'still here'));
    });
    const subscription = client.streamWorkerEvents(params);
    const errors: Error[] = [];
    subscription.onError((e) => errors.push(e));
    const events = await take(subscription, 2);
    expect(events).toStrictEqual([
      { type: 'StdErr', message: "binary JSON, as Golem's CLI reads it" },
      { type: 'StdOut', message: 'still here' },
    ]);
    expect(errors.map((e) => [e.constructor, e.message])).toStrictEqual([
      [MalformedFrameError, 'malformed frame: invalid JSON'],
      [MalformedFrameError, 'malformed frame: binary frame that is not UTF-8 text'],
      [MalformedFrameError, 'malformed frame: payload is not a JSON object'],
    ]);
    expect((errors[0] as MalformedFrameError).raw).toBe('{not json');
    expect(subscription.stats).toMatchObject({ received: 5, delivered: 2, malformed: 3 });
  });

  it('reconnects after the server drops the connection, calling the token function again', async () => {
    serve((socket, i) => {
      socket.send(ev('StdOut', `connection ${i}`));
      if (i === 0) setTimeout(() => socket.terminate(), 20);
    });
    let tokenCalls = 0;
    const refreshing = createClient({ baseUrl: server.url, token: () => `tok-${++tokenCalls}` });
    const subscription = refreshing.streamWorkerEvents(params, fast);
    const lifecycle: LifecycleEvent[] = [];
    subscription.onLifecycle((e) => lifecycle.push(e));
    const events = await take(subscription, 2);
    expect(events.map((e) => (e as { message?: string }).message)).toStrictEqual(['connection 0', 'connection 1']);
    expect(server.upgrades.map((u) => u.headers.authorization)).toStrictEqual(['Bearer tok-1', 'Bearer tok-2']);
    const reconnect = lifecycle.find((e) => e.type === 'reconnecting');
    expect(reconnect).toMatchObject({
      type: 'reconnecting',
      attempt: 1,
      reason: expect.stringContaining('connection closed'),
    });
    expect(subscription.stats.reconnects).toBe(1);
  });

  it('resets the attempt counter once a connection has been stable', async () => {
    serve((socket) => setTimeout(() => socket.terminate(), 250));
    const subscription = client.streamWorkerEvents(params, {
      reconnect: { baseDelayMs: 5, maxDelayMs: 10, stableAfterMs: 50 },
    });
    const attempts: number[] = [];
    subscription.onLifecycle((e) => e.type === 'reconnecting' && attempts.push(e.attempt));
    await waitFor(() => attempts.length >= 3);
    subscription.close();
    expect(attempts.slice(0, 3)).toStrictEqual([1, 1, 1]);
  });

  it('gives up after maxAttempts with a SubscriptionError', async () => {
    server.rejectUpgrades(503);
    const subscription = client.streamWorkerEvents(
      { ...params, agentName: 'max-attempts' },
      { reconnect: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } },
    );
    await expect(take(subscription, 1)).rejects.toThrow(SubscriptionError);
    // The first try and two reconnects (a previous test's late upgrade may also be in the list).
    expect(server.upgrades.filter((u) => u.url!.includes('/max-attempts/'))).toHaveLength(3);
    expect(subscription.state).toBe('closed');
  });

  // The HTTP status of a rejected handshake is seen through `ws` (Node 22+'s own WebSocket hides it: below).
  it('a handshake rejected with 401 is a typed error, not a reconnect loop', async () => {
    server.rejectUpgrades(401);
    const subscription = client.streamWorkerEvents(params, { ...fast, WebSocket: Ws });
    const errors: Error[] = [];
    subscription.onError((e) => errors.push(e));
    const error = await take(subscription, 1).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SubscriptionError);
    expect((error as SubscriptionError).status).toBe(401);
    expect(errors).toStrictEqual([error]);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.upgrades).toHaveLength(1);
    expect(subscription.state).toBe('closed');
  });

  it('a handshake rejected with 401 asks the token function again ({ rejected }) and reconnects once', async () => {
    server.rejectUpgrades((req) => (req.headers.authorization === 'Bearer old' ? 401 : undefined));
    serve((socket) => socket.send(ev('StdOut', 'with the new token')));
    const asked: unknown[] = [];
    const refreshing = createClient({
      baseUrl: server.url,
      WebSocket: Ws,
      token: (context) => (asked.push(context), context?.rejected ? 'new' : 'old'),
    });
    const [event] = await take(refreshing.streamWorkerEvents(params, fast), 1);
    expect(event).toStrictEqual({ type: 'StdOut', message: 'with the new token' });
    expect(asked).toStrictEqual([undefined, { rejected: 'old' }]);
    expect(server.upgrades.map((u) => u.headers.authorization)).toStrictEqual(['Bearer old', 'Bearer new']);

    // A second 401 in a row ends the stream with the error; the token function is not asked a third time.
    server.upgrades.length = 0;
    asked.length = 0;
    server.rejectUpgrades(401);
    const error = await take(refreshing.streamWorkerEvents(params, fast), 1).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect([error instanceof SubscriptionError, (error as SubscriptionError).status]).toStrictEqual([true, 401]);
    expect(asked).toStrictEqual([undefined, { rejected: 'old' }]);
    expect(server.upgrades).toHaveLength(2);
  });

  it('where the platform hides the handshake status, asks the token function again before each next attempt', async () => {
    server.rejectUpgrades(401);
    const asked: unknown[] = [];
    // undici's WebSocket (Node 22+'s platform one) reports a failed handshake without its status.
    const { WebSocket: Undici } = await import('undici');
    const hidden = createClient({
      baseUrl: server.url,
      WebSocket: Undici,
      token: (context) => (asked.push(context), `t${asked.length}`),
    });
    const subscription = hidden.streamWorkerEvents(params, {
      reconnect: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
    });
    const error = await take(subscription, 1).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(asked).toStrictEqual([undefined, { rejected: 't1' }, { rejected: 't2' }]);
    expect((error as Error).message).toBe(
      "streamWorkerEvents: connection lost (handshake failed; this platform's WebSocket does not say the HTTP status); gave up after 2 reconnect attempts (none of them opened)",
    );
  });

  it('says, when it gives up, how many attempts opened before they dropped again', async () => {
    serve((socket) => setTimeout(() => socket.close(1011, 'boom'), 5));
    const subscription = client.streamWorkerEvents(params, {
      reconnect: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
    });
    const error = await take(subscription, 1).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe(
      'streamWorkerEvents: connection lost (connection closed (code 1011: boom)); gave up after 2 reconnect attempts (2 opened and closed again before the connection was stable)',
    );
  });

  it('treats a silent connection as dead and reconnects (liveness)', async () => {
    serve((socket, i) => {
      if (i === 1) socket.send(ev('StdOut', 'after reconnect'));
    });
    const subscription = client.streamWorkerEvents(params, { ...fast, idleTimeoutMs: 100 });
    const reasons: string[] = [];
    subscription.onLifecycle((e) => e.type === 'reconnecting' && reasons.push(e.reason));
    const [event] = await take(subscription, 1);
    expect(event).toStrictEqual({ type: 'StdOut', message: 'after reconnect' });
    expect(reasons[0]).toBe('no message or ping for 100 ms');
  });

  it.each([
    ['close()', (s: { close(): void }, _c: AbortController) => s.close()],
    ['abort', (_s: { close(): void }, c: AbortController) => c.abort()],
  ])('%s closes the socket and ends iteration', async (_name, end) => {
    let closed = false;
    serve((socket) => {
      socket.on('close', () => (closed = true));
      socket.send(ev('StdOut', 'one'));
    });
    const controller = new AbortController();
    const subscription = client.streamWorkerEvents(params, { ...fast, signal: controller.signal });
    const received: StreamWorkerEventsEvent[] = [];
    const done = (async () => {
      for await (const event of subscription) {
        received.push(event as StreamWorkerEventsEvent);
        end(subscription, controller);
      }
    })();
    await done;
    expect(received).toHaveLength(1);
    await waitFor(() => closed);
    expect(subscription.state).toBe('closed');
    await new Promise((r) => setTimeout(r, 50));
    expect(server.upgrades).toHaveLength(1); // no reconnect after an intentional end
  });

  it('break out of for await closes the socket', async () => {
    let closed = false;
    serve((socket) => {
      socket.on('close', () => (closed = true));
      socket.send(ev('Log', 'x'));
    });
    const subscription = client.streamWorkerEvents(params);
    await take(subscription, 1);
    await waitFor(() => closed);
    expect(subscription.state).toBe('closed');
  });

  it('bounds the buffer of a slow consumer: drop-oldest keeps the newest events and counts the dropped', async () => {
    serve((socket) => {
      for (let i = 0; i < 20; i++) socket.send(ev('StdOut', String(i)));
    });
    const subscription = client.streamWorkerEvents(params, { bufferSize: 5 });
    const iterator = subscription[Symbol.asyncIterator]();
    await waitFor(() => subscription.stats.delivered === 20);
    const got: string[] = [];
    for (let i = 0; i < 5; i++) got.push(((await iterator.next()).value as { message: string }).message);
    expect(got).toStrictEqual(['15', '16', '17', '18', '19']);
    expect(subscription.stats.dropped).toBe(15);
    await iterator.return!();
  });

  it("overflow: 'drop-newest' keeps the oldest, 'error' ends the loop with BufferOverflowError", async () => {
    serve((socket) => {
      for (let i = 0; i < 10; i++) socket.send(ev('StdOut', String(i)));
    });
    const keepOld = client.streamWorkerEvents(params, { bufferSize: 3, overflow: 'drop-newest' });
    const it1 = keepOld[Symbol.asyncIterator]();
    await waitFor(() => keepOld.stats.delivered === 10);
    const got: string[] = [];
    for (let i = 0; i < 3; i++) got.push(((await it1.next()).value as { message: string }).message);
    expect(got).toStrictEqual(['0', '1', '2']);
    await it1.return!();

    const strict = client.streamWorkerEvents(params, { bufferSize: 3, overflow: 'error' });
    const it2 = strict[Symbol.asyncIterator]();
    await waitFor(() => strict.state === 'closed');
    await expect(
      (async () => {
        for (;;) if ((await it2.next()).done) return;
      })(),
    ).rejects.toThrow(BufferOverflowError);
  });

  it('uses the WebSocket constructor passed in the options', async () => {
    const { WebSocket: WsSocket } = await import('ws');
    let constructed = 0;
    class Counting extends WsSocket {
      constructor(...args: ConstructorParameters<typeof WsSocket>) {
        super(...args);
        constructed++;
      }
    }
    serve((socket) => socket.send(ev('StdOut', 'x')));
    await take(client.streamWorkerEvents(params, { WebSocket: Counting as never }), 1);
    expect(constructed).toBe(1);
    expect(server.upgrades[0]!.headers.authorization).toBe('Bearer tok');
  });

  it('leaves no handle open: a Node program that subscribes and closes exits by itself', async () => {
    const program = `
      import { WebSocketServer } from 'ws';
      import { createClient } from ${JSON.stringify(path.join(repoRoot, 'generated/golem-client/dist/index.js'))};
      const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
      await new Promise((r) => wss.on('listening', r));
      wss.on('connection', (s) => s.send(JSON.stringify({ type: 'StdOut', message: 'hi' })));
      const client = createClient({ baseUrl: 'http://127.0.0.1:' + wss.address().port, token: 't' });
      for await (const event of client.streamWorkerEvents({ componentId: 'c', agentName: 'a' }, { idleTimeoutMs: 60000 })) {
        console.log(event.message);
        break;
      }
      wss.close();`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error('the program did not exit: a handle was left open'));
      }, 10_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect([code, stdout.trim()]).toStrictEqual([0, 'hi']);
  });
});

describe("the platform's WebSocket in Node (undici, as in Node 22+)", () => {
  it('is preferred when present and carries the Authorization header', async () => {
    const received = new Promise<string | undefined>((resolve) => {
      serve((socket) => socket.send(ev('StdOut', 'from undici')));
      const check = setInterval(() => {
        const upgrade = server.upgrades.find((u) => u.url!.includes('/undici-worker/'));
        if (upgrade) {
          clearInterval(check);
          resolve(upgrade.headers.authorization);
        }
      }, 5);
    });
    const program = `
      import { WebSocket } from 'undici';
      globalThis.WebSocket = WebSocket; // what Node 22+ has built in
      const { createClient } = await import(${JSON.stringify(path.join(repoRoot, 'generated/golem-client/dist/index.js'))});
      const client = createClient({ baseUrl: ${JSON.stringify(server.url)}, token: 'platform-token' });
      for await (const event of client.streamWorkerEvents({ componentId: 'c', agentName: 'undici-worker' })) {
        console.log(event.message);
        break;
      }`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect([code, stdout.trim(), stderr]).toStrictEqual([0, 'from undici', '']);
    expect(await received).toBe('Bearer platform-token');
  });
});

describe('closing while a connection is still being opened', () => {
  it('does not crash the process with an unhandled error event', async () => {
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      // The server never answers the upgrade, so the socket stays in CONNECTING until we close it.
      const { createServer } = await import('node:net');
      const silent = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as { port: number }).port;
      const stuck = createClient({ baseUrl: `http://127.0.0.1:${port}` }).streamWorkerEvents(params);
      await new Promise((r) => setTimeout(r, 50));
      expect(stuck.state).toBe('connecting');
      stuck.close();
      await new Promise((r) => setTimeout(r, 50));
      expect(stuck.state).toBe('closed');
      expect(errors).toStrictEqual([]);
      silent.close();
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});
