/**
 * Error classes thrown by the generated client. Every failure is one of these, so callers can tell apart
 * "the server said no" (ApiError), "it took too long" (TimeoutError), "you cancelled" (RequestAbortedError)
 * and "the network failed" (NetworkError); streams fail with SubscriptionError and report undecodable frames
 * as MalformedFrameError. Credentials never appear in messages.
 */

export interface RequestInfo {
  /** The spec's operationId (or the name made of method and path where it has none). */
  operationId: string;
  /** The name of the client method and function that made the request. */
  operation: string;
  method: string;
  /** The request URL, with the value of an API key sent in the query replaced by `REDACTED`. */
  url: string;
}

/** What every error of a request carries: which operation, and where it went. */
export class RequestError extends Error {
  declare readonly operationId: string;
  declare readonly operation: string;
  declare readonly method: string;
  declare readonly url: string;
  /** The idempotency key the request carried (set by clients from `createClient` or cores from `createExtendedCore`). */
  declare readonly idempotencyKey?: string;
  constructor(message: string, info: RequestInfo, cause?: unknown) {
    super(`${info.method} ${info.url} (${info.operationId}) ${message}`, { cause });
    this.operationId = info.operationId;
    this.operation = info.operation;
    this.method = info.method;
    this.url = info.url;
  }
}

/**
 * A non-2xx response. `body` is the parsed JSON body (or the text, or undefined when there was none).
 * `declared`: the operation's spec declares a response for this status (itself, its range or `default`).
 */
export class ApiError<TBody = unknown> extends RequestError {
  override readonly name: string = 'ApiError';
  declare readonly status: number;
  declare readonly body: TBody;
  declare readonly response: Response;
  declare readonly declared: boolean;

  constructor(input: RequestInfo & { status: number; body: TBody; response: Response; declared?: boolean }) {
    const detail = errorDetail(input.body);
    super(
      `failed with ${input.status} ${input.response.statusText || 'HTTP error'}${detail ? `: ${detail}` : ''}`,
      input,
    );
    this.status = input.status;
    this.body = input.body;
    this.declared = input.declared === true;
    // Not enumerable: Node's console and JSON.stringify show the error's own fields (name, operation, method,
    // url, status, body), and a whole Response is 70 lines of them.
    Object.defineProperty(this, 'response', { value: input.response, enumerable: false });
  }
}

/** The request did not complete within its `timeoutMs`. */
export class TimeoutError extends RequestError {
  override readonly name: string = 'TimeoutError';
  declare readonly timeoutMs: number;
  constructor(input: RequestInfo & { timeoutMs: number; cause?: unknown }) {
    super(`timed out after ${input.timeoutMs} ms`, input, input.cause);
    this.timeoutMs = input.timeoutMs;
  }
}

/** The caller's AbortSignal fired. `cause` is the signal's reason. */
export class RequestAbortedError extends RequestError {
  override readonly name: string = 'RequestAbortedError';
  constructor(input: RequestInfo & { cause?: unknown }) {
    super('was aborted', input, input.cause);
  }
}

/** fetch itself failed: DNS, refused connection, reset socket, TLS... `cause` is the platform's error. */
export class NetworkError extends RequestError {
  override readonly name: string = 'NetworkError';
  constructor(input: RequestInfo & { cause?: unknown }) {
    super(`failed: ${errorText(input.cause)}`, input, input.cause);
  }
}

/**
 * A call asked the lean core (`createClientCore`) for what only cores from `createExtendedCore` (and clients from
 * `createClient`) do: a deadline (`timeoutMs`), retries (`retry`) or `hooks`. Nothing was sent.
 */
export class UnsupportedOptionError extends TypeError {
  override readonly name: string = 'UnsupportedOptionError';
}

/** A WebSocket frame or server-sent event that could not be delivered as an event. */
export class MalformedFrameError extends Error {
  override readonly name: string = 'MalformedFrameError';
  readonly raw: unknown;
  constructor(reason: string, raw: unknown) {
    super(`malformed frame: ${reason}`);
    this.raw = raw;
  }
}

/**
 * A stream (a WebSocket channel or an event stream) could not be opened or kept open: the server refused it,
 * reconnecting gave up, or it is closed. `cause` is what failed underneath (an `ApiError` for an event
 * stream refused with an HTTP status).
 */
export class SubscriptionError extends Error {
  override readonly name: string = 'SubscriptionError';
  /** HTTP status of a refused handshake or event stream, where the platform exposes it. */
  readonly status: number | undefined;
  constructor(message: string, input: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: input.cause });
    this.status = input.status;
  }
}

function errorText(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    return inner instanceof Error ? `${cause.message} (${inner.message})` : cause.message;
  }
  return String(cause);
}

/**
 * Reads the usual error body shapes: `{"errors": ["a", "b"]}`, `{"error": "..."}`, `{"message": "..."}`,
 * RFC 7807 `{"title", "detail"}`, or plain text; an empty body leaves just the status.
 */
export function errorDetail(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 500) || undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const listed =
    Array.isArray(record.errors) && record.errors.map((e) => errorDetail(e) ?? JSON.stringify(e)).join('; ');
  if (listed) return listed;
  for (const key of ['error', 'message', 'detail', 'title']) {
    const found = errorDetail(record[key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * A value that is not what the spec says: a response or error body, a received event, or (in `'throw'` mode)
 * a request body or message before it was sent. `issues` says what and where.
 */
export class ValidationError extends Error {
  override readonly name: string = 'ValidationError';
  /** The operation (its spec id) or the channel whose value failed. */
  readonly operation: string | undefined;
  readonly channel: string | undefined;
  /** The response status, for a response body. */
  readonly status: number | undefined;
  readonly issues: readonly { readonly message: string; readonly path: readonly PropertyKey[] }[];
  constructor(input: {
    operation?: string;
    channel?: string;
    status?: number;
    issues: readonly { readonly message: string; readonly path: readonly PropertyKey[] }[];
    /** The ApiError whose body failed, for an error response. */
    cause?: unknown;
  }) {
    const where = input.operation ?? input.channel ?? 'value';
    const first = input.issues[0];
    const more = input.issues.length > 1 ? ` (and ${input.issues.length - 1} more)` : '';
    const path = first?.path.map(String).join('.') ?? '';
    super(
      `${where}${input.status === undefined ? '' : ` ${input.status}`}: invalid value: ${path === '' ? '' : `${path}: `}${first?.message ?? 'invalid'}${more}`,
      input.cause === undefined ? undefined : { cause: input.cause },
    );
    this.operation = input.operation;
    this.channel = input.channel;
    this.status = input.status;
    this.issues = input.issues;
  }
}
