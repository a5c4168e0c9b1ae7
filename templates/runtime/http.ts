/**
 * The HTTP core of the generated client: builds the request from an operation descriptor and the caller's
 * params, sends it once with fetch (cancellation by the caller's signal), and decodes the response. Retries
 * and deadlines are the extended core's (http-retry.ts, through http-extended.ts).
 * Platform only: fetch, AbortController, FormData, Blob, crypto.randomUUID.
 */
import { decodeNone, type ResponseDecoder } from './decode.js';
import { fillPath, type BodyEncoder, type ParamSerializer } from './encode.js';
import { ApiError, NetworkError, RequestAbortedError, UnsupportedOptionError, type RequestInfo } from './errors.js';
import type { Hooks } from './http-extended.js';
import type { Checking, ValidateMode, Validation } from './validate.js';

/** What a token function is told: the token the server just rejected with a 401, when it is asked again. */
export interface TokenContext {
  readonly rejected?: string;
}

/** A credential, or a function called before every request (see {@link TokenContext} for the refresh after a 401). */
export type TokenSource = string | ((context?: TokenContext) => string | undefined | Promise<string | undefined>);

export interface RetryOptions {
  /** Retries after the first attempt (default 3). 0 disables retrying. */
  retries?: number;
  /** First backoff delay; doubled on every retry, with full jitter (default 200 ms). */
  baseDelayMs?: number;
  /** Longest wait between two attempts, including a server's Retry-After (default 10 s). */
  maxDelayMs?: number;
  /** Statuses that are retried (default 429, 502, 503, 504). */
  statuses?: readonly number[];
}

export interface ClientConfig {
  /** Server root, e.g. `https://api.example.com`. Defaults to the spec's first server. */
  baseUrl?: string;
  /** Bearer token, or a function called before every request (and every WebSocket (re)connect). */
  token?: TokenSource;
  /** API key for `apiKey` security schemes, likewise a value or a function. */
  apiKey?: TokenSource;
  /** A fetch implementation (default: the global fetch). */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Deadline for a whole call, retries included (default: none). Clients from `createClient` or `createExtendedCore`. */
  timeoutMs?: number;
  /**
   * Retry policy for idempotent requests (default: 3 retries, see `RetryOptions`), or `false` to never retry.
   * Clients from `createClient` or `createExtendedCore` retry; the lean core sends each call once.
   */
  retry?: RetryOptions | false;
  /**
   * Operations that declare an idempotency-key header get a fresh random key when the caller passes none
   * (`'auto'`, the default), so that retries of a POST are safe and executed once. `'off'` sends none.
   */
  idempotencyKeys?: 'auto' | 'off';
  /** Hooks for every call (see `Hooks`); clients from `createClient` or `createExtendedCore` run them. */
  hooks?: readonly Hooks[];
  /** The WebSocket class for realtime channels: the platform's (the default) or the `ws` package's. */
  WebSocket?: WebSocketClass;
  /**
   * Checks response and error bodies and received events against the spec (`'warn'` logs each distinct issue
   * once and delivers the data; `'throw'` fails with a ValidationError, and checks request bodies and sent
   * messages too). Default `'off'`. Needs `validation`.
   */
  validate?: ValidateMode;
  /** The checks `validate` runs: `validation` from the package's `validators` entry (imported only by apps that validate). */
  validation?: Validation;
}

/**
 * A WebSocket class: the platform's (browsers, Node 22+) or the `ws` package's, each accepted as it is
 * declared, without a cast.
 */
export type WebSocketClass = new (url: string, protocols?: string | string[], options?: any) => unknown;

/** The lean core's config: everything but hooks, retries and deadlines, which need `createExtendedCore` (or `createClient`). */
export type CoreConfig = Omit<ClientConfig, 'hooks' | 'retry' | 'timeoutMs'>;

