/**
 * What applications add on top of the lean core (http.ts), without making it any bigger: retries and a deadline
 * per call (http-retry.ts), hooks around every attempt, asking a token function again and replaying once after
 * a 401, the Response and idempotency key of a call (`withResponse`), and a word when a secured operation goes
 * out without credentials.
 * `createClient` builds its core here; `createExtendedCore(config)` gives the same to standalone functions.
 * It works from the outside: it hands the lean core a fetch and token sources that observe each attempt.
 */
import { decodeNone } from './decode.js';
import { ApiError, RequestAbortedError, RequestError, TimeoutError } from './errors.js';
import {
  createClientCore,
  type ClientConfig,
  type ClientCore,
  type CoreConfig,
  type OperationSpec,
  type RequestOptions,
  type RetryOptions,
  type TokenContext,
  type TokenSource,
} from './http.js';
import { deadline, retryingFetch, retryPolicy } from './http-retry.js';

/** The request of one attempt, as hooks see it: changes apply to this attempt. */
export interface OutgoingRequest {
  url: string;
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: BodyInit | null;
}

/** Which call a hook runs for. */
export interface HookContext {
  readonly operationId: string;
  /** The method name (`getWorkerMetadata`). */
  readonly operation: string;
  /** 0 for the first attempt, then 1, 2... for retries and the replay after a token refresh. */
  readonly attempt: number;
  /** The idempotency key the call sends (the caller's, or the one the client made), if any. */
  readonly idempotencyKey?: string | undefined;
}

/**
 * Hooks into every call: tracing, logging, request ids, metrics. The client's hooks run first, then the
 * call's, each list in the order given. A hook that throws fails the call with its error.
 */
export interface Hooks {
  /** Before each attempt is sent; may change the request. */
  onRequest?: (request: OutgoingRequest, context: HookContext) => void | Promise<void>;
  /** After each response arrives (before the status is looked at); may return another Response to use. */
  onResponse?: (response: Response, context: HookContext) => void | Response | Promise<void | Response>;
  /** Once, with the error the call is about to throw (it is thrown after the hooks ran). */
  onError?: (error: RequestError, context: HookContext) => void | Promise<void>;
}

/** What {@link withResponse} resolves to: the typed data, the Response (status, headers) and the idempotency key. */
export interface ResponseResult<T> {
  /** The decoded body; for an operation whose spec declares no body, whatever the server sent (JSON or text). */
  data: [T] extends [void] ? unknown : T;
  response: Response;
  idempotencyKey?: string;
}

/** Where a {@link withResponse} call receives the Response (a symbol: not a public option). */
const CAPTURE = Symbol('capture');

interface Captured {
  response?: Response;
  idempotencyKey?: string | undefined;
  /** The text of a body the spec does not declare. */
  undeclared?: string;
}

/** Clients that were already told they send a secured operation without credentials. */
const warned = new WeakSet<ClientConfig>();

/** A client core with retries, deadlines, hooks, token refresh and `withResponse` (what `createClient` uses). */
export function createExtendedCore(config: ClientConfig = {}): ClientCore {
  // What the lean core is configured with: the config without what this core does itself.
  const { hooks: _hooks, retry: _retry, timeoutMs: _timeoutMs, ...base } = config;
  const client: ExtendedClient = { config, base, lean: createClientCore(base), retrying: new Map() };
  return {
    config,
    request: <T>(op: OperationSpec, params: object | undefined, options?: RequestOptions) =>
      call(client, op, (params ?? {}) as Record<string, unknown>, options ?? {}) as Promise<T>,
  };
}

/** One extended core's config, the part of it the lean core is given, and the lean core made of that part. */
interface ExtendedClient {
  readonly config: ClientConfig;
  readonly base: CoreConfig;
  readonly lean: ClientCore;
  /** By operation, the lean core that sends its calls under the client's retry policy (made on the first call). */
  readonly retrying: Map<OperationSpec, ClientCore>;
}

/**
 * The lean core for a call nothing watches: the client's own, or one that retries each attempt. The fetch is
 * looked up at each attempt, as the lean core does (a test may replace the global one after the client is made).
 */
