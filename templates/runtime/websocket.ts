/**
 * The WebSocket client of the generated package: a subscription (receive only) or a connection (send,
 * receive and request/reply on one socket) to one channel. It reconnects with backoff, tells quiet
 * connections from dead ones, and offers both `for await` and handlers. The parts with one job each live
 * beside it: frames (decoding, kinds), liveness, replies and transport; what it shares with event streams
 * (handlers, buffer, backoff, abort, finish) is the stream session.
 */
import { MalformedFrameError, SubscriptionError } from './errors.js';
import { resolveToken, validationOf, type ClientCore, type TokenSource, type WebSocketClass } from './http.js';
import type { ValidateMode, Validation } from './validate.js';
import { StreamSession, type StreamHandle, type StreamOptions, type StreamStats } from './stream-session.js';
import { decodeFrame, eventKind, toEvent, type EventDiscriminator, type UnknownEvent } from './websocket-frames.js';
import { IdleWatch, undiciPingsAvailable, watchPings, type PingWatch } from './websocket-liveness.js';
import { PendingReplies, type RequestSpec } from './websocket-replies.js';
import {
  channelPath,
  closeQuietly,
  isNode,
  loadTransport,
  openSocket,
  serverUrl,
  SOCKET_OPEN,
  statusFromError,
  toWebSocketUrl,
  type ChannelParam,
  type ServerSpec,
  type WebSocketLike,
} from './websocket-transport.js';

/** What the generated code knows about a channel. */
export interface ChannelSpec {
  readonly id: string;
  readonly address: string;
  readonly params: readonly ChannelParam[];
  /** How received events are told apart, and the kinds the spec lists. */
  readonly discriminator?: EventDiscriminator;
  /** Credentials the channel accepts in the handshake. */
  readonly security: readonly ('bearer' | 'apiKey')[];
  /** The channel's WebSocket servers; the first is used when neither `server` nor the client's `baseUrl` is given. */
  readonly servers: readonly ServerSpec[];
  /** Request/reply operations by name. */
  readonly requests?: Readonly<Record<string, RequestSpec>>;
  /** Reads a frame's JSON where the spec's types hold exact 64-bit integers (default: `JSON.parse`). */
  readonly readJson?: (text: string) => unknown;
  /** Writes an outgoing message's JSON where its types hold exact 64-bit integers (default: `JSON.stringify`). */
  readonly writeJson?: (message: unknown) => string;
}

export interface SubscribeOptions extends StreamOptions {
  /** WebSocket class to use instead of the platform's or `ws` (either of those classes is accepted as it is). */
  WebSocket?: WebSocketClass;
  /** Which of the channel's servers to connect to, by its name in the spec (default: the client's `baseUrl`, else the first). */
  server?: string;
  /** Values for the server URL's `{variables}` (default: the spec's defaults). */
  serverVariables?: Record<string, string>;
  /** Rewrites the URL before each (re)connect, e.g. to add a short-lived ticket a browser can carry. */
  url?: (defaultUrl: string) => string | Promise<string>;
  /** Subprotocols sent with each (re)connect. */
  protocols?: string[] | (() => string[] | Promise<string[]>);
  /** Extra handshake headers (Node only; browsers cannot set headers). */
  headers?: Record<string, string>;
  /**
   * No message or ping for this long means the connection is dead: it is dropped and reconnected. Default
   * 60 s where pings can be seen (`ws`, Node's WebSocket), off in browsers, which hide pings: set it there
   * only if the server sends messages at least this often. 0 disables.
   */
  idleTimeoutMs?: number;
}

export interface ConnectOptions extends SubscribeOptions {
  /** How long `request` waits for its reply by default (default 30 s; 0: no limit). */
  replyTimeoutMs?: number;
}

