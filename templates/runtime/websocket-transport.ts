/**
 * The socket itself: which WebSocket implementation to use, the URL to open, opening it with headers and
 * subprotocols where the platform allows, and closing it without leaving an unhandled error behind.
 */
import { encodePathSegment } from './encode.js';
import type { WebSocketClass } from './http.js';

/** The subset of the WebSocket interface the client uses (browser, undici and `ws` all have it). */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType?: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: any) => void): void;
  removeEventListener?(type: string, listener: (event: any) => void): void;
  /** `ws` only: keep-alive pings and pongs. */
  on?(event: 'ping' | 'pong', listener: () => void): unknown;
  off?(event: 'ping' | 'pong', listener: () => void): unknown;
}

/** How the client calls a WebSocket class: Node's platform WebSocket (undici) takes its options second. */
export type WebSocketConstructor = new (
  url: string,
  second?: string | string[] | object,
  options?: object,
) => WebSocketLike;

export type TransportKind = 'custom' | 'platform' | 'ws';

export const SOCKET_OPEN: number = 1;

export const isNode: boolean =
  typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

/** The constructor passed in, else the platform's WebSocket (browsers, Node 22+), else the `ws` package. */
export async function loadTransport(
  preferred: WebSocketClass | undefined,
): Promise<{ ctor: WebSocketConstructor; kind: TransportKind }> {
  if (preferred) return { ctor: preferred as WebSocketConstructor, kind: 'custom' };
  const platform = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (platform) return { ctor: platform, kind: 'platform' };
  const ctor = (await importWs('ws')) ?? (isNode ? await importWsFromWorkingDirectory() : undefined);
  if (ctor) return { ctor, kind: 'ws' };
  const where = isNode
    ? ` It was looked for from this package (${new URL('.', import.meta.url).pathname}) and from the working directory (${nodeProcess()?.cwd() ?? '?'}).`
    : '';
  throw new Error(
    `no WebSocket implementation: this platform has none, and the optional peer dependency \`ws\` was not found.${where} Install it (npm i ws) or pass \`WebSocket\` in the options`,
  );
}

type WsModule = { default?: WebSocketConstructor; WebSocket?: WebSocketConstructor };

/** The `ws` module's constructor, or undefined when it cannot be imported from `specifier`. */
async function importWs(specifier: string): Promise<WebSocketConstructor | undefined> {
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as WsModule;
    return mod.WebSocket ?? mod.default;
  } catch {
    return undefined;
  }
}

const nodeProcess = () => (globalThis as { process?: { cwd(): string } }).process;

/**
 * `ws` as the application resolves it. A package installed as a link (`npm i ../client`, `file:`, workspaces)
 * resolves imports from its real path, outside the application, where the application's `ws` is not.
 */
async function importWsFromWorkingDirectory(): Promise<WebSocketConstructor | undefined> {
  try {
    // Through variables, so that bundlers for the browser leave these Node modules alone.
    const [moduleName, urlName] = ['node:module', 'node:url'];
    const { createRequire } = (await import(/* @vite-ignore */ moduleName)) as {
      createRequire(base: URL): { resolve(id: string): string };
    };
    const { pathToFileURL } = (await import(/* @vite-ignore */ urlName)) as { pathToFileURL(path: string): URL };
    const base = pathToFileURL(`${nodeProcess()!.cwd()}/`);
    return await importWs(pathToFileURL(createRequire(base).resolve('ws')).href);
  } catch {
    return undefined;
  }
}

/**
 * Opens a socket. Node's platform WebSocket (undici) takes headers in a second-argument object; browsers
 * take subprotocols only; `ws` and custom constructors take headers as the third argument.
 */
export function openSocket(
  ctor: WebSocketConstructor,
  kind: TransportKind,
  url: string,
  protocols: string[] | undefined,
  headers: Record<string, string>,
): WebSocketLike {
  let socket: WebSocketLike;
  if (kind === 'platform' && isNode) socket = new ctor(url, { protocols, headers });
  else if (kind === 'platform') socket = new ctor(url, protocols);
  else socket = new ctor(url, protocols, Object.keys(headers).length > 0 ? { headers } : {});
  socket.binaryType = 'arraybuffer';
  return socket;
}

/** `ws` reports a rejected handshake as an error whose message carries the HTTP status. */
export function statusFromError(event: unknown): number | undefined {
  const message =
    (event as { message?: unknown; error?: { message?: unknown } } | undefined)?.message ??
    (event as { error?: { message?: unknown } })?.error?.message;
  const match = typeof message === 'string' ? /Unexpected server response: (\d{3})/.exec(message) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * Closes a socket nobody listens to any more. A socket still connecting reports the close as an `error`
 * event; with `ws` an error event nobody listens to would crash the process, so one listener stays.
 */
export function closeQuietly(socket: WebSocketLike | undefined, code: number, reason: string): void {
  if (!socket) return;
  socket.addEventListener('error', () => {});
  try {
    socket.close(code, reason);
  } catch {
    // already closing
  }
}

/** A server of the channel: its URL (possibly with `{variables}`) and the variables' defaults. */
export interface ServerSpec {
  readonly name: string;
  readonly url: string;
  readonly variables?: Readonly<Record<string, string>>;
}

/** The server URL with its `{variables}` filled in: the caller's values first, then the spec's defaults. */
export function serverUrl(server: ServerSpec, values: Readonly<Record<string, string>> = {}): string {
  return server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name] ?? server.variables?.[name];
    if (value === undefined)
      throw new TypeError(`server "${server.name}" needs the variable "${name}": pass it in serverVariables`);
    return value;
  });
}

/** http(s) -> ws(s), a bare host gets ws://, and base and path are joined with exactly one `/`. */
export function toWebSocketUrl(base: string, path: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(base) ? base : `ws://${base}`;
  const url = withScheme.replace(/^http(s?):\/\//i, 'ws$1://');
  if (path === '') return url;
  return `${url.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export interface ChannelParam {
  readonly name: string;
  readonly prop: string;
}

/** The channel address with its `{parameters}` filled in, each encoded as one path segment. */
export function channelPath(address: string, params: readonly ChannelParam[], values: Record<string, unknown>): string {
  return address.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const param = params.find((p) => p.name === name);
    const value = param ? values[param.prop] : undefined;
    if (value === undefined || value === null) throw new TypeError(`missing channel parameter "${name}"`);
    return encodePathSegment(value);
  });
}
