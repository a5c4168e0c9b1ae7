/**
 * What applications add on top of the lean core (http.ts), without making it any bigger: hooks around every
 * attempt, asking a token function again and replaying once after a 401, the Response and idempotency key
 * of a call (`withResponse`), and a word when a secured operation goes out without credentials.
 * `createClient` builds its core here; `createExtendedCore(config)` gives the same to standalone functions.
 * It works from the outside: it hands the lean core a fetch and token sources that observe each attempt.
 */
import { ApiError, RequestError } from './errors.js';
import {
  createClientCore,
  type ClientConfig,
  type ClientCore,
  type OperationSpec,
  type RequestOptions,
  type TokenContext,
  type TokenSource,
} from './http.js';

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

/** A client core with hooks, token refresh and `withResponse` (what `createClient` uses). */
export function createExtendedCore(config: ClientConfig = {}): ClientCore {
  const { hooks: _, ...rest } = config;
  const lean = createClientCore(rest);
  return {
    config,
    request: <T>(op: OperationSpec, params: object | undefined, options?: RequestOptions) =>
      call(config, lean, op, (params ?? {}) as Record<string, unknown>, options ?? {}) as Promise<T>,
  };
}

async function call(
  config: ClientConfig,
  lean: ClientCore,
  op: OperationSpec,
  params: Record<string, unknown>,
  options: RequestOptions,
): Promise<unknown> {
  const hooks = config.hooks || options.hooks ? [...(config.hooks ?? []), ...(options.hooks ?? [])] : [];
  const captured = (options as { [CAPTURE]?: Captured })[CAPTURE];
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
  if (secured && !held && !refreshable) warnOnce(config, op);
  // Nothing to observe: the lean core alone, at its own cost.
  if (hooks.length === 0 && !captured && !refreshable && op.idempotencyHeader === undefined)
    return lean.request(op, params, options);

  const fetchImpl = config.fetch ?? globalThis.fetch;
  let attempt = 0;
  let idempotencyKey: string | undefined;
  let credential: string | undefined;
  let rejected: string | undefined;
  const context = (): HookContext => ({ operationId: op.id, operation: op.name, attempt, idempotencyKey });
  const observed: typeof fetch = async (url, init = {}) => {
    const headers = init.headers as Record<string, string>;
    if (op.idempotencyHeader) idempotencyKey = headers[op.idempotencyHeader.toLowerCase()];
    const request: OutgoingRequest = { url: String(url), method: init.method ?? 'GET', headers: { ...headers } };
    if (init.body !== undefined) request.body = init.body;
    for (const hook of hooks) await hook.onRequest?.(request, context());
    let response = await fetchImpl(request.url, {
      ...init,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
    });
    for (const hook of hooks) response = (await hook.onResponse?.(response, context())) ?? response;
    attempt++;
    if (captured) {
      // The lean core discards a body the spec does not declare: read it here for withResponse.
      if (op.response === 'none' && response.ok) {
        captured.undeclared = await response.text();
        const { status, statusText, headers } = response;
        response = new Response(captured.undeclared || null, { status, statusText, headers });
      }
      captured.response = response;
    }
    return response;
  };
  // The token sources the lean core calls: they remember the credential, and pass on a rejected one once.
  const source = (original: TokenSource | undefined): TokenSource | undefined =>
    typeof original !== 'function'
      ? original
      : async () => {
          const context: TokenContext | undefined = rejected === undefined ? undefined : { rejected };
          rejected = undefined;
          const value = await original(context);
          if (value) credential = value;
          return value;
        };
  const { hooks: _, ...rest } = config;
  const core = createClientCore({
    ...rest,
    fetch: observed,
    token: source(config.token),
    apiKey: source(config.apiKey),
  });
  try {
    try {
      return await core.request(op, params, options);
    } catch (error) {
      if (!(refreshable && error instanceof ApiError && error.status === 401 && credential !== undefined)) throw error;
      if (typeof ReadableStream !== 'undefined' && params.body instanceof ReadableStream) {
        (error as { message: string }).message += ' (a stream body: not replayed with a new token)';
        throw error;
      }
      // Once: the replay's own 401 is the error. The same idempotency key, so the server runs it at most once.
      rejected = credential;
      const key = op.params.find((p) => p.in === 'header' && p.name === op.idempotencyHeader);
      const replayed = key && idempotencyKey !== undefined ? { ...params, [key.prop]: idempotencyKey } : params;
      return await core.request(op, replayed, options);
    }
  } catch (error) {
    if (error instanceof RequestError) {
      if (idempotencyKey !== undefined) (error as { idempotencyKey?: string }).idempotencyKey = idempotencyKey;
      for (const hook of hooks) await hook.onError?.(error, context());
    }
    throw error;
  } finally {
    if (captured) captured.idempotencyKey = idempotencyKey;
    if (refreshable && !held && credential === undefined) warnOnce(config, op);
  }
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
