/**
 * The WebSocket subscriber of the generated client: connects to a channel, parses JSON text frames into
 * typed events, reconnects with backoff, detects dead connections, and offers both `for await` and
 * handlers. Uses the platform's WebSocket (browsers, Node 22+), else the optional `ws` package.
 */
import { encodePathSegment } from './encode.js';
import { resolveToken, type ClientCore, type TokenSource } from './http.js';

export type SubscriptionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Events whose discriminator value the spec does not list arrive with this `type`, carrying the raw data. */
export const UNKNOWN_EVENT = '$unknown';
export interface UnknownEvent {
  readonly type: typeof UNKNOWN_EVENT;
  /** The discriminator value the server sent. */
  readonly originalType: unknown;
  readonly data: unknown;
}

export interface ChannelSpec {
  readonly id: string;
  readonly address: string;
  readonly params: readonly { readonly name: string; readonly prop: string }[];
  /** Property that tells events apart, and the values the spec lists for it. */
  readonly discriminator?: { readonly property: string; readonly values: readonly string[] };
  /** Credentials the channel accepts in the handshake. */
  readonly security: readonly ('bearer' | 'apiKey')[];
  /** The spec's servers, used when the client has no baseUrl. */
  readonly servers?: readonly string[];
}

/** The subset of the WebSocket interface the subscriber uses (browser, undici and `ws` all have it). */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType?: string;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: any) => void): void;
  removeEventListener?(type: string, listener: (event: any) => void): void;
  /** `ws` only: keep-alive pings from the server. */
  on?(event: 'ping', listener: () => void): unknown;
}

export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[] | object,
  options?: object,
) => WebSocketLike;

export interface ReconnectOptions {
  /** Attempts after a drop before giving up (default 10). */
  maxAttempts?: number;
  /** Give up when reconnecting has taken this long in total (default: no limit). */
  maxElapsedMs?: number;
  /** First delay; doubled every attempt, with full jitter (default 500 ms). */
  baseDelayMs?: number;
  /** Longest delay between two attempts (default 30 s). */
  maxDelayMs?: number;
  /** A connection open this long counts as stable: the attempt counter starts again (default 10 s). */
  stableAfterMs?: number;
}

export interface SubscribeOptions {
  signal?: AbortSignal;
  /** WebSocket constructor to use instead of the platform's or `ws`. */
  WebSocket?: WebSocketConstructor;
  /** Rewrites the URL before each (re)connect, e.g. to add a short-lived ticket a browser can carry. */
  url?: (defaultUrl: string) => string | Promise<string>;
  /** Subprotocols sent with each (re)connect. */
  protocols?: string[] | (() => string[] | Promise<string[]>);
  /** Extra handshake headers (Node only; browsers cannot set headers). */
  headers?: Record<string, string>;
  /** `false` disables reconnecting. */
  reconnect?: ReconnectOptions | false;
  /** No message or ping for this long means the connection is dead: it is dropped and reconnected (default 60 s; 0 disables). */
  idleTimeoutMs?: number;
  /** Events held for a `for await` consumer that falls behind (default 1000). */
  bufferSize?: number;
  /** When the buffer is full: drop the oldest event (default), the newest, or end the iteration with an error. */
  overflow?: 'drop-oldest' | 'drop-newest' | 'error';
  /** Clock and randomness, for tests. */
  random?: () => number;
}

/** A frame that could not be delivered as an event. */
export class MalformedFrameError extends Error {
  override readonly name: string = 'MalformedFrameError';
  readonly raw: unknown;
  constructor(reason: string, raw: unknown) {
    super(`malformed frame: ${reason}`);
    this.raw = raw;
  }
}

/** The server refused the handshake or the connection could not be (re)established. */
export class SubscriptionError extends Error {
  override readonly name: string = 'SubscriptionError';
  /** HTTP status of a rejected handshake, where the platform exposes it. */
  readonly status: number | undefined;
  constructor(message: string, input: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: input.cause });
    this.status = input.status;
  }
}

/** The buffer of a `for await` consumer overflowed with `overflow: 'error'`. */
export class BufferOverflowError extends Error {
  override readonly name: string = 'BufferOverflowError';
}

export type LifecycleEvent =
  | { type: 'connecting'; attempt: number; url: string }
  | { type: 'open'; attempt: number }
  | { type: 'reconnecting'; attempt: number; delayMs: number; reason: string }
  | { type: 'closed'; reason: string };

export interface SubscriptionStats {
  received: number;
  delivered: number;
  malformed: number;
  dropped: number;
  reconnects: number;
}