export interface RequestCallOptions {
  /** How long to wait for the reply (default: the connection's `replyTimeoutMs`). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface SubscriptionStats extends StreamStats {
  sent: number;
}

/** How a channel's events are told apart: by a property's value, or by the one key of the object. */
export type EventTag = { readonly property: string } | { readonly key: true };

/** The kinds of an event union: the values of its tag property, or its keys. */
export type EventKind<TEvent, TTag extends EventTag> = TTag extends { readonly property: infer P extends string }
  ? TEvent extends Readonly<Record<P, infer V>>
    ? V & string
    : never
  : TEvent extends unknown
    ? keyof TEvent & string
    : never;

/** The members of an event union of one kind. */
export type EventOfKind<TEvent, TTag extends EventTag, K extends string> = TTag extends {
  readonly property: infer P extends string;
}
  ? Extract<TEvent, Readonly<Record<P, K>>>
  : Extract<TEvent, Readonly<Record<K, unknown>>>;

export interface Subscription<TEvent, TTag extends EventTag = { readonly property: 'type' }> extends StreamHandle<
  TEvent | UnknownEvent,
  SubscriptionStats
> {
  /** Handler for one kind of event, narrowed to it. */
  on<K extends EventKind<TEvent, TTag>>(kind: K, handler: (event: EventOfKind<TEvent, TTag, K>) => void): () => void;
}

/** A request/reply operation: what is sent, and what answers it. */
export interface RequestReply {
  readonly request: unknown;
  readonly reply: unknown;
}

/** A connection that also sends: messages the spec lets the client send, and typed request/reply calls. */
export interface Connection<
  TEvent,
  TOutgoing,
  TRequests extends { [K in keyof TRequests]: RequestReply } = Record<never, RequestReply>,
  TTag extends EventTag = { readonly property: 'type' },
> extends Subscription<TEvent, TTag> {
  /** Sends a message; while (re)connecting it waits, in order, until the socket is open. */
  send(message: TOutgoing): Promise<void>;
  /**
   * Sends the request of an operation and resolves with its reply (matched by the spec's correlation id,
   * filled in when left out); rejects with ReplyTimeoutError when none comes in time.
   */
  request<K extends keyof TRequests & string>(
    operation: K,
    message: TRequests[K]['request'],
    options?: RequestCallOptions,
  ): Promise<TRequests[K]['reply']>;
}

type CoreWithConfig = ClientCore & {
  readonly config: {
    readonly baseUrl?: string;
    readonly token?: TokenSource;
    readonly WebSocket?: WebSocketClass;
    readonly validate?: ValidateMode;
    readonly validation?: Validation;
  };
};

const FATAL_STATUSES = new Set([401, 403, 404]);
const DEFAULT_IDLE_MS = 60_000;
const DEFAULT_REPLY_MS = 30_000;

/** The URL to open: the chosen server (or the client's baseUrl), then the channel address with its parameters. */
export function channelUrl(
  spec: ChannelSpec,
  params: Record<string, unknown>,
  options: Pick<SubscribeOptions, 'server' | 'serverVariables'>,
  baseUrl: string | undefined,
): string {
  const path = channelPath(spec.address, spec.params, params);
  let base = baseUrl;
  if (options.server !== undefined || base === undefined) {
    const server = options.server === undefined ? spec.servers[0] : spec.servers.find((s) => s.name === options.server);
    if (!server && options.server !== undefined)
      throw new SubscriptionError(
        `${spec.id}: no server "${options.server}"; the channel's servers are ${spec.servers.map((s) => `"${s.name}"`).join(', ') || 'none'}`,
      );
    base = server ? serverUrl(server, options.serverVariables) : '';
  }
  return toWebSocketUrl(base, path);
}

interface Outgoing {
  readonly text: string;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

class Session<TEvent> extends StreamSession<TEvent | UnknownEvent, SubscriptionStats> {
  readonly #core: CoreWithConfig;
  readonly #spec: ChannelSpec;
  readonly #params: Record<string, unknown>;
  readonly #options: ConnectOptions;
  readonly #replies = new PendingReplies();
  #outbox: Outgoing[] = [];
  #socket: WebSocketLike | undefined;
  #detach: (() => void) | undefined;
  #stableTimer: ReturnType<typeof setTimeout> | undefined;
  #idle: IdleWatch | undefined;
  /** The token the last handshake sent, and the one the next must ask the token function to replace. */
  #token: string | undefined;
  #rejected: string | undefined;
  /** A 401 was answered by asking the token function again; a second one in a row ends the session. */
  #refreshed = false;
  /** Attempts since the last stable connection that opened (and closed again before it was stable). */
  #opened = 0;
  readonly #checking: ReturnType<typeof validationOf>;

