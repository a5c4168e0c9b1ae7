/**
 * MSW handlers for the generated mocks (`<package>/mocks`, with `"mocks": true` in the config): a handler per
 * operation that answers with typed data, a typed resolver's answer or a declared error, and a handler per
 * WebSocket channel that sends typed events to every client that connects and lets a test push more. msw is
 * the app's (an optional peer dependency); nothing else of the package imports this module.
 */
import { http, HttpResponse, ws, type HttpHandler, type WebSocketHandler } from 'msw';
// JSON text of what the client delivers: bigints as exact JSON numbers.
import { stringifyExact } from './int64.js';
import { random } from './fake.js';

/** What an operation's resolver is told of the request. `body` is the parsed JSON body (64-bit integers as numbers). */
export interface MockRequest {
  /** Path parameters by their names in the spec (decoded). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly request: Request;
}

/** A declared error response: its status and body, typed by what the operation declares. */
export class MockError<TError extends { status: number; body: unknown }> {
  constructor(
    readonly status: TError['status'],
    readonly body: TError['body'],
  ) {}
}

/** The answer of a mocked operation: the data, or a function of the request giving the data or a declared error. */
export type MockAnswer<TResult, TError extends { status: number; body: unknown }> =
  TResult | ((request: MockRequest) => TResult | MockError<TError> | Promise<TResult | MockError<TError>>);

export interface MockOptions {
  /** The server root the handler matches (default: any origin). */
  baseUrl?: string;
  /** The success status (default 200). */
  status?: number;
}

/**
 * How an operation's success answer goes on the wire: `json` (exact JSON text), `text`, `binary` (bytes), `sse`
 * (an event stream: each value one event's data, JSON unless the events carry text), or `none` (no body).
 */
export interface MockRoute {
  readonly method: string;
  readonly path: string;
  readonly as: 'json' | 'text' | 'binary' | 'sse' | 'none';
  /** The declared media type of the success content. */
  readonly mediaType?: string;
  /** `sse`: the events' data is text, not JSON. */
  readonly textEvents?: boolean;
}

/** A declared error body: JSON, whatever the success content is. */
function jsonReply(value: unknown, status: number): Response {
  if (value === undefined) return new HttpResponse(null, { status });
  return new HttpResponse(stringifyExact(value), { status, headers: { 'content-type': 'application/json' } });
}

/** One event of an event stream: its data, a `data:` line each line of text. */
function eventText(data: unknown, text: boolean): string {
  const written = text ? String(data) : stringifyExact(data);
  return `${written
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('')}\n`;
}

function reply(route: MockRoute, value: unknown, status: number): Response {
  if (route.as === 'none' || value === undefined)
    return new HttpResponse(null, { status: status === 200 ? 204 : status });
  if (route.as === 'json') return jsonReply(value, status);
  // A range the spec allows (`*/*`, `image/*`) is no content type a server sends.
  const declared = route.mediaType !== undefined && !route.mediaType.includes('*') ? route.mediaType : undefined;
  const fallback =
    route.as === 'sse' ? 'text/event-stream' : route.as === 'text' ? 'text/plain' : 'application/octet-stream';
  const headers = { 'content-type': declared ?? fallback };
  if (route.as === 'sse') {
    // The events, then the stream stays open, as a live one does, until the client leaves.
    const events = (value as readonly unknown[]).map((data) => eventText(data, route.textEvents === true));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(events.join('')));
      },
    });
    return new HttpResponse(body, { status, headers });
  }
  if (route.as === 'binary') return new HttpResponse(value as BodyInit, { status, headers });
  return new HttpResponse(String(value), { status, headers });
}

/** Bytes that stand in for a binary answer: the same for a seed. */
export function fakeBytes(seed = 1): Uint8Array {
  const next = random(seed);
  return Uint8Array.from({ length: 16 }, () => Math.floor(next() * 256));
}

/** `/v1/things/{id}` as an MSW path (`*` matches any origin). */
function pattern(path: string, baseUrl: string | undefined): string {
  return `${baseUrl?.replace(/\/+$/, '') ?? '*'}${path.replace(/\{([^}]+)\}/g, ':$1')}`;
}

type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch';