export interface RequestOptions {
  signal?: AbortSignal;
  /** Deadline for this call, retries included; overrides the client's (clients from `createClient` or `createExtendedCore`). */
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Retry policy for this call, over the client's (clients from `createClient` or `createExtendedCore`; the lean core never retries). */
  retry?: RetryOptions | false;
  /** For binary responses: `'stream'` resolves to the body's ReadableStream instead of a Uint8Array. */
  binaryAs?: 'bytes' | 'stream';
  /** Hooks for this call, run after the client's (by clients from `createClient` or `createExtendedCore`). */
  hooks?: readonly Hooks[];
  /** Validation for this call; overrides the client's `validate`. */
  validate?: ValidateMode;
}

export interface ParamSpec {
  /** Name on the wire. */
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  /** Property of the params object. */
  readonly prop: string;
  readonly style?: string;
  readonly explode?: boolean;
  /**
   * Its wire pieces (see ParamSerializer): `serializePathSegment`, `serializeFormParam`, `serializeHeaderParam`
   * or `serializeCookieParam` for a plain value, `serializePathParam` or `serializeQueryParam` for the styles.
   */
  readonly serialize: ParamSerializer;
  /** Refuses a value that cannot go on the wire as it is (`checkExactInteger` for an int64/uint64 parameter). */
  readonly check?: (value: unknown) => void;
  /**
   * Makes the value when the caller passes none (`newIdempotencyKey` for an idempotency-key header), or
   * leaves it out by returning undefined.
   */
  readonly generate?: (config: CoreConfig) => string | undefined;
}

/** The checks a call or stream runs in its mode (the call's, else the client's), or undefined when it runs none. */
export function validationOf(
  config: { readonly validate?: ValidateMode; readonly validation?: Validation },
  override: ValidateMode | undefined,
): Checking | undefined {
  const mode = override ?? config.validate;
  if (!mode) return undefined;
  if (config.validation) return config.validation.run(mode);
  if (mode !== 'off') throw new TypeError(`validate: '${mode}' needs { validation } from the validators entry`);
  return undefined;
}

/**
 * A security scheme as the request core applies it: which credential of the config it takes (`apiKey` for an
 * API key, else `token`), and where that goes, as a parameter would: its place, wire name and serializer, after
 * `prefix`. Descriptors name `bearerAuth` and `basicAuth`, or write an API key's place and name.
 */
export interface SecuritySpec {
  readonly type: 'bearer' | 'basic' | 'apiKey';
  readonly in: 'header' | 'query' | 'cookie';
  readonly name: string;
  readonly prefix?: string;
  readonly serialize: ParamSerializer;
}

/** The `Authorization` header's value, as it is. */
const authorization: ParamSerializer = (_param, value) => [value as string];

/** A bearer token (HTTP bearer, OAuth 2, OpenID Connect): `Authorization: Bearer <token>`. */
export const bearerAuth: SecuritySpec = {
  type: 'bearer',
  in: 'header',
  name: 'authorization',
  prefix: 'Bearer ',
  serialize: authorization,
};

/** HTTP basic credentials, the token as given (base64 of `user:password`): `Authorization: Basic <token>`. */
export const basicAuth: SecuritySpec = {
  type: 'basic',
  in: 'header',
  name: 'authorization',
  prefix: 'Basic ',
  serialize: authorization,
};