function plainCore(client: ExtendedClient, op: OperationSpec, options: RequestOptions): ClientCore {
  const retry = retryPolicy(client.config, options);
  if (!retry) return client.lean;
  const make = () => {
    const send: typeof fetch = (url, init) => (client.config.fetch ?? globalThis.fetch)(url, init);
    return createClientCore({ ...client.base, fetch: retryingFetch(send, op, retry) });
  };
  // A call's own policy makes a core of its own; the client's is the same for every call of the operation.
  if (options.retry !== undefined) return make();
  let core = client.retrying.get(op);
  if (!core) client.retrying.set(op, (core = make()));
  return core;
}

/** Whether an operation needs credentials, whether the client holds them as values, and whether it can ask again. */
function credentialsFor(
  config: ClientConfig,
  op: OperationSpec,
): { secured: boolean; held: boolean; refreshable: boolean } {
  const secured = op.security.length > 0 && op.security.every((alternative) => alternative.length > 0);
  const refreshable = secured && (typeof config.token === 'function' || typeof config.apiKey === 'function');
  // Whether a credential the client holds as a value satisfies the operation (then nothing needs saying).
  const held =
    secured &&
    op.security.some((alternative) =>
      alternative.every((scheme) => {
        const value = scheme.type === 'apiKey' ? config.apiKey : config.token;
        return typeof value === 'string' && value !== '';
      }),
    );
  return { secured, held, refreshable };
}

/**
 * One call as the extended core watches it: each attempt goes through the hooks, and the call remembers the
 * idempotency key it sent, the credential the token function gave, and the one the server rejected.
 */
class WatchedCall {
  attempt = 0;
  idempotencyKey: string | undefined;
  credential: string | undefined;
  rejected: string | undefined;
  readonly #config: ClientConfig;
  readonly #op: OperationSpec;
  readonly #hooks: readonly Hooks[];
  readonly #captured: Captured | undefined;

  constructor(config: ClientConfig, op: OperationSpec, hooks: readonly Hooks[], captured: Captured | undefined) {
    this.#config = config;
    this.#op = op;
    this.#hooks = hooks;
    this.#captured = captured;
  }

  context(): HookContext {
    return {
      operationId: this.#op.id,
      operation: this.#op.name,
      attempt: this.attempt,
      idempotencyKey: this.idempotencyKey,
    };
  }

  /** A lean core that sends through the hooks (each attempt, under `retry`) and asks the token functions through this call. */
  core(base: CoreConfig, retry: Required<RetryOptions> | undefined): ClientCore {
    return createClientCore({
      ...base,
      fetch: retry ? retryingFetch(this.#fetch, this.#op, retry) : this.#fetch,
      token: this.#source(this.#config.token),
      apiKey: this.#source(this.#config.apiKey),
    });
  }

  readonly #fetch: typeof fetch = async (url, init = {}) => {
    const op = this.#op;
    const headers = init.headers as Record<string, string>;
    if (op.idempotencyHeader) this.idempotencyKey = headers[op.idempotencyHeader.toLowerCase()];
    const request: OutgoingRequest = { url: String(url), method: init.method ?? 'GET', headers: { ...headers } };
    if (init.body !== undefined) request.body = init.body;
    for (const hook of this.#hooks) await hook.onRequest?.(request, this.context());
    let response = await (this.#config.fetch ?? globalThis.fetch)(request.url, {
      ...init,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
    });
    for (const hook of this.#hooks) response = (await hook.onResponse?.(response, this.context())) ?? response;
    this.attempt++;
    const captured = this.#captured;
    if (captured) {
      // The lean core discards a body the spec does not declare: read it here for withResponse.
      if (op.decode === decodeNone && response.ok) {
        captured.undeclared = await response.text();
        const { status, statusText, headers } = response;
        response = new Response(captured.undeclared || null, { status, statusText, headers });
      }
      captured.response = response;
    }
    return response;
  };

  /** The token source the lean core calls: it remembers the credential, and passes on a rejected one once. */
  #source(original: TokenSource | undefined): TokenSource | undefined {
    if (typeof original !== 'function') return original;
    return async () => {
      const context: TokenContext | undefined = this.rejected === undefined ? undefined : { rejected: this.rejected };
      this.rejected = undefined;
      const value = await original(context);
      if (value) this.credential = value;
      return value;
    };
  }

