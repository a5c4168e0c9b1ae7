/**
 * Retries and deadlines, which the extended core (http-extended.ts) adds around the lean core: a fetch that
 * sends a call again after a network failure or a retriable status (idempotent requests only, with full-jitter
 * backoff, honouring Retry-After), and one deadline over the whole call, retries included. The lean core sends
 * each call once, so that a bundle of standalone functions on it carries none of this.
 */
import type { ClientConfig, OperationSpec, RequestOptions, RetryOptions } from './http.js';

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const DEFAULT_RETRY: Required<RetryOptions> = {
  retries: 3,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  statuses: [429, 502, 503, 504],
};

/** Milliseconds to wait per a Retry-After header (seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full jitter: a random delay between 0 and base * 2^attempt, capped. */
export function backoffMs(retry: Required<RetryOptions>, attempt: number, random: () => number = Math.random): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt) * random();
}

/** The call's retry policy (its own over the client's over the defaults), or undefined when it never retries. */
export function retryPolicy(config: ClientConfig, options: RequestOptions): Required<RetryOptions> | undefined {
  const chosen = options.retry ?? config.retry;
  if (chosen === false) return undefined;
  if (chosen === undefined) return DEFAULT_RETRY;
  return { ...DEFAULT_RETRY, ...config.retry, ...chosen };
}

/** The signal a call is sent with, whether its deadline ended it, and how to release the timer. */
export interface Deadline {
  signal: AbortSignal | undefined;
  timedOut: boolean;
  dispose(): void;
}

const noop = () => {};

/** Combines the caller's signal and a deadline into one signal; without a deadline, the caller's signal as it is. */
export function deadline(signal: AbortSignal | undefined, timeoutMs: number | undefined): Deadline {
  if (timeoutMs === undefined) return { signal, timedOut: false, dispose: noop };
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  const timer = setTimeout(() => {
    guard.timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const guard: Deadline = {
    signal: controller.signal,
    timedOut: false,
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return guard;
}

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A fetch for one call of `op`: each attempt goes through `send`, and a failed one is tried again while the
 * policy allows. Only an idempotent request is (its method, or the idempotency key it carries); a retried
 * response's body is discarded; waiting stops when the call's signal aborts (the error is its reason).
 */
export function retryingFetch(send: typeof fetch, op: OperationSpec, retry: Required<RetryOptions>): typeof fetch {
  return async (url, init = {}) => {
    const headers = init.headers as Record<string, string>;
    const retriable =
      IDEMPOTENT_METHODS.has(op.method) ||
      (op.idempotencyHeader !== undefined && op.idempotencyHeader.toLowerCase() in headers);
    const attempts = 1 + (retriable ? retry.retries : 0);
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= attempts;
      let response: Response;
      try {
        response = await send(url, init);
      } catch (error) {
        if (last || init.signal?.aborted) throw error;
        await sleep(backoffMs(retry, attempt), init.signal);
        continue;
      }
      if (last || !retry.statuses.includes(response.status)) return response;
      const wait = Math.min(
        retry.maxDelayMs,
        retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(retry, attempt),
      );
      await response.body?.cancel().catch(() => undefined);
      await sleep(wait, init.signal);
    }
  };
}
