/** The bounded queue between the socket and a `for await` consumer that may fall behind. */

/** The buffer of a `for await` consumer overflowed with `overflow: 'error'`. */
export class BufferOverflowError extends Error {
  override readonly name: string = 'BufferOverflowError';
}

export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error';

/** What `push` did: queued the item, queued it and dropped the oldest, dropped it, or overflowed. */
export type PushResult = 'queued' | 'dropped-oldest' | 'dropped-newest' | 'overflow';

export class EventBuffer<T> {
  readonly #size: number;
  readonly #overflow: OverflowPolicy;
  /** A ring: `#count` items from `#head`, so that dropping the oldest costs nothing. */
  readonly #items: (T | undefined)[];
  #head = 0;
  #count = 0;
  #waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: Error) => void } | undefined;
  #ended = false;
  #error: Error | undefined;

  constructor(size: number, overflow: OverflowPolicy) {
    this.#size = Math.max(1, size);
    this.#overflow = overflow;
    this.#items = [];
  }

  get length(): number {
    return this.#count;
  }

  #shift(): T {
    const item = this.#items[this.#head] as T;
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#size;
    this.#count--;
    return item;
  }

  push(item: T): PushResult {
    if (this.#ended) return 'dropped-newest';
    let result: PushResult = 'queued';
    if (this.#count >= this.#size) {
      if (this.#overflow === 'drop-newest') return 'dropped-newest';
      if (this.#overflow === 'error') return 'overflow';
      this.#shift();
      result = 'dropped-oldest';
    }
    this.#items[(this.#head + this.#count) % this.#size] = item;
    this.#count++;
    this.#settle();
    return result;
  }

  /** No more items: a waiting `next()` gets what is queued, then the end (or the error). */
  end(error?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#settle();
  }

  next(): Promise<IteratorResult<T>> {
    return new Promise((resolve, reject) => {
      if (this.#waiter) return reject(new Error('one next() at a time'));
      this.#waiter = { resolve, reject };
      this.#settle();
    });
  }

  #settle(): void {
    const waiter = this.#waiter;
    if (!waiter) return;
    if (this.#count > 0) {
      this.#waiter = undefined;
      waiter.resolve({ value: this.#shift(), done: false });
    } else if (this.#ended) {
      this.#waiter = undefined;
      if (this.#error) waiter.reject(this.#error);
      else waiter.resolve({ value: undefined, done: true });
    }
  }
}

/**
 * Offers an event to a `for await` consumer: counts what the buffer dropped, and ends the stream when it
 * overflows under the `error` policy. Before a loop begins, the buffer keeps the latest events quietly
 * (handlers may be all the caller uses).
 */
export function offer<T>(
  buffer: EventBuffer<T>,
  event: T,
  consumer: { iterating: boolean; stats: { dropped: number }; size: number | undefined },
  end: (reason: string, error: Error) => void,
): void {
  const pushed = buffer.push(event);
  if (!consumer.iterating) return;
  if (pushed === 'dropped-oldest' || pushed === 'dropped-newest') consumer.stats.dropped++;
  if (pushed === 'overflow') {
    consumer.stats.dropped++;
    const size = Math.max(1, consumer.size ?? 1000);
    end('buffer overflow', new BufferOverflowError(`more than ${size} events were waiting for the consumer`));
  }
}
