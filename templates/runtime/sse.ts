/**
 * Server-sent events: an operation that answers `text/event-stream` becomes a stream with the same shape as
 * a WebSocket subscription (`for await`, handlers, `state`, `stats`, `close()`), built from the same parts:
 * the bounded buffer and the reconnect policy. It reconnects when the stream ends or fails, sending
 * `Last-Event-ID` and waiting what the server's `retry:` asks (or the backoff), and stops on the caller's
 * signal, on `close()`, on 204 (the server's way to say "no more"), and on 401/403/404.
 */
import { prepare, type ClientCore, type OperationSpec } from './http.js';
import { EventStreamParser } from './sse-parser.js';
import { ReconnectPolicy, type ReconnectOptions } from './websocket-backoff.js';
import { EventBuffer, offer, type OverflowPolicy } from './websocket-buffer.js';
import { MalformedFrameError, SubscriptionError, type LifecycleEvent, type SubscriptionState } from './websocket.js';

/** One server-sent event: `data` typed by the spec (parsed JSON, or the text when the spec says string). */
export interface ServerSentEvent<TData> {
  /** The event's name: `message` unless the server names another. */
  readonly event: string;
  readonly data: TData;
  /** The last event id the server set, if any (sent back as Last-Event-ID on a reconnect). */
  readonly id?: string;
}

export interface EventStreamOptions {
  signal?: AbortSignal;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** `false` disables reconnecting. */
  reconnect?: ReconnectOptions | false;
  /** Events held for a `for await` consumer that falls behind (default 1000). */
  bufferSize?: number;
  /** When the buffer is full: drop the oldest event (default), the newest, or end the iteration with an error. */
  overflow?: OverflowPolicy;
  /** Where to resume: sent as Last-Event-ID on the first request. */
  lastEventId?: string;
  /** Randomness of the backoff jitter, for tests. */
  random?: () => number;
}

export interface EventStreamStats {
  received: number;
  delivered: number;
  malformed: number;
  dropped: number;
  reconnects: number;
}

/** The same shape as a WebSocket `Subscription`, for the events of one `text/event-stream` response. */
export interface EventStream<TData> extends AsyncIterable<ServerSentEvent<TData>> {
  readonly state: SubscriptionState;
  readonly stats: Readonly<EventStreamStats>;
  /** Handler for the events of one name (`message` for unnamed ones). */
  on(event: string, handler: (event: ServerSentEvent<TData>) => void): () => void;
  onEvent(handler: (event: ServerSentEvent<TData>) => void): () => void;
  onError(handler: (error: Error) => void): () => void;
  onLifecycle(handler: (event: LifecycleEvent) => void): () => void;
  /** The last event id seen (where a new stream could resume). */
  readonly lastEventId: string | undefined;
  close(): void;
}

const FATAL_STATUSES = new Set([401, 403, 404]);

class EventStreamSession<TData> {
  state: SubscriptionState = 'connecting';
  readonly stats: EventStreamStats = { received: 0, delivered: 0, malformed: 0, dropped: 0, reconnects: 0 };
  readonly #core: ClientCore;
  readonly #op: OperationSpec;
  readonly #params: Record<string, unknown>;
  readonly #options: EventStreamOptions;
  readonly #policy: ReconnectPolicy;
  readonly #buffer: EventBuffer<ServerSentEvent<TData>>;
  readonly #parser = new EventStreamParser();
  readonly #named = new Map<string, Set<(event: ServerSentEvent<TData>) => void>>();
  readonly #eventHandlers = new Set<(event: ServerSentEvent<TData>) => void>();
  readonly #errorHandlers = new Set<(error: Error) => void>();
  readonly #lifecycleHandlers = new Set<(event: LifecycleEvent) => void>();
  #controller: AbortController | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #iterating = false;
  #ended = false;

