/**
 * Telling a quiet connection from a dead one. A connection is alive while messages or the server's
 * keep-alive pings arrive; pings are visible with `ws` (its `ping` event) and with Node's platform
 * WebSocket (undici publishes them on a diagnostics channel). Browsers answer pings without telling the
 * page, so there only messages count and the idle timer is off unless asked for.
 */

/** Calls `onIdle` when `arm()` has not been called for `timeoutMs` (0 turns it off). */
export class IdleWatch {
  readonly #timeoutMs: number;
  readonly #onIdle: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(timeoutMs: number, onIdle: () => void) {
    this.#timeoutMs = timeoutMs;
    this.#onIdle = onIdle;
  }

  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  arm(): void {
    this.stop();
    if (this.#timeoutMs <= 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#onIdle();
    }, this.#timeoutMs);
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** What a socket offers for seeing pings: `ws`'s event emitter methods, if it has them. */
export interface PingSource {
  on?(event: 'ping' | 'pong', listener: () => void): unknown;
  off?(event: 'ping' | 'pong', listener: () => void): unknown;
}

const UNDICI_PING_CHANNEL = 'undici:websocket:ping';

/** Sockets of this process that listen for undici's pings. */
const undiciListeners = new Map<object, () => void>();
let undiciSubscribed: Promise<boolean> | undefined;

/**
 * undici's ping messages name their socket (`websocket`); older versions do not, and then a ping counts
 * for every socket listening: a healthy stream is never dropped for it, a dead one is noticed later.
 */
export function dispatchUndiciPing(message: unknown): void {
  const socket = (message as { websocket?: object } | undefined)?.websocket;
  if (socket !== undefined) undiciListeners.get(socket)?.();
  else undiciListeners.forEach((listener) => listener());
}

async function subscribeUndiciPings(): Promise<boolean> {
  try {
    const moduleName = 'node:diagnostics_channel';
    const channels = (await import(/* @vite-ignore */ moduleName)) as {
      subscribe?: (name: string, listener: (message: unknown) => void) => void;
    };
    if (typeof channels.subscribe !== 'function') return false;
    channels.subscribe(UNDICI_PING_CHANNEL, dispatchUndiciPing);
    return true;
  } catch {
    return false;
  }
}

/** Subscribes this process to undici's ping channel (once); false where there is none. */
export function undiciPingsAvailable(): Promise<boolean> {
  undiciSubscribed ??= subscribeUndiciPings();
  return undiciSubscribed;
}

export type PingWatch = { readonly observable: boolean; stop(): void };

/**
 * Calls `onPing` for each ping (and pong) the socket receives, where the platform lets us see them:
 * through `ws`'s events, else, with `undiciPings` (Node), through undici's diagnostics channel.
 */
export function watchPings(socket: PingSource & object, undiciPings: boolean, onPing: () => void): PingWatch {
  if (typeof socket.on === 'function') {
    socket.on('ping', onPing);
    socket.on('pong', onPing);
    return {
      observable: true,
      stop: () => {
        socket.off?.('ping', onPing);
        socket.off?.('pong', onPing);
      },
    };
  }
  if (undiciPings) {
    undiciListeners.set(socket, onPing);
    return { observable: true, stop: () => void undiciListeners.delete(socket) };
  }
  return { observable: false, stop: () => {} };
}