/** A handler for one operation: the answer given, else `fallback()` (fake data of the result). */
export function mockRoute<TResult, TError extends { status: number; body: unknown }>(
  route: MockRoute,
  answer: MockAnswer<TResult, TError> | undefined,
  fallback: () => TResult,
  options: MockOptions = {},
): HttpHandler {
  const method = route.method.toLowerCase() as Method;
  return http[method](pattern(route.path, options.baseUrl), async ({ request, params }) => {
    let value: unknown = answer;
    if (typeof answer === 'function') {
      const text = await request.clone().text();
      let body: unknown = undefined;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      value = await (answer as (request: MockRequest) => unknown)({
        params: params as Record<string, string>,
        query: new URL(request.url).searchParams,
        body,
        request,
      });
    } else if (answer === undefined) value = fallback();
    if (value instanceof MockError) return jsonReply(value.body, value.status);
    return reply(route, value, options.status ?? 200);
  });
}

/** A mocked channel: its MSW handler, and `send` to push an event to every connected client. */
export interface ChannelMock<TEvent> {
  readonly handler: WebSocketHandler;
  send(event: TEvent): void;
  /** How many clients are connected now. */
  readonly connections: number;
}

/**
 * How a channel's mock answers one request/reply operation: the requests it recognizes (by their tag), where
 * request and reply carry the correlation id, and the reply it makes.
 */
export interface ReplySpec {
  readonly tag?: readonly [property: string, values: readonly string[]];
  readonly correlation?: { readonly request: readonly string[]; readonly reply: readonly string[] };
  readonly reply: (seed: number) => unknown;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path)
    current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

/** `value` set at `path` in (a copy of) `target`. */
function withValue(target: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const base = typeof target === 'object' && target !== null ? (target as Record<string, unknown>) : {};
  return { ...base, [head]: withValue(base[head], rest, value) };
}

/** The reply to a client's message: from the request/reply operation it is a request of, its correlation id copied. */
function replyTo(message: unknown, requests: readonly ReplySpec[], seed: number): unknown {
  const spec = requests.find((r) =>
    r.tag ? r.tag[1].includes(String(valueAt(message, [r.tag[0]]))) : requests.length === 1,
  );
  if (!spec) return undefined;
  const reply = spec.reply(seed);
  return spec.correlation
    ? withValue(reply, spec.correlation.reply, valueAt(message, spec.correlation.request))
    : reply;
}

/**
 * A handler for one channel: on each connection, sends `events` (in order). What a client sends goes to
 * `onMessage` when given; else a request of one of `requests` is answered with its reply.
 */
export function mockChannel<TEvent>(
  address: string,
  events: () => readonly TEvent[],
  options: { baseUrl?: string; onMessage?: (message: unknown, send: (event: TEvent) => void) => void } = {},
  requests: readonly ReplySpec[] = [],
): ChannelMock<TEvent> {
  let replies = 0;
  const clients = new Set<{ send(data: string): void }>();
  const link = ws.link(pattern(address, options.baseUrl));
  const handler = link.addEventListener('connection', ({ client }) => {
    clients.add(client);
    client.addEventListener('close', () => clients.delete(client));
    client.addEventListener('message', (event) => {
      let message: unknown = event.data;
      try {
        message = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
      } catch {
        // Not JSON: given as it came.
      }
      if (options.onMessage) return options.onMessage(message, (reply) => client.send(stringifyExact(reply)));
      const reply = replyTo(message, requests, ++replies);
      if (reply !== undefined) client.send(stringifyExact(reply));
    });
    for (const event of events()) client.send(stringifyExact(event));
  });
  return {
    handler,
    send: (event) => {
      for (const client of clients) client.send(stringifyExact(event));
    },
    get connections() {
      return clients.size;
    },
  };
}

/**
 * MSW intercepts WebSockets by replacing the platform's `WebSocket`; Node 20 has none. Call this before the MSW
 * server starts listening: it makes the `ws` package's class the global one where the platform has none (the
 * client then uses it, and MSW intercepts it). Browsers and Node 22+ need nothing.
 */
export async function provideWebSocket(): Promise<void> {
  const scope = globalThis as { WebSocket?: unknown };
  if (scope.WebSocket !== undefined) return;
  const { WebSocket } = (await import('ws' as string)) as { WebSocket: unknown };
  scope.WebSocket = WebSocket;
}