  constructor(core: CoreWithConfig, spec: ChannelSpec, params: object, options: ConnectOptions) {
    super(options, { received: 0, delivered: 0, malformed: 0, dropped: 0, reconnects: 0, sent: 0 });
    this.#checking = validationOf(core.config, options.validate);
    this.#core = core;
    this.#spec = spec;
    this.#params = params as Record<string, unknown>;
    this.#options = options;
    this.start();
  }

  send(message: unknown): Promise<void> {
    if (this.ended) return Promise.reject(new SubscriptionError(`${this.#spec.id}: the connection is closed`));
    try {
      this.#checking?.outgoing({ channel: this.#spec.id }, message);
    } catch (error) {
      return Promise.reject(error);
    }
    const text = (this.#spec.writeJson ?? JSON.stringify)(message);
    return new Promise((resolve, reject) => {
      this.#outbox.push({ text, resolve, reject });
      this.#flush();
    });
  }

  async request(operation: string, message: object, options: RequestCallOptions = {}): Promise<unknown> {
    const spec = this.#spec.requests?.[operation];
    if (!spec) throw new TypeError(`${this.#spec.id}: no request/reply operation "${operation}"`);
    const prepared = this.#replies.prepare(message, spec);
    await this.send(prepared.message);
    const timeoutMs = options.timeoutMs ?? this.#options.replyTimeoutMs ?? DEFAULT_REPLY_MS;
    return this.#replies.wait(operation, spec, prepared.id, timeoutMs, options.signal);
  }

  protected release(reason: string, error: Error | undefined): void {
    this.#clearTimers();
    const current = this.#socket;
    this.#socket = undefined;
    this.#detach?.();
    closeQuietly(current, 1000, 'closed by client');
    const closed = () => new SubscriptionError(`${this.#spec.id}: the connection closed (${reason})`, { cause: error });
    for (const outgoing of this.#outbox.splice(0)) outgoing.reject(closed());
    this.#replies.failAll(() => closed());
  }

  #flush(): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== SOCKET_OPEN) return;
    for (const outgoing of this.#outbox.splice(0)) {
      try {
        socket.send(outgoing.text);
        this.stats.sent++;
        outgoing.resolve();
      } catch (error) {
        outgoing.reject(error instanceof Error ? error : new SubscriptionError(String(error)));
      }
    }
  }

  #onFrame(data: unknown): void {
    this.stats.received++;
    this.#idle?.arm();
    const frame = decodeFrame(data, this.#spec.readJson);
    if (!frame.ok) {
      this.stats.malformed++;
      this.emitError(new MalformedFrameError(frame.reason, data));
      return;
    }
    const invalid = this.#checking?.incoming({ channel: this.#spec.id }, frame.value);
    if (invalid) {
      // As a malformed frame: reported on the error channel, not delivered, and the subscription goes on.
      this.stats.malformed++;
      this.emitError(invalid);
      return;
    }
    const kind = eventKind(frame.value, this.#spec.discriminator);
    this.#replies.match(frame.value, kind);
    this.deliver(toEvent<TEvent>(frame.value, this.#spec.discriminator), kind);
  }

  #clearTimers(): void {
    this.cancelRetry();
    if (this.#stableTimer !== undefined) clearTimeout(this.#stableTimer);
    this.#idle?.stop();
    this.#stableTimer = undefined;
  }

  /** Closes the current socket without ending the session, then reconnects. */
  #drop(reason: string): void {
    const current = this.#socket;
    this.#socket = undefined;
    this.#detach?.();
    closeQuietly(current, 4000, 'idle');
    this.#scheduleReconnect(reason);
  }

  /** Whether the token comes from a function, which can be asked for a new one. */
  get #refreshable(): boolean {
    return this.#spec.security.includes('bearer') && typeof this.#core.config.token === 'function';
  }

  #scheduleReconnect(reason: string, status?: number, handshakeFailed = false): void {
    if (this.ended) return;
    this.#clearTimers();
    this.#replies.failAll(
      (operation) =>
        new SubscriptionError(`${operation}: the connection was lost before the reply arrived (${reason})`),
    );
    // A rejected token: ask the token function for another and reconnect at once, once (as HTTP calls do).
    if (status === 401 && this.#refreshable && !this.#refreshed) {
      this.#refreshed = true;
      this.#rejected = this.#token;
      this.retry(this.policy.attempts, 0, reason);
      return;
    }
    // Where the handshake's status cannot be seen, the token may be what failed: ask again before the next attempt.
    if (handshakeFailed && status === undefined && this.#refreshable) this.#rejected = this.#token;
    if (status !== undefined && FATAL_STATUSES.has(status)) {
      this.finish(
        `handshake rejected with ${status}`,
        new SubscriptionError(`${this.#spec.id}: the server rejected the WebSocket handshake with HTTP ${status}`, {
          status,
        }),
      );
      return;
    }
    const next = this.policy.next(Date.now());
    if (!next) {
      this.finish(
        reason,
        new SubscriptionError(
          `${this.#spec.id}: connection lost (${reason})${this.#gaveUp()}`,
          status === undefined ? {} : { status },
        ),
      );
      return;
    }
    this.retry(next.attempt, next.delayMs, reason);
  }

  /** What the reconnect attempts came to, for the error that ends the session. */
  #gaveUp(): string {
    const attempts = this.policy.attempts;
    if (!this.policy.enabled || attempts === 0) return '';
    const opened =
      this.#opened === 0
        ? 'none of them opened'
        : `${this.#opened} opened and closed again before the connection was stable`;
    return `; gave up after ${attempts} reconnect attempt${attempts === 1 ? '' : 's'} (${opened})`;
  }