  constructor(core: ClientCore, op: OperationSpec, params: object, options: EventStreamOptions) {
    this.#core = core;
    this.#op = op;
    this.#params = params as Record<string, unknown>;
    this.#options = options;
    this.#policy = new ReconnectPolicy(options.reconnect, options.random);
    this.#buffer = new EventBuffer(options.bufferSize ?? 1000, options.overflow ?? 'drop-oldest');
    this.#parser.lastEventId = options.lastEventId;
    if (options.signal?.aborted) {
      this.#ended = true;
      this.state = 'closed';
    } else {
      options.signal?.addEventListener('abort', this.#onAbort, { once: true });
      void this.#connect();
    }
  }

  readonly #onAbort = () => this.finish('aborted');

  get lastEventId(): string | undefined {
    return this.#parser.lastEventId;
  }

  add<T>(set: Set<T>, handler: T): () => void {
    set.add(handler);
    return () => void set.delete(handler);
  }

  on(event: string, handler: (event: ServerSentEvent<TData>) => void): () => void {
    const set = this.#named.get(event) ?? new Set();
    this.#named.set(event, set);
    return this.add(set, handler);
  }

  onEvent = (handler: (event: ServerSentEvent<TData>) => void) => this.add(this.#eventHandlers, handler);
  onError = (handler: (error: Error) => void) => this.add(this.#errorHandlers, handler);
  onLifecycle = (handler: (event: LifecycleEvent) => void) => this.add(this.#lifecycleHandlers, handler);

  iterator(): AsyncIterator<ServerSentEvent<TData>> {
    this.#iterating = true;
    const buffer = this.#buffer;
    return {
      next: () => buffer.next(),
      return: async () => {
        this.finish('iteration ended');
        return { value: undefined, done: true };
      },
    };
  }

  finish(reason: string, error?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    this.#controller?.abort();
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.state = 'closed';
    if (error) this.#errorHandlers.forEach((h) => h(error));
    this.#lifecycleHandlers.forEach((h) => h({ type: 'closed', reason }));
    this.#buffer.end(error);
  }

  #deliver(event: ServerSentEvent<TData>): void {
    this.stats.delivered++;
    this.#named.get(event.event)?.forEach((h) => h(event));
    this.#eventHandlers.forEach((h) => h(event));
    offer(
      this.#buffer,
      event,
      { iterating: this.#iterating, stats: this.stats, size: this.#options.bufferSize },
      (reason, error) => this.finish(reason, error),
    );
  }

  #onText(chunk: string): void {
    for (const raw of this.#parser.feed(chunk)) {
      this.stats.received++;
      let data: unknown = raw.data;
      if (this.#op.eventData === 'json') {
        try {
          data = (this.#op.readJson ?? JSON.parse)(raw.data);
        } catch {
          this.stats.malformed++;
          this.#errorHandlers.forEach((h) => h(new MalformedFrameError('event data that is not JSON', raw.data)));
          continue;
        }
      }
      this.#deliver({ ...raw, data: data as TData });
    }
  }

  #scheduleReconnect(reason: string): void {
    if (this.#ended) return;
    const next = this.#policy.next(Date.now());
    if (!next) {
      const attempts = this.#policy.enabled ? ` and ${this.#policy.attempts} reconnect attempts failed` : '';
      this.finish(reason, new SubscriptionError(`${this.#op.name}: event stream lost (${reason})${attempts}`));
      return;
    }
    // The server's `retry:` is the delay it asked for; the backoff applies when it gave none.
    const delayMs = this.#parser.retryMs ?? next.delayMs;
    this.stats.reconnects++;
    this.state = 'reconnecting';
    this.#lifecycleHandlers.forEach((h) => h({ type: 'reconnecting', attempt: next.attempt, delayMs, reason }));
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#connect();
    }, delayMs);
  }

  async #connect(): Promise<void> {
    if (this.#ended) return;
    const options = this.#options;
    let reason: string;
    try {
      const prepared = await prepare(this.#core.config, this.#op, this.#params, options);
      const headers: Record<string, string> = { ...prepared.headers, accept: 'text/event-stream' };
      if (this.#parser.lastEventId !== undefined) headers['last-event-id'] = this.#parser.lastEventId;
      if (this.#ended) return;
      if (this.state !== 'reconnecting') this.state = 'connecting';
      this.#lifecycleHandlers.forEach((h) =>
        h({ type: 'connecting', attempt: this.#policy.attempts, url: prepared.shownUrl }),
      );
      const controller = new AbortController();
      this.#controller = controller;
      const fetchImpl = this.#core.config.fetch ?? globalThis.fetch;
      const init: RequestInit = { method: this.#op.method, headers, signal: controller.signal };
      if (prepared.body !== undefined) init.body = prepared.body;
      const response = await fetchImpl(prepared.url, init);
      if (response.status === 204) return this.finish('the server ended the stream (204)');
      if (!response.ok || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        const error = new SubscriptionError(
          `${this.#op.name}: the event stream was refused with HTTP ${response.status}`,
          {
            status: response.status,
          },
        );
        if (FATAL_STATUSES.has(response.status)) return this.finish(`HTTP ${response.status}`, error);
        throw error;
      }
      this.state = 'open';
      this.#lifecycleHandlers.forEach((h) => h({ type: 'open', attempt: this.#policy.attempts }));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let received = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (!received) {
          received = true;
          this.#policy.stable();
        }
        this.#onText(value);
      }
      this.#parser.end();
      reason = 'the server ended the stream';
    } catch (error) {
      if (this.#ended) return;
      reason = error instanceof Error ? error.message : String(error);
    }
    this.#scheduleReconnect(reason);
  }
}

/** Opens an operation's event stream: the generated function for a `text/event-stream` response calls it. */
export function openEventStream<TData>(
  core: ClientCore,
  op: OperationSpec,
  params: object | undefined,
  options: EventStreamOptions = {},
): EventStream<TData> {
  const session = new EventStreamSession<TData>(core, op, params ?? {}, options);
  return {
    get state() {
      return session.state;
    },
    get stats() {
      return { ...session.stats };
    },
    get lastEventId() {
      return session.lastEventId;
    },
    on: (event, handler) => session.on(event, handler),
    onEvent: session.onEvent,
    onError: session.onError,
    onLifecycle: session.onLifecycle,
    close: () => session.finish('closed by client'),
    [Symbol.asyncIterator]: () => session.iterator(),
  };
}