  /** Tells the hooks about the error the call is about to throw. */
  async failed(error: unknown): Promise<void> {
    if (!(error instanceof RequestError)) return;
    if (this.idempotencyKey !== undefined) (error as { idempotencyKey?: string }).idempotencyKey = this.idempotencyKey;
    for (const hook of this.#hooks) await hook.onError?.(error, this.context());
  }
}

async function call(
  client: ExtendedClient,
  op: OperationSpec,
  params: Record<string, unknown>,
  options: RequestOptions,
): Promise<unknown> {
  const { config } = client;
  const hooks = config.hooks || options.hooks ? [...(config.hooks ?? []), ...(options.hooks ?? [])] : [];
  const captured = (options as { [CAPTURE]?: Captured })[CAPTURE];
  const { secured, held, refreshable } = credentialsFor(config, op);
  if (secured && !held && !refreshable) warnOnce(config, op);
  const timeoutMs = options.timeoutMs ?? config.timeoutMs;
  // One deadline for the whole call: its retries and a replay after a 401 too.
  const guard = deadline(options.signal, timeoutMs);
  const { hooks: _hooks, retry: _retry, timeoutMs: _timeoutMs, signal: _signal, ...rest } = options;
  const leanOptions: RequestOptions = guard.signal ? { ...rest, signal: guard.signal } : rest;
  // The lean core sees only a signal that aborted: when the deadline aborted it, the call timed out.
  const send = (core: ClientCore, sent: Record<string, unknown>) =>
    core.request(op, sent, leanOptions).catch((error: unknown) => {
      if (!(guard.timedOut && error instanceof RequestAbortedError)) throw error;
      const { operationId, operation, method, url, cause } = error;
      throw new TimeoutError({ operationId, operation, method, url, timeoutMs: timeoutMs!, cause });
    });
  try {
    // Nothing to observe: the lean core, with retries when they apply.
    if (hooks.length === 0 && !captured && !refreshable && op.idempotencyHeader === undefined)
      return await send(plainCore(client, op, options), params);
    const watched = new WatchedCall(config, op, hooks, captured);
    const core = watched.core(client.base, retryPolicy(config, options));
    const sendWatched = (sent: Record<string, unknown>) => send(core, sent);
    try {
      return await sendWatched(params).catch((error: unknown) => {
        if (!(refreshable && error instanceof ApiError && error.status === 401 && watched.credential !== undefined))
          throw error;
        return replay(sendWatched, watched, op, params, error);
      });
    } catch (error) {
      await watched.failed(error);
      throw error;
    } finally {
      if (captured) captured.idempotencyKey = watched.idempotencyKey;
      if (refreshable && !held && watched.credential === undefined) warnOnce(config, op);
    }
  } finally {
    guard.dispose();
  }
}

/**
 * After a 401: the call once more, with the token function told which credential was rejected (the replay's
 * own 401 is the error), and the same idempotency key, so that the server runs it at most once.
 */
function replay(
  send: (params: Record<string, unknown>) => Promise<unknown>,
  watched: WatchedCall,
  op: OperationSpec,
  params: Record<string, unknown>,
  error: ApiError,
): Promise<unknown> {
  if (typeof ReadableStream !== 'undefined' && params.body instanceof ReadableStream) {
    (error as { message: string }).message += ' (a stream body: not replayed with a new token)';
    throw error;
  }
  watched.rejected = watched.credential;
  const key = op.params.find((p) => p.in === 'header' && p.name === op.idempotencyHeader);
  const replayed =
    key && watched.idempotencyKey !== undefined ? { ...params, [key.prop]: watched.idempotencyKey } : params;
  return send(replayed);
}

function warnOnce(config: ClientConfig, op: OperationSpec): void {
  if (warned.has(config)) return;
  warned.add(config);
  console.warn(
    `${op.name}: sent without credentials, though the API requires them (no token or apiKey, or a function that returned none). Said once per client.`,
  );
}

/**
 * Calls an operation of a client from `createClient` (or of a core from `createExtendedCore`) and resolves
 * to `{ data, response, idempotencyKey }` instead of the data alone.
 */
export async function withResponse<P, R>(
  call: (params: P, options?: RequestOptions) => Promise<R>,
  params: P,
  options?: RequestOptions,
): Promise<ResponseResult<R>> {
  const captured: Captured = {};
  let data: unknown = await call(params, { ...options, [CAPTURE]: captured } as RequestOptions);
  const response = captured.response;
  if (!response) throw new TypeError('withResponse needs a client from createClient or a core from createExtendedCore');
  // A body the spec does not declare reaches the caller as `unknown`: JSON when it parses, else the text.
  const text = captured.undeclared;
  if (data === undefined && text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  const result = { data, response } as ResponseResult<R>;
  if (captured.idempotencyKey !== undefined) result.idempotencyKey = captured.idempotencyKey;
  return result;
}
