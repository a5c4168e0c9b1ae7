/**
 * The `text/event-stream` format (the HTML standard's server-sent events): text in, events out. Lines end
 * with CRLF, LF or CR; `data:` lines of one event are joined with newlines; a blank line dispatches; `id:`
 * is remembered across events (the Last-Event-ID of a reconnect); `retry:` sets the reconnection delay;
 * lines that start with `:` are comments (keep-alives).
 */

/** One event as the stream carries it: `data` is still text. */
export interface RawServerEvent {
  /** `message` unless the stream names another. */
  readonly event: string;
  readonly data: string;
  /** The last event id the stream set (this event's or an earlier one's), if any. */
  readonly id?: string;
}

export class EventStreamParser {
  #pending = '';
  #event = '';
  #data: string[] = [];
  #hasData = false;
  /** The last event id, kept across events and dispatches (an empty `id:` clears it). */
  lastEventId: string | undefined;
  /** The reconnection delay the stream asked for, in ms. */
  retryMs: number | undefined;

  /** Parses a chunk of text (any split: mid-line, mid-CRLF) and returns the events it completes. */
  feed(chunk: string): RawServerEvent[] {
    const events: RawServerEvent[] = [];
    let text = this.#pending + chunk;
    // A CR at the very end may be the first half of a CRLF: keep it until the next chunk.
    let keep = '';
    if (text.endsWith('\r')) {
      keep = '\r';
      text = text.slice(0, -1);
    }
    const lines = text.split(/\r\n|\r|\n/);
    this.#pending = lines.pop()! + keep;
    for (const line of lines) this.#line(line, events);
    return events;
  }

  /** The end of the stream: an event without its blank line is not dispatched (as the standard says). */
  end(): void {
    this.#pending = '';
    this.#reset();
  }

  #line(line: string, events: RawServerEvent[]): void {
    if (line === '') {
      if (this.#hasData) {
        events.push({
          event: this.#event || 'message',
          data: this.#data.join('\n'),
          ...(this.lastEventId === undefined ? {} : { id: this.lastEventId }),
        });
      }
      this.#reset();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      this.#data.push(value);
      this.#hasData = true;
    } else if (field === 'event') this.#event = value;
    else if (field === 'id') {
      if (!value.includes('\u0000')) this.lastEventId = value === '' ? undefined : value;
    } else if (field === 'retry') {
      if (/^\d+$/.test(value)) this.retryMs = Number(value);
    }
  }

  #reset(): void {
    this.#event = '';
    this.#data = [];
    this.#hasData = false;
  }
}