/** The values of an event union's `type` property. */
export type EventType<TEvent> = TEvent extends { type: infer T } ? T & string : never;

export interface Subscription<TEvent> extends AsyncIterable<TEvent | UnknownEvent> {
  readonly state: SubscriptionState;
  readonly stats: Readonly<SubscriptionStats>;
  /** Handler for one kind of event, narrowed by its `type`. */
  on<K extends EventType<TEvent>>(type: K, handler: (event: Extract<TEvent, { type: K }>) => void): () => void;
  onEvent(handler: (event: TEvent | UnknownEvent) => void): () => void;
  onError(handler: (error: Error) => void): () => void;
  onLifecycle(handler: (event: LifecycleEvent) => void): () => void;
  close(): void;
}

const FATAL_STATUSES = new Set([401, 403, 404]);

/** http(s) -> ws(s); a bare host gets ws://. */
export function toWebSocketUrl(baseUrl: string, path: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(base) ? base : `ws://${base}`;
  return withScheme.replace(/^http(s?):\/\//i, 'ws$1://') + path;
}

export function channelPath(spec: ChannelSpec, params: Record<string, unknown>): string {
  return spec.address.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const param = spec.params.find((p) => p.name === name);
    const value = param ? params[param.prop] : undefined;
    if (value === undefined || value === null) throw new TypeError(`missing channel parameter "${name}"`);
    return encodePathSegment(value);
  });
}

function statusFromError(event: unknown): number | undefined {
  const message =
    (event as { message?: unknown; error?: { message?: unknown } } | undefined)?.message ??
    (event as { error?: { message?: unknown } })?.error?.message;
  const match = typeof message === 'string' ? /Unexpected server response: (\d{3})/.exec(message) : null;
  return match ? Number(match[1]) : undefined;
}

const isNode =
  typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

async function loadTransport(
  preferred: WebSocketConstructor | undefined,
): Promise<{ ctor: WebSocketConstructor; kind: 'custom' | 'platform' | 'ws' }> {
  if (preferred) return { ctor: preferred, kind: 'custom' };
  const platform = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (platform) return { ctor: platform, kind: 'platform' };
  try {
    const moduleName = 'ws';
    const mod = (await import(/* @vite-ignore */ moduleName)) as {
      default?: WebSocketConstructor;
      WebSocket?: WebSocketConstructor;
    };
    const ctor = mod.WebSocket ?? mod.default;
    if (ctor) return { ctor, kind: 'ws' };
  } catch {
    // fall through to the error below
  }
  throw new SubscriptionError(
    'no WebSocket implementation: this platform has none; install the optional peer dependency `ws` or pass `WebSocket` in the options',
  );
}

