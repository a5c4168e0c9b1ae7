/**
 * Realtime clients generated from the AsyncAPI fixtures (test/fixtures/features), against a real `ws` server
 * on 127.0.0.1, each session over `ws` (Node 20) and over undici's WebSocket (Node 22+'s platform one): a
 * duplex connection with request/reply (AsyncAPI 3, modelled on Kraken), sending on an AsyncAPI 2 channel
 * (modelled on Slack RTM), an externally tagged union with binary frames; then a 101 route without AsyncAPI,
 * and quiet streams kept alive by pings. The browser runs in browser.test.ts.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as UndiciWebSocket } from 'undici';
import { WebSocket as NodeWebSocket, WebSocketServer, type WebSocket } from 'ws';
import { resolveConfig } from '../src/config.js';
import { runPipeline } from '../src/pipeline.js';
import { plan, write } from '../src/write.js';
import { repoRoot, strictDiagnostics, tempDir } from './helpers.js';

async function generate(fixture: string): Promise<string> {
  const kind = fixture.includes('asyncapi') ? 'asyncapi' : 'openapi';
  const config = resolveConfig({
    cwd: repoRoot,
    adHoc: true,
    flags: { [kind]: `test/fixtures/features/${fixture}`, out: 'unused' },
  });
  const result = await runPipeline(config);
  const out = tempDir();
  await write(out, result.files, await plan(out, result.files));
  return out;
}

// The generated packages are untyped here (they live in temp dirs); their types are checked below with tsc.
// They sit outside this repository, where `ws` cannot be found: it is passed in the client config.
type Pkg = {
  createClient(config?: object): any;
  ReplyTimeoutError: new () => Error;
  SubscriptionError: new () => Error;
};
const load = async (dir: string): Promise<Pkg> => (await import(path.join(dir, 'dist/index.js'))) as Pkg;

let market: string;
let chat: string;
let tagged: string;
let routeAlone: string;
let multiChannel: string;
let sendReceive: string;
let wss: WebSocketServer;
let baseUrl: string;
let handler: (socket: WebSocket, url: string) => void = () => {};
const upgrades: string[] = [];

beforeAll(async () => {
  [market, chat, tagged, routeAlone, multiChannel, sendReceive] = await Promise.all([
    generate('market-asyncapi-3.yaml'),
    generate('chat-asyncapi-2.yaml'),
    generate('tagged-asyncapi-2.yaml'),
    generate('websocket-route-alone.yaml'),
    generate('multi-channel-socket-asyncapi-3.yaml'),
    generate('send-receive-channels-asyncapi-3.yaml'),
  ]);
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(wss.address() as { port: number }).port}`;
  wss.on('connection', (socket, request) => {
    upgrades.push(request.url!);
    handler(socket, request.url!);
  });
}, 60_000);
afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
});

const json = (socket: WebSocket, value: unknown) => socket.send(JSON.stringify(value));
/** The same sessions over `ws` (Node 20) and over undici's WebSocket (Node 22+'s platform WebSocket). */
const transports = [
  ['ws', NodeWebSocket],
  ['undici', UndiciWebSocket],
] as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a duplex connection with request/reply (AsyncAPI 3)', () => {
  it.each(transports)(
    'over %s: correlates replies by reqid, fills in the id, times out, and delivers the other events',
    async (_name, WebSocketImpl) => {
      const received: unknown[] = [];
      handler = (socket) => {
        json(socket, { event: 'heartbeat' });
        socket.on('message', (data) => {
          const message = JSON.parse(String(data)) as { event: string; reqid?: number; pair?: string[] };
          received.push(message);
          if (message.event === 'ping' && message.reqid !== 99) json(socket, { event: 'pong', reqid: message.reqid });
          if (message.event === 'subscribe') {
            // A status for somebody else's request first: it must not answer ours.
            json(socket, { event: 'subscriptionStatus', reqid: 12345, status: 'error' });
            json(socket, { event: 'subscriptionStatus', reqid: message.reqid, status: 'subscribed' });
          }
        });
      };
      const { createClient, ReplyTimeoutError } = await load(market);
      const connection = createClient({ baseUrl, WebSocket: WebSocketImpl }).connectCurrencyExchange(undefined, {
        reconnect: false,
      });
      const heartbeats: unknown[] = [];
      connection.on('heartbeat', (e: unknown) => heartbeats.push(e));
      // Sent before the socket is open: queued, then sent in order.
      const pong = await connection.request('receivePing', { event: 'ping' });
      const status = await connection.request('receiveSubscribeRequest', { event: 'subscribe', pair: ['XBT/EUR'] });
      const own = await connection.request('receivePing', { event: 'ping', reqid: 7 });
      await expect(
        connection.request('receivePing', { event: 'ping', reqid: 99 }, { timeoutMs: 100 }),
      ).rejects.toBeInstanceOf(ReplyTimeoutError);
      expect([pong, status, own]).toStrictEqual([
        { event: 'pong', reqid: 1 },
        { event: 'subscriptionStatus', reqid: 2, status: 'subscribed' },
        { event: 'pong', reqid: 7 },
      ]);
      expect(received).toStrictEqual([
        { event: 'ping', reqid: 1 },
        { event: 'subscribe', pair: ['XBT/EUR'], reqid: 2 },
        { event: 'ping', reqid: 7 },
        { event: 'ping', reqid: 99 },
      ]);
      expect(heartbeats).toStrictEqual([{ event: 'heartbeat' }]);
      expect(connection.stats).toMatchObject({ sent: 4, malformed: 0 });
      expect(upgrades.at(-1)).toBe('/');
      connection.close();
      await expect(connection.send({ event: 'ping' })).rejects.toThrow('the connection is closed');
    },
  );

  it('a request whose connection drops fails at once instead of waiting for its timeout', async () => {
    handler = (socket) => socket.on('message', () => socket.terminate());
    const { createClient, SubscriptionError } = await load(market);
    const connection = createClient({ baseUrl, WebSocket: NodeWebSocket }).connectCurrencyExchange(
      {},
      { reconnect: false },
    );
    const started = Date.now();
    const error = await connection
      .request('receivePing', { event: 'ping' }, { timeoutMs: 10_000 })
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(SubscriptionError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('one socket described as several channels', () => {
  it.each(transports)(
    'over %s: one connection for one channel per message family: a request gets its reply on the socket it went out on',
    async (_name, WebSocketImpl) => {
      const sockets: string[] = [];
      handler = (socket, url) => {
        sockets.push(url);
        json(socket, { event: 'systemStatus', status: 'online' });
        socket.on('message', (data) => {
          const message = JSON.parse(String(data)) as { event: string; reqid?: number };
          if (message.event === 'ping') json(socket, { event: 'pong', reqid: message.reqid });
          if (message.event === 'subscribe')
            json(socket, { event: 'subscriptionStatus', reqid: message.reqid, status: 'subscribed' });
        });
      };
      const { createClient } = await load(multiChannel);
      const client = createClient({ baseUrl, WebSocket: WebSocketImpl });
      // One function for the socket, and none per channel.
      expect(Object.keys(client).filter((k) => k !== 'core')).toStrictEqual(['connectExchangeFeed']);
      const connection = client.connectExchangeFeed({}, { reconnect: false });
      const statuses: unknown[] = [];
      connection.on('systemStatus', (e: unknown) => statuses.push(e));
      expect(await connection.request('pingRequest', { event: 'ping' })).toStrictEqual({ event: 'pong', reqid: 1 });
      expect(await connection.request('subscribeRequest', { event: 'subscribe', pair: ['XBT/EUR'] })).toStrictEqual({
        event: 'subscriptionStatus',
        reqid: 2,
        status: 'subscribed',
      });
      expect(statuses).toStrictEqual([{ event: 'systemStatus', status: 'online' }]);
      expect(sockets).toStrictEqual(['/']);
      connection.close();
    },
  );

  it.each(transports)(
    'over %s: what the client sends on one channel is answered on the other, on the same connection',
    async (_name, WebSocketImpl) => {
      const sockets: string[] = [];
      handler = (socket, url) => {
        sockets.push(url);
        socket.on('message', (data) => {
          const chunk = JSON.parse(String(data)) as { data: string };
          json(socket, { type: 'transcript', text: `heard ${chunk.data}`, final: true });
        });
      };
      const { createClient } = await load(sendReceive);
      const connection = createClient({ baseUrl, WebSocket: WebSocketImpl }).connectListen({}, { reconnect: false });
      await connection.send({ type: 'audio', data: 'AAAA' });
      let first: unknown;
      for await (const event of connection) {
        first = event;
        break;
      }
      expect(first).toStrictEqual({ type: 'transcript', text: 'heard AAAA', final: true });
      expect(sockets).toStrictEqual(['/v1/listen']);
    },
  );
});

describe('sending on an AsyncAPI 2 channel (publish)', () => {
  it.each(transports)(
    'over %s: sends typed messages and receives the events on the same socket, int64 fields digit for digit',
    async (_name, WebSocketImpl) => {
      const got: unknown[] = [];
      handler = (socket) => {
        json(socket, { type: 'hello' });
        socket.on('message', (data) => {
          got.push(String(data));
          const message = JSON.parse(String(data)) as { channel: string; text: string };
          // int64 max: beyond a double's precision, so only an exact reader gets these digits.
          socket.send(
            `{"type":"message","channel":${JSON.stringify(message.channel)},"user":"echo","text":${JSON.stringify(message.text)},"ts":9223372036854775807}`,
          );
        });
      };
      const { createClient } = await load(chat);
      const connection = createClient({ baseUrl, WebSocket: WebSocketImpl }).connectChatRtm();
      await connection.send({ id: 9007199254740993n, type: 'message', channel: 'C1', text: 'hi' });
      const events: unknown[] = [];
      for await (const event of connection) {
        events.push(event);
        if (events.length === 2) break;
      }
      expect(events).toStrictEqual([
        { type: 'hello' },
        { type: 'message', channel: 'C1', user: 'echo', text: 'hi', ts: 9223372036854775807n },
      ]);
      // 2^53 + 1 goes out digit for digit.
      expect(got).toStrictEqual(['{"id":9007199254740993,"type":"message","channel":"C1","text":"hi"}']);
    },
  );
});

describe('an externally tagged union (serde)', () => {
  it.each(transports)(
    'over %s: dispatches by key, reads binary JSON frames, and hands over unknown keys',
    async (_name, WebSocketImpl) => {
      handler = (socket) => {
        json(socket, { StdOut: { text: 'out' } });
        socket.send(Buffer.from(JSON.stringify({ StdErr: { text: 'binary err' } })));
        json(socket, { Paused: {} });
        json(socket, { Exited: { code: 0 } });
      };
      const { createClient } = await load(tagged);
      const subscription = createClient({ baseUrl, WebSocket: WebSocketImpl }).watchOutput(
        { name: 'w 1' },
        { reconnect: false },
      );
      const byKind: string[] = [];
      subscription.on('StdOut', (e: { StdOut: { text: string } }) => byKind.push(`out:${e.StdOut.text}`));
      subscription.on('StdErr', (e: { StdErr: { text: string } }) => byKind.push(`err:${e.StdErr.text}`));
      const events: unknown[] = [];
      for await (const event of subscription) {
        events.push(event);
        if (events.length === 4) break;
      }
      expect(byKind).toStrictEqual(['out:out', 'err:binary err']);
      expect(events[2]).toStrictEqual({ type: '$unknown', originalType: 'Paused', data: { Paused: {} } });
      expect(events[3]).toStrictEqual({ Exited: { code: 0 } });
      expect(upgrades.at(-1)).toBe('/workers/w%201/output');
    },
  );

  it('type-checks for a consumer: narrowing by key, typed handlers, typed send and request', () => {
    writeFileSync(
      path.join(tagged, 'consumer.ts'),
      `import { createClient, type WatchOutputEvent } from './src/index.js';
const subscription = createClient().watchOutput({ name: 'x' });
subscription.on('Exited', (e) => e.Exited.code.toFixed());
// @ts-expect-error not a kind the spec lists
subscription.on('Paused', () => {});
export function show(event: WatchOutputEvent): string {
  if ('StdOut' in event) return event.StdOut.text;
  if ('StdErr' in event) return event.StdErr.text;
  return String(event.Exited.code);
}
`,
    );
    writeFileSync(
      path.join(market, 'consumer.ts'),
      `import { createClient } from './src/index.js';
const connection = createClient().connectCurrencyExchange();
connection.on('subscriptionStatus', (e) => e.status satisfies 'subscribed' | 'error');
export async function run(): Promise<number | undefined> {
  const pong = await connection.request('receivePing', { event: 'ping' });
  // @ts-expect-error the reply of a ping is a pong
  pong.status;
  // @ts-expect-error heartbeats are received, not sent
  await connection.send({ event: 'heartbeat' });
  // @ts-expect-error no such operation
  await connection.request('nope', { event: 'ping' });
  return pong.reqid;
}
`,
    );
    const errors = strictDiagnostics([path.join(tagged, 'consumer.ts'), path.join(market, 'consumer.ts')]).map(
      (d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
    expect(errors).toStrictEqual([]);
  });
});

describe('a 101 route with no AsyncAPI document', () => {
  it('subscribes through the operation, with the raw events, on the route and its path parameters', async () => {
    handler = (socket) => {
      json(socket, { anything: 'goes' });
      json(socket, { type: 'Whatever', n: 1 });
    };
    const { createClient } = await load(routeAlone);
    const subscription = createClient({ baseUrl, WebSocket: NodeWebSocket }).workerConnect(
      { workerName: 'w 1' },
      { reconnect: false },
    );
    const events: unknown[] = [];
    for await (const event of subscription) {
      events.push(event);
      if (events.length === 2) break;
    }
    expect(events).toStrictEqual([{ anything: 'goes' }, { type: 'Whatever', n: 1 }]);
    expect(upgrades.at(-1)).toBe('/v1/workers/w%201/connect');
  });
});

describe('a quiet stream kept alive by pings stays on one connection', () => {
  const pinging = (socket: WebSocket) => {
    const timer = setInterval(() => socket.ping(), 100);
    socket.on('close', () => clearInterval(timer));
    setTimeout(() => json(socket, { StdOut: { text: 'after the silence' } }), 1200);
  };

  it('with `ws` (Node 20): four idle periods of silence, one connection', async () => {
    handler = pinging;
    const before = upgrades.length;
    const { createClient } = await load(tagged);
    const subscription = createClient({ baseUrl, WebSocket: NodeWebSocket }).watchOutput(
      { name: 'quiet' },
      { idleTimeoutMs: 300 },
    );
    for await (const event of subscription) {
      expect(event).toStrictEqual({ StdOut: { text: 'after the silence' } });
      break;
    }
    expect(upgrades.length - before).toBe(1);
    expect(subscription.stats.reconnects).toBe(0);
  });

  it('with the platform WebSocket (undici, as in Node 22+): one connection, and a dead one is still noticed', async () => {
    handler = (socket, url) => (url.includes('dead') ? undefined : pinging(socket));
    const program = `
      import { WebSocket } from 'undici';
      globalThis.WebSocket = WebSocket;
      const { createClient } = await import(${JSON.stringify(path.join(tagged, 'dist/index.js'))});
      const client = createClient({ baseUrl: ${JSON.stringify(baseUrl)} });
      const quiet = client.watchOutput({ name: 'quiet-undici' }, { idleTimeoutMs: 300 });
      for await (const event of quiet) { console.log(JSON.stringify([event, quiet.stats.reconnects])); break; }
      const dead = client.watchOutput({ name: 'dead' }, { idleTimeoutMs: 300, reconnect: false });
      dead.onError((e) => console.log(JSON.stringify(e.message)));
      for await (const event of dead) console.log('unexpected', event);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', program], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect([code, stderr]).toStrictEqual([1, expect.stringContaining('no message or ping for 300 ms')]);
    expect(stdout.trim().split('\n')).toStrictEqual([
      JSON.stringify([{ StdOut: { text: 'after the silence' } }, 0]),
      JSON.stringify('watchOutput: connection lost (no message or ping for 300 ms)'),
    ]);
    expect(upgrades.filter((u) => u.includes('quiet-undici'))).toHaveLength(1);
  });
});

await sleep(0);