export interface OperationSpec {
  readonly id: string;
  /** The generated function's name (differs from `id` where the spec's id is not an identifier, or is used twice). */
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly params: readonly ParamSpec[];
  readonly body?: {
    readonly mediaType: string;
    readonly required: boolean;
    readonly encode: BodyEncoder;
    /** Styles the spec's Encoding object gives body properties (form bodies). */
    readonly styles?: Readonly<Record<string, string>>;
  };
  /**
   * Reads a 2xx response into the result (decode.ts): `decodeJson`, `decodeText`, `decodeBinary`, `decodeNone`,
   * or `decodeEventStream` for a `text/event-stream`, which the generated function reads with `openEventStream`
   * (sse.ts). A 204 or 205 is read by `decodeNone`, whatever the operation.
   */
  readonly decode: ResponseDecoder;
  /**
   * The Accept header, where it is not the default (JSON, then any type): the media type the result is read
   * from, then any type (`text/csv, *\/*`); `text/event-stream` for an event stream.
   */
  readonly accept?: string;
  /** For `sse`: whether each event's data is JSON (the spec's schema is not a string) or text. */
  readonly eventData?: 'json' | 'text';
  /** Alternatives; the first one whose credentials the client has is used. Empty: no auth. */
  readonly security: readonly (readonly SecuritySpec[])[];
  /** Wire name of the operation's idempotency-key header, if it declares one. */
  readonly idempotencyHeader?: string;
  /** Reads a JSON response whose type holds exact 64-bit integers (default: `JSON.parse`). */
  readonly readJson?: (text: string) => unknown;
  /** Reads a JSON error body whose type holds exact 64-bit integers (default: `JSON.parse`). */
  readonly readErrorJson?: (text: string) => unknown;
  /** The error responses the spec declares: statuses (`404`), ranges (`4XX`) and `default`. */
  readonly errors?: readonly string[];
}

export interface ClientCore {
  readonly config: Readonly<ClientConfig>;
  request<T>(operation: OperationSpec, params: object | undefined, options?: RequestOptions): Promise<T>;
}

/**
 * The lean core: what every call needs and nothing more, so that a bundle of a few standalone functions
 * stays small: each call is sent once. `createExtendedCore(config)` (what `createClient` uses) adds retries,
 * deadlines, hooks, token refresh and `withResponse`; the lean core's config has none of them (passing them is a
 * type error), and a call's options that ask for them (`timeoutMs`, `retry`, `hooks`) are refused (UnsupportedOptionError).
 */
export function createClientCore(config: CoreConfig = {}): ClientCore {
  return {
    config,
    request: <T>(operation: OperationSpec, params: object | undefined, options?: RequestOptions) =>
      send(config, operation, (params ?? {}) as Record<string, unknown>, options ?? {}) as Promise<T>,
  };
}

/**
 * The methods of a client made of a module's operation functions (`typeof import('./operations/x.js')`): each
 * function with its first argument, the core, bound. Parameters, return type and documentation are the
 * function's own; a type-checker works out a method only where it is used, never the thousand of a large API.
 */
export type BoundMethods<M> = { [K in keyof M]: BoundMethod<M[K]> };

/**
 * An operation function with the core bound: `(core, params, options) => R` becomes `(params, options) => R`. A
 * binary download keeps both its overloads (`{ binaryAs: 'stream' }` gives a stream, else the bytes). `never`
 * for what does not take a core first, which codegen's `--typecheck` reports.
 */
export type BoundMethod<F> = F extends (
  core: ClientCore,
  params: never,
  options: { binaryAs: 'stream' },
) => Promise<ReadableStream<Uint8Array>>
  ? F extends {
      (core: ClientCore, params: infer P, options: infer O): infer S;
      (core: ClientCore, ...rest: infer A): infer R;
    }
    ? { (params: P, options: O): S; (...rest: A): R }
    : never
  : F extends (core: ClientCore, ...rest: infer A) => infer R
    ? (...rest: A) => R
    : never;

/**
 * A client object: `core`, and each function of `modules` (operations modules as namespaces, or objects of
 * functions) as a method, its first argument fixed to `core` (`client.getThing(params, options)` is
 * `getThing(core, params, options)`). `C` is the client's type, the `BoundMethods` of the same modules.
 */
export function bindMethods<C extends { readonly core: ClientCore }>(core: ClientCore, ...modules: object[]): C {
  const client: Record<string, unknown> = { core };
  for (const functions of modules)
    for (const [name, fn] of Object.entries(functions) as [string, OperationFunction][])
      client[name] = (params: unknown, options: unknown) => fn(core, params, options);
  return client as C;
}