  protected async connect(): Promise<void> {
    if (this.ended) return;
    const options = this.#options;
    try {
      let transport;
      try {
        transport = await loadTransport(options.WebSocket ?? this.#core.config.WebSocket);
      } catch (error) {
        throw new SubscriptionError((error as Error).message);
      }
      const { ctor, kind } = transport;
      const defaultUrl = channelUrl(this.#spec, this.#params, options, this.#core.config.baseUrl);
      const url = options.url ? await options.url(defaultUrl) : defaultUrl;
      const protocols = typeof options.protocols === 'function' ? await options.protocols() : options.protocols;
      const headers: Record<string, string> = { ...options.headers };
      if (this.#spec.security.includes('bearer')) {
        const rejected = this.#rejected;
        this.#rejected = undefined;
        const token = await resolveToken(this.#core.config.token, rejected === undefined ? undefined : { rejected });
        this.#token = token;
        if (token) headers.authorization = `Bearer ${token}`;
      }
      const undiciPings = isNode && kind !== 'ws' ? await undiciPingsAvailable() : false;
      if (this.ended) return;
      if (this.state !== 'reconnecting') this.state = 'connecting';
      this.emitLifecycle({ type: 'connecting', attempt: this.policy.attempts, url });
      const ws = openSocket(ctor, kind, url, protocols, headers);
      this.#socket = ws;
      const pings: PingWatch = watchPings(ws, undiciPings, () => this.#idle?.arm());
      const idleTimeoutMs = options.idleTimeoutMs ?? (pings.observable ? DEFAULT_IDLE_MS : 0);
      this.#idle = new IdleWatch(idleTimeoutMs, () => this.#drop(`no message or ping for ${idleTimeoutMs} ms`));
      let opened = false;
      let status: number | undefined;
      const onOpen = () => {
        opened = true;
        this.#refreshed = false;
        if (this.policy.attempts > 0) this.#opened++;
        this.state = 'open';
        this.emitLifecycle({ type: 'open', attempt: this.policy.attempts });
        this.#idle?.arm();
        if (this.policy.enabled)
          this.#stableTimer = setTimeout(() => {
            this.policy.stable();
            this.#opened = 0;
          }, this.policy.stableAfterMs);
        this.#flush();
      };
      const onMessage = (event: { data: unknown }) => this.#onFrame(event.data);
      const onError = (event: unknown) => {
        status ??= statusFromError(event);
        // Node 22's WebSocket reports a failed handshake with an error and never closes: do not wait for it.
        if (!opened) setTimeout(() => onClose({}), 50);
      };
      const onClose = (event: { code?: number; reason?: string }) => {
        if (this.#socket !== ws) return;
        this.#socket = undefined;
        this.#detach?.();
        if (!opened) closeQuietly(ws, 1000, 'handshake failed');
        const why = opened
          ? `connection closed (code ${event.code ?? 'unknown'}${event.reason ? `: ${event.reason}` : ''})`
          : status
            ? `handshake failed with HTTP ${status}`
            : `handshake failed${kind === 'ws' ? '' : "; this platform's WebSocket does not say the HTTP status"}`;
        this.#scheduleReconnect(why, opened ? undefined : status, !opened);
      };
      ws.addEventListener('open', onOpen);
      ws.addEventListener('message', onMessage);
      ws.addEventListener('error', onError);
      ws.addEventListener('close', onClose);
      this.#detach = () => {
        ws.removeEventListener?.('open', onOpen);
        ws.removeEventListener?.('message', onMessage);
        ws.removeEventListener?.('error', onError);
        ws.removeEventListener?.('close', onClose);
        pings.stop();
        this.#idle?.stop();
        this.#detach = undefined;
      };
    } catch (error) {
      this.finish('could not connect', error instanceof Error ? error : new SubscriptionError(String(error)));
    }
  }
}

function subscriptionOf<TEvent>(session: Session<TEvent>): Subscription<TEvent, EventTag> {
  // Assigned onto the handle, not spread: its `state` and `stats` are getters.
  return Object.assign(session.handle(), {
    on: (kind: string, handler: (event: never) => void) => session.on(kind, handler as (event: unknown) => void),
  });
}

/** Receives a channel's events. */
export function subscribe<TEvent, TTag extends EventTag = { readonly property: 'type' }>(
  core: CoreWithConfig,
  spec: ChannelSpec,
  params: object,
  options: SubscribeOptions = {},
): Subscription<TEvent, TTag> {
  return subscriptionOf(new Session<TEvent>(core, spec, params, options)) as Subscription<TEvent, TTag>;
}

/** Receives a channel's events, sends its messages, and makes its request/reply calls, on one socket. */
export function connect<
  TEvent,
  TOutgoing,
  TRequests extends { [K in keyof TRequests]: RequestReply } = Record<never, RequestReply>,
  TTag extends EventTag = { readonly property: 'type' },
>(
  core: CoreWithConfig,
  spec: ChannelSpec,
  params: object,
  options: ConnectOptions = {},
): Connection<TEvent, TOutgoing, TRequests, TTag> {
  const session = new Session<TEvent>(core, spec, params, options);
  return Object.assign(subscriptionOf(session), {
    send: (message: TOutgoing) => session.send(message),
    request: (operation: string, message: unknown, callOptions?: RequestCallOptions) =>
      session.request(operation, message as object, callOptions) as Promise<never>,
  }) as unknown as Connection<TEvent, TOutgoing, TRequests, TTag>;
}
