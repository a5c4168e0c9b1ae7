/**
 * What every stream session shares, a WebSocket channel's (websocket.ts) and an event stream's (sse.ts): the
 * handlers (by kind, every event, errors, lifecycle), the bounded buffer for `for await`, the caller's abort
 * signal, the reconnect policy's timer, and `finish`, which ends it all once. A session says how it connects
 * (`connect`) and what it lets go of when it ends (`release`).
 */
import type { ValidateMode } from './validate.js';
import { ReconnectPolicy, type ReconnectOptions } from './stream-backoff.js';
import { EventBuffer, offer, type OverflowPolicy } from './stream-buffer.js';

export type SubscriptionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export type LifecycleEvent =
  | { type: 'connecting'; attempt: number; url: string }
  | { type: 'open'; attempt: number }
  | { type: 'reconnecting'; attempt: number; delayMs: number; reason: string }
  | { type: 'closed'; reason: string };

/** What a stream counts. */
export interface StreamStats {
  received: number;
  delivered: number;
  malformed: number;
  dropped: number;
  reconnects: number;
}

/** The options every stream takes. */
export interface StreamOptions {
  signal?: AbortSignal;
  /** `false` disables reconnecting. */
  reconnect?: ReconnectOptions | false;
  /** Events held for a `for await` consumer that falls behind (default 1000). */
  bufferSize?: number;
  /** When the buffer is full: drop the oldest event (default), the newest, or end the iteration with an error. */
  overflow?: OverflowPolicy;
  /** Randomness of the backoff jitter, for tests. */
  random?: () => number;
  /**
   * Validation of this stream's events; overrides the client's `validate`. An invalid event is reported on
   * the error channel (like a malformed frame) and not delivered; the stream goes on.
   */
  validate?: ValidateMode;
}

/** The public face every stream has: `for await`, handlers, state, stats and `close()`. */
export interface StreamHandle<TEvent, TStats> extends AsyncIterable<TEvent> {
  readonly state: SubscriptionState;
  readonly stats: Readonly<TStats>;
  onEvent(handler: (event: TEvent) => void): () => void;
  onError(handler: (error: Error) => void): () => void;
  onLifecycle(handler: (event: LifecycleEvent) => void): () => void;
  close(): void;
}

export abstract class StreamSession<TEvent, TStats extends StreamStats> {
  state: SubscriptionState = 'connecting';
  readonly stats: TStats;
  protected readonly policy: ReconnectPolicy;
  protected ended = false;
  readonly #options: StreamOptions;
  /** Events for `for await`, held from the start so that none is lost before the loop begins. */
  readonly #buffer: EventBuffer<TEvent>;
  readonly #byKind = new Map<string, Set<(event: TEvent) => void>>();
  readonly #eventHandlers = new Set<(event: TEvent) => void>();
  readonly #errorHandlers = new Set<(error: Error) => void>();
  readonly #lifecycleHandlers = new Set<(event: LifecycleEvent) => void>();
  #iterating = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: StreamOptions, stats: TStats) {
    this.#options = options;
    this.stats = stats;
    this.policy = new ReconnectPolicy(options.reconnect, options.random);
    this.#buffer = new EventBuffer(options.bufferSize ?? 1000, options.overflow ?? 'drop-oldest');
  }

  /** Opens the stream (or ends it at once when the caller's signal has already fired): the last step of a constructor. */
  protected start(): void {
    if (this.#options.signal?.aborted) {
      this.ended = true;
      this.state = 'closed';
      return;
    }
    this.#options.signal?.addEventListener('abort', this.#onAbort, { once: true });
    void this.connect();
  }

  /** One attempt to open the stream; it reports its end through `retry` or `finish`. */
  protected abstract connect(): Promise<void>;

  /** Lets go of what the session holds (a socket, a response body, pending sends) once it has ended. */
  protected abstract release(reason: string, error: Error | undefined): void;

  readonly #onAbort = (): void => this.finish('aborted');

  #add<T>(set: Set<T>, handler: T): () => void {
    set.add(handler);
    return () => void set.delete(handler);
  }

  /** Handler for the events of one kind (a tag value, an event name). */
  on(kind: string, handler: (event: TEvent) => void): () => void {
    const set = this.#byKind.get(kind) ?? new Set();
    this.#byKind.set(kind, set);
    return this.#add(set, handler);
  }

  onEvent = (handler: (event: TEvent) => void): (() => void) => this.#add(this.#eventHandlers, handler);
  onError = (handler: (error: Error) => void): (() => void) => this.#add(this.#errorHandlers, handler);
  onLifecycle = (handler: (event: LifecycleEvent) => void): (() => void) => this.#add(this.#lifecycleHandlers, handler);

  iterator(): AsyncIterator<TEvent> {
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

  /** Ends the session, once: releases what it holds, tells the handlers, and ends the iteration. */
  finish(reason: string, error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.cancelRetry();
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.state = 'closed';
    this.release(reason, error);
    if (error) this.emitError(error);
    this.emitLifecycle({ type: 'closed', reason });
    this.#buffer.end(error);
  }

  protected emitLifecycle(event: LifecycleEvent): void {
    this.#lifecycleHandlers.forEach((h) => h(event));
  }

  protected emitError(error: Error): void {
    this.#errorHandlers.forEach((h) => h(error));
  }

  /** Hands an event to its kind's handlers, every-event handlers and the `for await` buffer. */
  protected deliver(event: TEvent, kind: string | undefined): void {
    this.stats.delivered++;
    if (kind !== undefined) this.#byKind.get(kind)?.forEach((h) => h(event));
    this.#eventHandlers.forEach((h) => h(event));
    offer(
      this.#buffer,
      event,
      { iterating: this.#iterating, stats: this.stats, size: this.#options.bufferSize },
      (reason, error) => this.finish(reason, error),
    );
  }

  /** Connects again after `delayMs` (`attempt`: the policy's count), saying so to lifecycle handlers. */
  protected retry(attempt: number, delayMs: number, reason: string): void {
    this.stats.reconnects++;
    this.state = 'reconnecting';
    this.emitLifecycle({ type: 'reconnecting', attempt, delayMs, reason });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.connect();
    }, delayMs);
  }

  protected cancelRetry(): void {
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  /** The public face of the session. */
  handle(): StreamHandle<TEvent, TStats> {
    const session = this;
    return {
      get state() {
        return session.state;
      },
      get stats() {
        return { ...session.stats };
      },
      onEvent: session.onEvent,
      onError: session.onError,
      onLifecycle: session.onLifecycle,
      close: () => session.finish('closed by client'),
      [Symbol.asyncIterator]: () => session.iterator(),
    };
  }
}
