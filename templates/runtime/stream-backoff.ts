/** When to reconnect after a drop, and when to give up: exponential backoff with full jitter. */

export interface ReconnectOptions {
  /** Attempts after a drop before giving up (default 10). */
  maxAttempts?: number;
  /** Give up when reconnecting has taken this long in total (default: no limit). */
  maxElapsedMs?: number;
  /** First delay; doubled every attempt, with full jitter (default 500 ms). */
  baseDelayMs?: number;
  /** Longest delay between two attempts (default 30 s). */
  maxDelayMs?: number;
  /** A connection open this long counts as stable: the attempt counter starts again (default 10 s). */
  stableAfterMs?: number;
}

/** The next attempt, or `undefined` when the policy gives up. */
export type NextAttempt = { readonly attempt: number; readonly delayMs: number } | undefined;

export class ReconnectPolicy {
  readonly #options: Required<Omit<ReconnectOptions, 'maxElapsedMs'>> & { maxElapsedMs?: number };
  readonly #enabled: boolean;
  readonly #random: () => number;
  #attempt = 0;
  #firstFailureAt: number | undefined;

  constructor(options: ReconnectOptions | false | undefined, random: () => number = Math.random) {
    this.#enabled = options !== false;
    this.#options = {
      maxAttempts: 10,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      stableAfterMs: 10_000,
      ...(options === false ? {} : options),
    };
    this.#random = random;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  /** Failed attempts since the last stable connection. */
  get attempts(): number {
    return this.#attempt;
  }

  get stableAfterMs(): number {
    return this.#options.stableAfterMs;
  }

  next(now: number): NextAttempt {
    if (!this.#enabled) return undefined;
    this.#firstFailureAt ??= now;
    const { maxAttempts, maxElapsedMs, baseDelayMs, maxDelayMs } = this.#options;
    if (this.#attempt >= maxAttempts) return undefined;
    if (maxElapsedMs !== undefined && now - this.#firstFailureAt >= maxElapsedMs) return undefined;
    const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** this.#attempt) * this.#random();
    this.#attempt++;
    return { attempt: this.#attempt, delayMs };
  }

  /** The connection stayed up for `stableAfterMs`: the next drop starts counting from zero. */
  stable(): void {
    this.#attempt = 0;
    this.#firstFailureAt = undefined;
  }
}