type OperationFunction = (core: ClientCore, params: unknown, options: unknown) => unknown;

export async function resolveToken(
  source: TokenSource | undefined,
  context?: TokenContext,
): Promise<string | undefined> {
  if (source === undefined) return undefined;
  return typeof source === 'function' ? await source(context) : source;
}

export interface Prepared {
  url: string;
  /** What errors show: the URL without the value of an API key sent in the query. */
  shownUrl: string;
  /** The method, the headers (credentials included) and the body. */
  init: RequestInit;
}

/** The URL, method, headers (credentials included) and body of a call, as the lean core sends it. */
export async function prepare(
  config: ClientConfig,
  op: OperationSpec,
  params: Record<string, unknown>,
  options: RequestOptions,
): Promise<Prepared> {
  const pathValues: Record<string, string> = {};
  const query: string[] = [];
  // A plain object with lower-case names: cheaper per request than a Headers instance, same on the wire.
  const headers: Record<string, string> = {};
  for (const name in config.headers) headers[name.toLowerCase()] = config.headers[name]!;
  const cookies: string[] = [];
  // Puts a parameter's or a credential's wire pieces in their place.
  const place = (where: ParamSpec['in'], name: string, pieces: string[]) => {
    if (where === 'path') pathValues[name] = pieces.join('');
    else if (where === 'query') query.push(...pieces);
    else if (where === 'header') headers[name.toLowerCase()] = pieces.join(',');
    else cookies.push(...pieces);
  };
  for (const p of op.params) {
    let value = params[p.prop];
    if (value === undefined && p.generate) value = p.generate(config);
    if (value === undefined || value === null) continue;
    p.check?.(value);
    place(p.in, p.name, p.serialize(p, value));
  }
  // The query pieces placed from here on carry a credential: shown redacted wherever the URL is shown.
  const plain = query.length;
  // (No credential configured: nothing to apply, and no await.)
  if (op.security[0] && (config.token ?? config.apiKey) !== undefined)
    for (const [scheme, credential] of (await credentialsOf(config, op)) ?? []) {
      const pieces = scheme.serialize(scheme, (scheme.prefix ?? '') + credential);
      place(scheme.in, scheme.name, pieces);
    }
  if (cookies[0]) headers.cookie = cookies.join('; ');
  // The base URL without its trailing slashes, then the path; the query (as sent, or as shown).
  const base = (config.baseUrl ?? '').replace(/\/+$/, '') + fillPath(op.path, pathValues);
  const withQuery = (pieces: string[]) => base + (pieces[0] ? `?${pieces.join('&')}` : '');
  const url = withQuery(query);
  const init: RequestInit = { method: op.method, headers };
  if (op.body && params.body !== undefined) {
    const encoded = op.body.encode(params.body, op.body.mediaType, op.body.styles);
    init.body = encoded.body;
    if (encoded.contentType && !('content-type' in headers)) headers['content-type'] = encoded.contentType;
  }
  headers.accept ??= op.accept ?? 'application/json, */*';
  for (const name in options.headers) headers[name.toLowerCase()] = options.headers[name]!;
  const shownUrl = query[plain] ? withQuery(query.map((q, i) => (i < plain ? q : q.replace(/=.*/, '=REDACTED')))) : url;
  return { url, shownUrl, init };
}

/** The credentials of the first of the operation's alternatives that the config has all of, each with its scheme. */
async function credentialsOf(config: ClientConfig, op: OperationSpec): Promise<[SecuritySpec, string][] | undefined> {
  for (const alternative of op.security) {
    const values: [SecuritySpec, string][] = [];
    for (const scheme of alternative) {
      const source = scheme.type === 'apiKey' ? config.apiKey : config.token;
      const credential = typeof source === 'function' ? await source() : source;
      if (credential === undefined || credential === '') break;
      values.push([scheme, credential]);
    }
    if (values.length === alternative.length) return values;
  }
  return undefined;
}

