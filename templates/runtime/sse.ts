/**
 * Server-sent events: an operation that answers `text/event-stream` becomes a stream with the same shape as
 * a WebSocket subscription (`for await`, handlers, `state`, `stats`, `close()`): the same stream session. Each
 * connection is a call through the client's request core, so hooks see it, a rejected token is refreshed
 * (clients from `createClient`), `timeoutMs` bounds the wait for the response, and an idempotency key is
 * sent. It reconnects when the stream ends or fails, sending `Last-Event-ID` and waiting what the server's
 * `retry:` asks (or the backoff), and stops on the caller's signal, on `close()`, on 204 (the server's way to
 * say "no more"), and on 401/403/404.
 */
import { ApiError, MalformedFrameError, SubscriptionError, UnsupportedOptionError } from './errors.js';
import { ON_SEND, validationOf, type ClientCore, type OperationSpec, type RequestOptions } from './http.js';
import { EventStreamParser } from './sse-parser.js';
import { StreamSession, type StreamHandle, type StreamOptions, type StreamStats } from './stream-session.js';

/** One server-sent event: `data` typed by the spec (parsed JSON, or the text when the spec says string). */
export interface ServerSentEvent<TData> {
  /** The event's name: `message` unless the server names another. */
  readonly event: string;
  readonly data: TData;
  /** The last event id the server set, if any (sent back as Last-Event-ID on a reconnect). */
  readonly id?: string;
}

export interface EventStreamOptions extends StreamOptions, Pick<RequestOptions, 'headers' | 'hooks'> {
  /** How long each connection may wait for the server's response (the stream itself has no deadline). */
  timeoutMs?: number;
  /** Where to resume: sent as Last-Event-ID on the first request. */
  lastEventId?: string;
}

export type EventStreamStats = StreamStats;

/** The same shape as a WebSocket `Subscription`, for the events of one `text/event-stream` response. */
export interface EventStream<TData> extends StreamHandle<ServerSentEvent<TData>, EventStreamStats> {
  /** Handler for the events of one name (`message` for unnamed ones). */
  on(event: string, handler: (event: ServerSentEvent<TData>) => void): () => void;
  /** The last event id seen (where a new stream could resume). */
  readonly lastEventId: string | undefined;
}

const FATAL_STATUSES = new Set([401, 403, 404]);

class EventStreamSession<TData> extends StreamSession<ServerSentEvent<TData>, EventStreamStats> {
  readonly #core: ClientCore;
  readonly #op: OperationSpec;
  readonly #params: Record<string, unknown>;
  readonly #options: EventStreamOptions;
  readonly #parser = new EventStreamParser();
  #controller: AbortController | undefined;
  #reader: ReadableStreamDefaultReader<string> | undefined;
  readonly #checking: ReturnType<typeof validationOf>;

  constructor(core: ClientCore, op: OperationSpec, params: object, options: EventStreamOptions) {
    super(options, { received: 0, delivered: 0, malformed: 0, dropped: 0, reconnects: 0 });
    this.#checking = validationOf(core.config, options.validate);
    this.#core = core;
    this.#op = op;
    this.#params = params as Record<string, unknown>;
    this.#options = options;
    this.#parser.lastEventId = options.lastEventId;
    this.start();
  }

  get lastEventId(): string | undefined {
    return this.#parser.lastEventId;
  }

  protected release(): void {
    this.#controller?.abort();
    void this.#reader?.cancel().catch(() => undefined);
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
          this.emitError(new MalformedFrameError('event data that is not JSON', raw.data));
          continue;
        }
      }
      const invalid = this.#checking?.incoming({ operation: this.#op.id, event: true }, data);
      if (invalid) {
        // As a malformed event: reported on the error channel, and the stream goes on.
        this.stats.malformed++;
        this.emitError(invalid);
        continue;
      }
      this.deliver({ ...raw, data: data as TData }, raw.event);
    }
  }

  #scheduleReconnect(reason: string, cause?: unknown): void {
    if (this.ended) return;
    const next = this.policy.next(Date.now());
    if (!next) {
      const attempts = this.policy.enabled
        ? `; gave up after ${this.policy.attempts} reconnect attempt${this.policy.attempts === 1 ? '' : 's'}`
        : '';
      this.finish(
        reason,
        new SubscriptionError(`${this.#op.name}: event stream lost (${reason})${attempts}`, { cause }),
      );
      return;
    }
    // The server's `retry:` is the delay it asked for; the backoff applies when it gave none.
    this.retry(next.attempt, this.#parser.retryMs ?? next.delayMs, reason);
  }

  /** Opens the stream through the request core: the body of a 2xx response, or undefined for a 204. */
  async #open(signal: AbortSignal): Promise<Response['body'] | undefined> {
    const headers: Record<string, string> = { ...this.#options.headers };
    if (this.#parser.lastEventId !== undefined) headers['last-event-id'] = this.#parser.lastEventId;
    // The stream's own reconnect policy retries, not the core's.
    const options: RequestOptions = { signal, headers, retry: false };
    if (this.#options.timeoutMs !== undefined) options.timeoutMs = this.#options.timeoutMs;
    if (this.#options.hooks) options.hooks = this.#options.hooks;
    const connecting = (url: string) => {
      if (this.ended) return;
      if (this.state !== 'reconnecting') this.state = 'connecting';
      this.emitLifecycle({ type: 'connecting', attempt: this.policy.attempts, url });
    };
    return this.#core.request(this.#op, this.#params, { ...options, [ON_SEND]: connecting } as RequestOptions);
  }

  protected async connect(): Promise<void> {
    if (this.ended) return;
    const controller = new AbortController();
    this.#controller = controller;
    let reason: string;
    let cause: unknown;
    try {
      const body = await this.#open(controller.signal);
      if (this.ended) return void body?.cancel().catch(() => undefined);
      if (!body) return this.finish('the server ended the stream (204)');
      this.state = 'open';
      this.emitLifecycle({ type: 'open', attempt: this.policy.attempts });
      const reader = body.pipeThrough(new TextDecoderStream()).getReader();
      this.#reader = reader;
      let received = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (!received) {
          received = true;
          this.policy.stable();
        }
        this.#onText(value);
      }
      this.#parser.end();
      reason = 'the server ended the stream';
    } catch (error) {
      if (this.ended) return;
      if (error instanceof ApiError && FATAL_STATUSES.has(error.status)) {
        const refused = `the event stream was refused with HTTP ${error.status}`;
        return this.finish(
          `HTTP ${error.status}`,
          new SubscriptionError(`${this.#op.name}: ${refused}`, { status: error.status, cause: error }),
        );
      }
      // Options the core cannot honour (a lean core asked for a deadline or hooks): no reconnect changes that.
      if (error instanceof UnsupportedOptionError)
        return this.finish('unsupported options', new SubscriptionError(error.message, { cause: error }));
      reason = error instanceof Error ? error.message : String(error);
      cause = error;
    }
    this.#scheduleReconnect(reason, cause);
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
  // Defined onto the handle, not spread or assigned: `state`, `stats` and `lastEventId` are getters.
  const handle = Object.defineProperty(session.handle(), 'lastEventId', {
    get: () => session.lastEventId,
    enumerable: true,
  });
  return Object.assign(handle, {
    on: (event: string, handler: (event: ServerSentEvent<TData>) => void) => session.on(event, handler),
  }) as EventStream<TData>;
}