export function subscribe<TEvent>(
  core: ClientCore & {
    readonly config: { readonly baseUrl?: string; readonly token?: TokenSource; readonly apiKey?: TokenSource };
  },
  spec: ChannelSpec,
  params: object,
  options: SubscribeOptions = {},
): Subscription<TEvent> {
  type Event = TEvent | UnknownEvent;
  const reconnect =
    options.reconnect === false
      ? undefined
      : { maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 30_000, stableAfterMs: 10_000, ...options.reconnect };
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const bufferSize = Math.max(1, options.bufferSize ?? 1000);
  const overflow = options.overflow ?? 'drop-oldest';
  const random = options.random ?? Math.random;
  const path = channelPath(spec, params as Record<string, unknown>);

  let state: SubscriptionState = 'connecting';
  const stats: SubscriptionStats = { received: 0, delivered: 0, malformed: 0, dropped: 0, reconnects: 0 };
  const typed = new Map<string, Set<(event: never) => void>>();
  const eventHandlers = new Set<(event: Event) => void>();
  const errorHandlers = new Set<(error: Error) => void>();
  const lifecycleHandlers = new Set<(event: LifecycleEvent) => void>();

  let socket: WebSocketLike | undefined;
  let attempt = 0;
  let firstFailureAt: number | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let stableTimer: ReturnType<typeof setTimeout> | undefined;
  let ended = false;
  let endError: Error | undefined;

  // The `for await` side: a bounded queue and the waiting consumer, if any.
  let iterating = false;
  const queue: Event[] = [];
  let waiter: { resolve: (r: IteratorResult<Event>) => void; reject: (e: Error) => void } | undefined;

  const emitLifecycle = (event: LifecycleEvent) => lifecycleHandlers.forEach((h) => h(event));
  const setState = (next: SubscriptionState) => {
    state = next;
  };
  const emitError = (error: Error) => {
    errorHandlers.forEach((h) => h(error));
  };

  const settleWaiter = () => {
    if (!waiter) return;
    const w = waiter;
    if (queue.length > 0) {
      waiter = undefined;
      w.resolve({ value: queue.shift()!, done: false });
    } else if (ended) {
      waiter = undefined;
      if (endError) w.reject(endError);
      else w.resolve({ value: undefined, done: true });
    }
  };

  const enqueue = (event: Event) => {
    if (!iterating) return;
    if (queue.length >= bufferSize) {
      stats.dropped++;
      if (overflow === 'drop-newest') return;
      if (overflow === 'error') {
        finish(
          'buffer overflow',
          new BufferOverflowError(`more than ${bufferSize} events were waiting for the consumer`),
        );
        return;
      }
      queue.shift();
    }
    queue.push(event);
    settleWaiter();
  };

  const deliver = (event: Event) => {
    stats.delivered++;
    const tag = spec.discriminator ? (event as Record<string, unknown>)[spec.discriminator.property] : undefined;
    const handlers = typeof tag === 'string' ? typed.get(tag) : undefined;
    handlers?.forEach((h) => (h as (e: Event) => void)(event));
    eventHandlers.forEach((h) => h(event));
    enqueue(event);
  };

  const malformed = (reason: string, raw: unknown) => {
    stats.malformed++;
    emitError(new MalformedFrameError(reason, raw));
  };

  const onFrame = (data: unknown) => {
    stats.received++;
    armIdle();
    if (typeof data !== 'string') {
      malformed('binary frame where JSON text was expected', data);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      malformed('invalid JSON', data);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      malformed('payload is not a JSON object', data);
      return;
    }
    const d = spec.discriminator;
    if (d) {
      const tag = (parsed as Record<string, unknown>)[d.property];
      if (typeof tag !== 'string' || !d.values.includes(tag)) {
        deliver({ type: UNKNOWN_EVENT, originalType: tag, data: parsed });
        return;
      }
    }
    deliver(parsed as TEvent);
  };

  const clearTimers = () => {
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    if (stableTimer !== undefined) clearTimeout(stableTimer);
    retryTimer = idleTimer = stableTimer = undefined;
  };

  function armIdle() {
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    if (idleTimeoutMs <= 0 || ended) return;
    idleTimer = setTimeout(() => {
      idleTimer = undefined;
      drop(`no message or ping for ${idleTimeoutMs} ms`);
    }, idleTimeoutMs);
  }

  /**
   * Closes a socket we no longer listen to. A socket still connecting reports the close as an `error`
   * event; with `ws` an error event nobody listens to would crash the process, so one listener stays.
   */
  function closeQuietly(current: WebSocketLike | undefined, code: number, reason: string) {
    if (!current) return;
    current.addEventListener('error', () => {});
    try {
      current.close(code, reason);
    } catch {
      // already closing
    }
  }

  /** Closes the current socket without ending the subscription, then reconnects. */
  function drop(reason: string) {
    const current = socket;
    socket = undefined;
    detach?.();
    closeQuietly(current, 4000, 'idle');
    scheduleReconnect(reason);
  }

  function finish(reason: string, error?: Error) {
    if (ended) return;
    ended = true;
    endError = error;
    clearTimers();
    const current = socket;
    socket = undefined;
    detach?.();
    closeQuietly(current, 1000, 'closed by client');
    options.signal?.removeEventListener('abort', onAbort);
    setState('closed');
    if (error) emitError(error);
    emitLifecycle({ type: 'closed', reason });
    settleWaiter();
  }

  function scheduleReconnect(reason: string, status?: number) {
    if (ended) return;
    if (status !== undefined && FATAL_STATUSES.has(status)) {
      finish(
        `handshake rejected with ${status}`,
        new SubscriptionError(`${spec.id}: the server rejected the WebSocket handshake with HTTP ${status}`, {
          status,
        }),
      );
      return;
    }
    const now = Date.now();
    firstFailureAt ??= now;
    const exhausted =
      !reconnect ||
      attempt >= reconnect.maxAttempts ||
      (reconnect.maxElapsedMs !== undefined && now - firstFailureAt >= reconnect.maxElapsedMs);
    if (exhausted) {
      finish(
        reason,
        new SubscriptionError(
          `${spec.id}: connection lost (${reason})${reconnect ? ` and ${attempt} reconnect attempts failed` : ''}`,
          status === undefined ? {} : { status },
        ),
      );
      return;
    }
    const delayMs = Math.min(reconnect.maxDelayMs, reconnect.baseDelayMs * 2 ** attempt) * random();
    attempt++;
    stats.reconnects++;
    setState('reconnecting');
    emitLifecycle({ type: 'reconnecting', attempt, delayMs, reason });
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delayMs);
  }

  let detach: (() => void) | undefined;

  async function connect() {
    if (ended) return;
    try {
      const { ctor, kind } = await loadTransport(
        options.WebSocket ?? (core.config as { WebSocket?: WebSocketConstructor }).WebSocket,
      );
      const defaultUrl = toWebSocketUrl(core.config.baseUrl ?? spec.servers?.[0] ?? '', path);
      const url = options.url ? await options.url(defaultUrl) : defaultUrl;
      const protocols = typeof options.protocols === 'function' ? await options.protocols() : options.protocols;
      const headers: Record<string, string> = { ...options.headers };
      if (spec.security.includes('bearer')) {
        const token = await resolveToken(core.config.token);
        if (token) headers.authorization = `Bearer ${token}`;
      }
      if (ended) return;
      if (state !== 'reconnecting') setState('connecting');
      emitLifecycle({ type: 'connecting', attempt, url });
      const hasHeaders = Object.keys(headers).length > 0;
      let ws: WebSocketLike;
      if (kind === 'platform' && isNode) ws = new ctor(url, { protocols, headers });
      else if (kind === 'platform') ws = new ctor(url, protocols);
      else ws = new ctor(url, protocols, hasHeaders ? { headers } : {});
      ws.binaryType = 'arraybuffer';
      socket = ws;
      let opened = false;
      let status: number | undefined;
      const onOpen = () => {
        opened = true;
        setState('open');
        emitLifecycle({ type: 'open', attempt });
        armIdle();
        if (reconnect) {
          stableTimer = setTimeout(() => {
            attempt = 0;
            firstFailureAt = undefined;
          }, reconnect.stableAfterMs);
        }
      };
      const onMessage = (event: { data: unknown }) => onFrame(event.data);
      const onError = (event: unknown) => {
        status ??= statusFromError(event);
      };
      const onClose = (event: { code?: number; reason?: string }) => {
        if (socket !== ws) return;
        socket = undefined;
        detach?.();
        if (stableTimer !== undefined) clearTimeout(stableTimer);
        if (idleTimer !== undefined) clearTimeout(idleTimer);
        const why = opened
          ? `connection closed (code ${event.code ?? 'unknown'}${event.reason ? `: ${event.reason}` : ''})`
          : `handshake failed${status ? ` with HTTP ${status}` : ''}`;
        scheduleReconnect(why, opened ? undefined : status);
      };
      ws.addEventListener('open', onOpen);
      ws.addEventListener('message', onMessage);
      ws.addEventListener('error', onError);
      ws.addEventListener('close', onClose);
      ws.on?.('ping', armIdle);
      detach = () => {
        ws.removeEventListener?.('open', onOpen);
        ws.removeEventListener?.('message', onMessage);
        ws.removeEventListener?.('error', onError);
        ws.removeEventListener?.('close', onClose);
        detach = undefined;
      };
    } catch (error) {
      finish('could not connect', error instanceof Error ? error : new SubscriptionError(String(error)));
    }
  }

  function onAbort() {
    finish('aborted');
  }
  if (options.signal?.aborted) {
    ended = true;
    state = 'closed';
  } else {
    options.signal?.addEventListener('abort', onAbort, { once: true });
    void connect();
  }

  const add = <T>(set: Set<T>, handler: T) => {
    set.add(handler);
    return () => void set.delete(handler);
  };

  return {
    get state() {
      return state;
    },
    get stats() {
      return { ...stats };
    },
    on(type, handler) {
      const set = typed.get(type) ?? new Set();
      typed.set(type, set);
      return add(set, handler as (event: never) => void);
    },
    onEvent: (handler) => add(eventHandlers, handler),
    onError: (handler) => add(errorHandlers, handler),
    onLifecycle: (handler) => add(lifecycleHandlers, handler),
    close: () => finish('closed by client'),
    [Symbol.asyncIterator](): AsyncIterator<Event> {
      iterating = true;
      return {
        next: () =>
          new Promise<IteratorResult<Event>>((resolve, reject) => {
            if (waiter) return reject(new Error('one next() at a time'));
            waiter = { resolve, reject };
            settleWaiter();
          }),
        return: async () => {
          finish('iteration ended');
          return { value: undefined, done: true };
        },
      };
    },
  };
}
