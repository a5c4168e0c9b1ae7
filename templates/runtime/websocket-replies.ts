/**
 * Request/reply over one socket: a request waits for the first reply of the kinds the spec lists that
 * carries its correlation id (where the spec has one; otherwise the first such reply), or for its timeout.
 */

/** Where a message carries its correlation id: a path into the payload, per side. */
export interface CorrelationSpec {
  readonly request: readonly string[];
  readonly reply: readonly string[];
  /** What the client fills in when the caller leaves the id out: a counter, as a number or a string. */
  readonly generate: 'number' | 'string';
}

export interface RequestSpec {
  /** Event kinds that answer this request (empty: any event). */
  readonly replies: readonly string[];
  readonly correlation?: CorrelationSpec;
}

/** No reply arrived in time. */
export class ReplyTimeoutError extends Error {
  override readonly name: string = 'ReplyTimeoutError';
  readonly operation: string;
  readonly timeoutMs: number;
  constructor(operation: string, timeoutMs: number) {
    super(`${operation}: no reply within ${timeoutMs} ms`);
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}

export function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A copy of `message` with `value` at `path`, creating the objects on the way. */
export function withValueAt(message: object, path: readonly string[], value: unknown): object {
  if (path.length === 0) return message;
  const [head, ...rest] = path as [string, ...string[]];
  const inner = (message as Record<string, unknown>)[head];
  const next =
    rest.length === 0 ? value : withValueAt(typeof inner === 'object' && inner !== null ? inner : {}, rest, value);
  return { ...message, [head]: next };
}

const sameId = (a: unknown, b: unknown) =>
  a === b ||
  (a !== undefined && a !== null && b !== undefined && b !== null && typeof a !== 'object' && String(a) === String(b));

interface Pending {
  readonly operation: string;
  readonly spec: RequestSpec;
  readonly id: unknown;
  readonly resolve: (reply: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export class PendingReplies {
  #pending: Pending[] = [];
  #counter = 0;

  get size(): number {
    return this.#pending.length;
  }

  /** The message to send, with a correlation id filled in where the spec has one and the caller gave none. */
  prepare(message: object, spec: RequestSpec): { message: object; id: unknown } {
    const correlation = spec.correlation;
    if (!correlation) return { message, id: undefined };
    const given = valueAt(message, correlation.request);
    if (given !== undefined && given !== null) return { message, id: given };
    const next = ++this.#counter;
    const id = correlation.generate === 'number' ? next : String(next);
    return { message: withValueAt(message, correlation.request, id), id };
  }

  /** Waits for the reply; rejects with ReplyTimeoutError after `timeoutMs` (0: no timeout) or on abort. */
  wait(operation: string, spec: RequestSpec, id: unknown, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => settle(() => reject(signal!.reason));
      const entry: Pending = {
        operation,
        spec,
        id,
        resolve: (reply) => settle(() => resolve(reply)),
        reject: (error) => settle(() => reject(error)),
      };
      const settle = (then: () => void) => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#pending = this.#pending.filter((p) => p !== entry);
        then();
      };
      if (signal?.aborted) return reject(signal.reason);
      this.#pending.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs > 0) timer = setTimeout(() => entry.reject(new ReplyTimeoutError(operation, timeoutMs)), timeoutMs);
    });
  }

  /** Settles the oldest request this event answers; true if there was one. */
  match(event: object, kind: string | undefined): boolean {
    const found = this.#pending.find(({ spec, id }) => {
      if (spec.replies.length > 0 && (kind === undefined || !spec.replies.includes(kind))) return false;
      return !spec.correlation || sameId(valueAt(event, spec.correlation.reply), id);
    });
    found?.resolve(event);
    return found !== undefined;
  }

  /** Every waiting request fails with `error` (the connection it was sent on is gone). */
  failAll(error: (operation: string) => Error): void {
    for (const pending of [...this.#pending]) pending.reject(error(pending.operation));
  }
}