/** A fresh random idempotency key, unless the config turns them off (`idempotencyKeys: 'off'`). */
export function newIdempotencyKey(config: CoreConfig): string | undefined {
  return config.idempotencyKeys === 'off' ? undefined : globalThis.crypto.randomUUID();
}

/** Whether the operation's spec declares a response for this error status (itself, its range, or `default`). */
function declares(op: OperationSpec, status: number): boolean {
  const code = String(status);
  return op.errors?.some((key) => key === code || key === 'default' || key === `${code[0]}XX`) === true;
}

async function readErrorBody(op: OperationSpec, response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return (op.readErrorJson ?? JSON.parse)(text);
  } catch {
    return text;
  }
}

/**
 * Where a call's options take a function told the URL once the request is prepared, just before it is sent
 * (a symbol: not a public option). An event stream reports it as its `connecting` lifecycle event.
 */
export const ON_SEND: unique symbol = Symbol('onSend');

async function send(
  config: ClientConfig,
  op: OperationSpec,
  params: Record<string, unknown>,
  options: RequestOptions,
): Promise<unknown> {
  if (options.timeoutMs !== undefined || options.hooks || options.retry)
    throw new UnsupportedOptionError(`${op.name}: timeoutMs, retry and hooks need createExtendedCore or createClient`);
  const fetchImpl = config.fetch ?? globalThis.fetch;
  const checking = validationOf(config, options.validate);
  checking?.outgoing({ operation: op.id }, params.body);
  const prepared = await prepare(config, op, params, options);
  (options as { [ON_SEND]?: (url: string) => void })[ON_SEND]?.(prepared.shownUrl);
  const { signal } = options;
  // What errors tell of the call (built only when one is thrown).
  const info = (): RequestInfo => ({
    operationId: op.id,
    operation: op.name,
    method: op.method,
    url: prepared.shownUrl,
  });
  const failure = (cause: unknown): Error =>
    signal?.aborted
      ? new RequestAbortedError({ ...info(), cause: signal.reason ?? cause })
      : new NetworkError({ ...info(), cause });
  let response: Response;
  try {
    if (signal) prepared.init.signal = signal;
    response = await fetchImpl(prepared.url, prepared.init);
  } catch (cause) {
    throw failure(cause);
  }
  // What the check of a received body finds wrong, if anything.
  const incoming = (value: unknown, error?: ApiError) =>
    checking?.incoming({ operation: op.id, status: response.status }, value, error);
  if (response.ok) {
    let value: unknown;
    try {
      value = await (response.status === 204 || response.status === 205 ? decodeNone : op.decode)(
        response,
        op,
        options,
      );
    } catch (cause) {
      if (signal?.aborted) throw failure(cause);
      throw cause;
    }
    // (Only a JSON result has a check.)
    const invalid = incoming(value);
    if (invalid) throw invalid;
    return value;
  }
  const body = await readErrorBody(op, response);
  const error = new ApiError({
    ...info(),
    status: response.status,
    body,
    response,
    declared: declares(op, response.status),
  });
  // A declared error body that is not what the spec says: the ValidationError, with the ApiError as its cause.
  throw incoming(body, error) ?? error;
}

/**
 * Walks a cursor-paged operation: calls it, yields the items of each page, and follows the cursor until
 * the server returns none (or the same one again).
 */
export async function* paginate<TPage, TItem, TCursor extends string | number | bigint = string>(input: {
  fetchPage: (cursor: TCursor | undefined) => Promise<TPage>;
  items: (page: TPage) => readonly TItem[] | undefined;
  cursor: (page: TPage) => TCursor | null | undefined;
  start?: TCursor | undefined;
}): AsyncGenerator<TItem, void, undefined> {
  let cursor = input.start;
  for (;;) {
    const page = await input.fetchPage(cursor);
    yield* input.items(page) ?? [];
    const next = input.cursor(page);
    if (next === undefined || next === null || next === '' || next === cursor) return;
    cursor = next;
  }
}
