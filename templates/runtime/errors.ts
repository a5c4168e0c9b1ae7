/**
 * Error classes thrown by the generated client. Every failure is one of these, so callers can tell apart
 * "the server said no" (ApiError), "it took too long" (TimeoutError), "you cancelled" (RequestAbortedError)
 * and "the network failed" (NetworkError). Credentials never appear in messages.
 */

export interface RequestInfo {
  operationId: string;
  method: string;
  /** The request URL. Query values are kept; credentials are never put into URLs by this client. */
  url: string;
}

/** A non-2xx response. `body` is the parsed JSON body (or the text, or undefined when there was none). */
export class ApiError<TBody = unknown> extends Error {
  override readonly name: string = 'ApiError';
  readonly status: number;
  readonly body: TBody;
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  readonly response: Response;

  constructor(input: RequestInfo & { status: number; body: TBody; response: Response }) {
    super(describeFailure(input.status, input.response.statusText, input.body, input));
    this.status = input.status;
    this.body = input.body;
    this.operationId = input.operationId;
    this.method = input.method;
    this.url = input.url;
    this.response = input.response;
  }
}

/** The request did not complete within its `timeoutMs`. */
export class TimeoutError extends Error {
  override readonly name: string = 'TimeoutError';
  readonly operationId: string;
  readonly timeoutMs: number;
  constructor(input: RequestInfo & { timeoutMs: number; cause?: unknown }) {
    super(`${input.method} ${input.url} (${input.operationId}) timed out after ${input.timeoutMs} ms`, {
      cause: input.cause,
    });
    this.operationId = input.operationId;
    this.timeoutMs = input.timeoutMs;
  }
}

/** The caller's AbortSignal fired. `cause` is the signal's reason. */
export class RequestAbortedError extends Error {
  override readonly name: string = 'RequestAbortedError';
  readonly operationId: string;
  constructor(input: RequestInfo & { cause?: unknown }) {
    super(`${input.method} ${input.url} (${input.operationId}) was aborted`, { cause: input.cause });
    this.operationId = input.operationId;
  }
}

/** fetch itself failed: DNS, refused connection, reset socket, TLS... `cause` is the platform's error. */
export class NetworkError extends Error {
  override readonly name: string = 'NetworkError';
  readonly operationId: string;
  constructor(input: RequestInfo & { cause?: unknown }) {
    const detail = errorText(input.cause);
    super(`${input.method} ${input.url} (${input.operationId}) failed: ${detail}`, { cause: input.cause });
    this.operationId = input.operationId;
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
  if (typeof body === 'string') return body.trim() === '' ? undefined : body.trim().slice(0, 500);
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (Array.isArray(record.errors) && record.errors.length > 0) {
    return record.errors.map((e) => (typeof e === 'string' ? e : (errorDetail(e) ?? JSON.stringify(e)))).join('; ');
  }
  for (const key of ['error', 'message', 'detail', 'title']) {
    const value = record[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'object' && value !== null) {
      const nested = errorDetail(value);
      if (nested) return nested;
    }
  }
  return undefined;
}

function describeFailure(status: number, statusText: string, body: unknown, info: RequestInfo): string {
  const text = statusText || 'HTTP error';
  const detail = errorDetail(body);
  return `${info.operationId} failed with ${status} ${text}${detail ? `: ${detail}` : ''} (${info.method} ${info.url})`;
}
