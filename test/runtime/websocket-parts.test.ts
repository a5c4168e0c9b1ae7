/** The parts of the WebSocket runtime (templates/runtime/websocket-*.ts), each on its own, with no socket. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReconnectPolicy, type ReconnectOptions } from '../../templates/runtime/stream-backoff.js';
import { EventBuffer, type OverflowPolicy } from '../../templates/runtime/stream-buffer.js';
import {
  decodeFrame,
  eventKind,
  toEvent,
  UNKNOWN_EVENT,
  type EventDiscriminator,
} from '../../templates/runtime/websocket-frames.js';
import { dispatchUndiciPing, IdleWatch, watchPings } from '../../templates/runtime/websocket-liveness.js';
import {
  PendingReplies,
  ReplyTimeoutError,
  withValueAt,
  type RequestSpec,
} from '../../templates/runtime/websocket-replies.js';
import { channelPath, serverUrl, toWebSocketUrl } from '../../templates/runtime/websocket-transport.js';
import { channelUrl, type ChannelSpec } from '../../templates/runtime/websocket.js';

const bytes = (text: string) => new TextEncoder().encode(text);

afterEach(() => {
  vi.useRealTimers();
});

describe('frames', () => {
  it.each<[string, unknown, ReturnType<typeof decodeFrame>]>([
    ['JSON text', '{"type":"A"}', { ok: true, value: { type: 'A' } }],
    ['UTF-8 JSON in an ArrayBuffer', bytes('{"é":1}').buffer, { ok: true, value: { é: 1 } }],
    ['UTF-8 JSON in a Uint8Array (a Buffer)', bytes('{"a":[1]}'), { ok: true, value: { a: [1] } }],
    ['fragments `ws` could not join', [bytes('{"a"'), bytes(':2}')], { ok: true, value: { a: 2 } }],
    [
      'binary that is not UTF-8',
      new Uint8Array([0xff, 0xfe]),
      { ok: false, reason: 'binary frame that is not UTF-8 text' },
    ],
    ['invalid JSON', '{nope', { ok: false, reason: 'invalid JSON' }],
    ['an array', '[1,2]', { ok: false, reason: 'payload is not a JSON object' }],
    ['null', 'null', { ok: false, reason: 'payload is not a JSON object' }],
    ['a number in binary', bytes('42'), { ok: false, reason: 'payload is not a JSON object' }],
    ['something else', { size: 3 }, { ok: false, reason: 'frame of an unknown kind' }],
  ])('decodes %s', (_name, data, want) => {
    expect(decodeFrame(data)).toStrictEqual(want);
  });

  const byType: EventDiscriminator = { property: 'type', values: ['A', 'B'] };
  const byKey: EventDiscriminator = { key: true, values: ['StdOut', 'StdErr'] };
  it.each<[string, object, EventDiscriminator | undefined, string | undefined, unknown]>([
    ['a listed tag', { type: 'A', n: 1 }, byType, 'A', { type: 'A', n: 1 }],
    [
      'an unlisted tag',
      { type: 'C' },
      byType,
      undefined,
      { type: UNKNOWN_EVENT, originalType: 'C', data: { type: 'C' } },
    ],
    ['no tag', { n: 1 }, byType, undefined, { type: UNKNOWN_EVENT, originalType: undefined, data: { n: 1 } }],
    ['a listed key', { StdOut: { line: 'x' } }, byKey, 'StdOut', { StdOut: { line: 'x' } }],
    [
      'an unlisted key',
      { Exit: 0 },
      byKey,
      undefined,
      { type: UNKNOWN_EVENT, originalType: 'Exit', data: { Exit: 0 } },
    ],
    [
      'two keys',
      { StdOut: 1, StdErr: 2 },
      byKey,
      undefined,
      { type: UNKNOWN_EVENT, originalType: undefined, data: { StdOut: 1, StdErr: 2 } },
    ],
    ['no discriminator', { anything: true }, undefined, undefined, { anything: true }],
  ])('tells the kind of %s', (_name, value, discriminator, kind, event) => {
    expect(eventKind(value, discriminator)).toBe(kind);
    expect(toEvent(value, discriminator)).toStrictEqual(event);
  });
});

describe('buffer', () => {
  it.each<[OverflowPolicy, number[], string[], number[]]>([
    ['drop-oldest', [1, 2, 3, 4], ['queued', 'queued', 'dropped-oldest', 'dropped-oldest'], [3, 4]],
    ['drop-newest', [1, 2, 3, 4], ['queued', 'queued', 'dropped-newest', 'dropped-newest'], [1, 2]],
    ['error', [1, 2, 3], ['queued', 'queued', 'overflow'], [1, 2]],
  ])('size 2, %s: pushes %j', async (policy, pushes, results, drained) => {
    const buffer = new EventBuffer<number>(2, policy);
    expect(pushes.map((n) => buffer.push(n))).toStrictEqual(results);
    buffer.end();
    const out: number[] = [];
    for (let r = await buffer.next(); !r.done; r = await buffer.next()) out.push(r.value);
    expect(out).toStrictEqual(drained);
  });

  it('keeps order across the ring as items come and go', async () => {
    const buffer = new EventBuffer<number>(3, 'drop-oldest');
    const out: number[] = [];
    for (let n = 1; n <= 10; n++) {
      buffer.push(n);
      if (n % 3 === 0) out.push((await buffer.next()).value as number);
    }
    expect(buffer.length).toBe(3);
    buffer.end();
    for (let r = await buffer.next(); !r.done; r = await buffer.next()) out.push(r.value);
    expect(out).toStrictEqual([1, 4, 7, 8, 9, 10]);
  });

  it('hands an item to a waiting consumer, ends with an error, and allows one next() at a time', async () => {
    const buffer = new EventBuffer<string>(5, 'drop-oldest');
    const waiting = buffer.next();
    await expect(buffer.next()).rejects.toThrow('one next() at a time');
    buffer.push('a');
    await expect(waiting).resolves.toStrictEqual({ value: 'a', done: false });
    buffer.end(new Error('gone'));
    await expect(buffer.next()).rejects.toThrow('gone');
    expect(buffer.push('late')).toBe('dropped-newest');
  });
});

describe('backoff', () => {
  it.each<[string, ReconnectOptions | false, number[], (number | undefined)[]]>([
    [
      'doubles from the base, up to the cap',
      { baseDelayMs: 100, maxDelayMs: 500, maxAttempts: 5 },
      [0, 0, 0, 0, 0, 0],
      [100, 200, 400, 500, 500, undefined],
    ],
    [
      'gives up after maxElapsedMs',
      { baseDelayMs: 10, maxElapsedMs: 1000 },
      [0, 500, 999, 1000],
      [10, 20, 40, undefined],
    ],
    ['never reconnects when disabled', false, [0], [undefined]],
  ])('%s', (_name, options, times, delays) => {
    const policy = new ReconnectPolicy(options, () => 1);
    expect(times.map((t) => policy.next(t)?.delayMs)).toStrictEqual(delays);
  });

  it('applies full jitter and starts counting again once stable', () => {
    const policy = new ReconnectPolicy({ baseDelayMs: 100, maxAttempts: 2 }, () => 0.5);
    expect([policy.next(0), policy.next(0), policy.next(0)]).toStrictEqual([
      { attempt: 1, delayMs: 50 },
      { attempt: 2, delayMs: 100 },
      undefined,
    ]);
    policy.stable();
    expect(policy.next(0)).toStrictEqual({ attempt: 1, delayMs: 50 });
  });
});

describe('liveness', () => {
  it('fires once after the timeout; each arm() starts it again; 0 turns it off', () => {
    vi.useFakeTimers();
    const fired: string[] = [];
    const watch = new IdleWatch(100, () => fired.push('idle'));
    watch.arm();
    vi.advanceTimersByTime(90);
    watch.arm();
    vi.advanceTimersByTime(90);
    expect(fired).toStrictEqual([]);
    vi.advanceTimersByTime(10);
    expect(fired).toStrictEqual(['idle']);
    const off = new IdleWatch(0, () => fired.push('never'));
    off.arm();
    vi.advanceTimersByTime(10_000);
    expect(fired).toStrictEqual(['idle']);
  });

  it("sees `ws`'s pings and pongs through its events, and stops listening", () => {
    const listeners = new Map<string, () => void>();
    const socket = {
      on: (event: string, listener: () => void) => listeners.set(event, listener),
      off: (event: string) => listeners.delete(event),
    };
    let pings = 0;
    const watch = watchPings(socket, false, () => pings++);
    listeners.get('ping')!();
    listeners.get('pong')!();
    expect([watch.observable, pings]).toStrictEqual([true, 2]);
    watch.stop();
    expect(listeners.size).toBe(0);
  });

  it("sees undici's pings per socket; a ping that names no socket counts for every one; browsers see none", () => {
    const a = {};
    const b = {};
    const seen: string[] = [];
    const watchA = watchPings(a, true, () => seen.push('a'));
    const watchB = watchPings(b, true, () => seen.push('b'));
    dispatchUndiciPing({ websocket: b, payload: new Uint8Array() });
    dispatchUndiciPing({ payload: new Uint8Array() });
    watchA.stop();
    watchB.stop();
    dispatchUndiciPing({ websocket: a });
    expect(seen).toStrictEqual(['b', 'a', 'b']);
    expect(watchPings({}, false, () => {}).observable).toBe(false);
  });
});

describe('replies', () => {
  const numbered: RequestSpec = {
    replies: ['pong'],
    correlation: { request: ['reqid'], reply: ['reqid'], generate: 'number' },
  };
  const nested: RequestSpec = {
    replies: [],
    correlation: { request: ['meta', 'id'], reply: ['id'], generate: 'string' },
  };
  const inOrder: RequestSpec = { replies: ['status'] };

  it.each<[string, RequestSpec, object, object]>([
    ['fills in a numeric id', numbered, { event: 'ping' }, { event: 'ping', reqid: 1 }],
    ['keeps the id the caller gave', numbered, { event: 'ping', reqid: 7 }, { event: 'ping', reqid: 7 }],
    ['fills in a string id at a nested path', nested, { q: 1 }, { q: 1, meta: { id: '1' } }],
    ['leaves a request without correlation alone', inOrder, { op: 'x' }, { op: 'x' }],
  ])('prepare: %s', (_name, spec, message, want) => {
    expect(new PendingReplies().prepare(message, spec).message).toStrictEqual(want);
  });

  it("withValueAt copies instead of changing the caller's object", () => {
    const message = { a: { b: 1 } };
    expect(withValueAt(message, ['a', 'c'], 2)).toStrictEqual({ a: { b: 1, c: 2 } });
    expect(message).toStrictEqual({ a: { b: 1 } });
  });

  it('matches replies by correlation id and kind, else in order', async () => {
    const pending = new PendingReplies();
    const first = pending.wait('ping', numbered, 1, 0);
    const second = pending.wait('ping', numbered, 2, 0);
    const status = pending.wait('status', inOrder, undefined, 0);
    expect(pending.match({ event: 'pong', reqid: 3 }, 'pong')).toBe(false);
    expect(pending.match({ event: 'other', reqid: 2 }, 'other')).toBe(false);
    expect(pending.match({ event: 'pong', reqid: '2' }, 'pong')).toBe(true);
    expect(pending.match({ event: 'status' }, 'status')).toBe(true);
    expect(pending.match({ event: 'pong', reqid: 1 }, 'pong')).toBe(true);
    await expect(Promise.all([first, second, status])).resolves.toStrictEqual([
      { event: 'pong', reqid: 1 },
      { event: 'pong', reqid: '2' },
      { event: 'status' },
    ]);
    expect(pending.size).toBe(0);
  });

  it('times out with ReplyTimeoutError, follows the abort signal, and fails all when the connection goes', async () => {
    vi.useFakeTimers();
    const pending = new PendingReplies();
    const late = pending.wait('ping', numbered, 1, 100);
    const controller = new AbortController();
    const aborted = pending.wait('ping', numbered, 2, 0, controller.signal);
    const lost = pending.wait('status', inOrder, undefined, 0);
    vi.advanceTimersByTime(100);
    await expect(late).rejects.toBeInstanceOf(ReplyTimeoutError);
    await expect(late).rejects.toThrow('ping: no reply within 100 ms');
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    pending.failAll((operation) => new Error(`${operation} lost`));
    await expect(lost).rejects.toThrow('status lost');
    expect(pending.size).toBe(0);
  });
});

describe('transport URLs', () => {
  it.each<[string, string, string]>([
    ['https://api.example.com', '/v1/x', 'wss://api.example.com/v1/x'],
    ['http://localhost:9881/', '/v1/x', 'ws://localhost:9881/v1/x'],
    ['wss://ws.kraken.com', '/', 'wss://ws.kraken.com/'],
    ['wss://host/base/', 'stream', 'wss://host/base/stream'],
    ['localhost:8080', '/a', 'ws://localhost:8080/a'],
    ['wss://host/only', '', 'wss://host/only'],
  ])('joins %s and %s with exactly one slash', (base, path, want) => {
    expect(toWebSocketUrl(base, path)).toBe(want);
  });

  it('fills server variables from the caller, then the defaults, and names a missing one', () => {
    const server = { name: 'prod', url: 'wss://{region}.example.com:{port}', variables: { region: 'eu', port: '443' } };
    expect(serverUrl(server)).toBe('wss://eu.example.com:443');
    expect(serverUrl(server, { region: 'us' })).toBe('wss://us.example.com:443');
    expect(() => serverUrl({ name: 'x', url: 'wss://{host}' })).toThrow('server "x" needs the variable "host"');
  });

  it('encodes channel parameters as one segment each', () => {
    expect(channelPath('/rooms/{room}/chat', [{ name: 'room', prop: 'room' }], { room: 'a/b c' })).toBe(
      '/rooms/a%2Fb%20c/chat',
    );
    expect(() => channelPath('/rooms/{room}', [{ name: 'room', prop: 'room' }], {})).toThrow(
      'missing channel parameter "room"',
    );
  });

  const spec: ChannelSpec = {
    id: 'market',
    address: '/v2',
    params: [],
    security: [],
    servers: [
      { name: 'public', url: 'wss://ws.example.com' },
      { name: 'regional', url: 'wss://{region}.example.com', variables: { region: 'eu' } },
    ],
  };
  it.each<[string, Parameters<typeof channelUrl>[2], string | undefined, string]>([
    ['the first server', {}, undefined, 'wss://ws.example.com/v2'],
    ["the client's baseUrl", {}, 'https://gateway.example.com', 'wss://gateway.example.com/v2'],
    [
      'a named server over the baseUrl',
      { server: 'regional', serverVariables: { region: 'us' } },
      'https://gateway.example.com',
      'wss://us.example.com/v2',
    ],
  ])('channelUrl: %s', (_name, options, baseUrl, want) => {
    expect(channelUrl(spec, {}, options, baseUrl)).toBe(want);
  });

  it('channelUrl: an unknown server name lists the known ones', () => {
    expect(() => channelUrl(spec, {}, { server: 'nope' }, undefined)).toThrow(
      'market: no server "nope"; the channel\'s servers are "public", "regional"',
    );
  });
});
