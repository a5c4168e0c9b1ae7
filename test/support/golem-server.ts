/**
 * A local stand-in for the Golem API: a real node:http server on 127.0.0.1 that records every request
 * (method, decoded path segments, query, headers, body bytes, multipart parts) and answers with whatever
 * the test queues. WebSocket upgrades are handed to a `ws` server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedPart {
  name: string;
  filename?: string;
  contentType?: string;
  bytes?: number[];
  text?: string;
}

export interface RecordedRequest {
  method: string;
  rawUrl: string;
  /** Path segments, each percent-decoded on its own. */
  segments: string[];
  query: [string, string][];
  headers: IncomingMessage['headers'];
  body: Buffer;
  json?: unknown;
  parts?: RecordedPart[];
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Uint8Array;
  /** Never answer (until the client gives up). */
  hang?: boolean;
}

export type Responder = (request: RecordedRequest) => Reply | Promise<Reply>;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseMultipart(body: Buffer, contentType: string): Promise<RecordedPart[]> {
  // The platform's own multipart parser, fed the exact bytes the server received.
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  const parts: RecordedPart[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') parts.push({ name, text: value });
    else
      parts.push({
        name,
        filename: value.name,
        contentType: value.type,
        bytes: [...new Uint8Array(await value.arrayBuffer())],
      });
  }
  return parts;
}

export interface GolemServer {
  url: string;
  requests: RecordedRequest[];
  respond(responder: Responder): void;
  /** WebSocket connections get this handler (the upgrade request's headers included). */
  onSocket(handler: (socket: WebSocket, request: IncomingMessage) => void): void;
  /** Reject WebSocket handshakes with this HTTP status instead of upgrading. */
  /** Every upgrade rejected with this status, or those the function gives a status for. */
  rejectUpgrades(status: number | undefined | ((request: IncomingMessage) => number | undefined)): void;
  upgrades: IncomingMessage[];
  close(): Promise<void>;
}

export async function startGolemServer(): Promise<GolemServer> {
  const requests: RecordedRequest[] = [];
  const upgrades: IncomingMessage[] = [];
  let responder: Responder = () => ({ status: 200, json: {} });
  let socketHandler: (socket: WebSocket, request: IncomingMessage) => void = () => {};
  let rejectStatus: number | undefined | ((request: IncomingMessage) => number | undefined);
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url!, 'http://127.0.0.1');
    const rawPath = req.url!.split('?')[0]!;
    const recorded: RecordedRequest = {
      method: req.method!,
      rawUrl: req.url!,
      segments: rawPath.split('/').slice(1).map(decodeURIComponent),
      query: [...url.searchParams.entries()],
      headers: req.headers,
      body,
    };
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('application/json') && body.length > 0) recorded.json = JSON.parse(body.toString('utf8'));
    if (type.startsWith('multipart/form-data')) recorded.parts = await parseMultipart(body, type);
    requests.push(recorded);
    const reply = await responder(recorded);
    if (reply.hang) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    const headers: Record<string, string> = { ...reply.headers };
    let payload: string | Uint8Array | undefined = reply.body;
    if (reply.json !== undefined) {
      payload = JSON.stringify(reply.json);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(reply.status ?? 200, headers);
    res.end(payload);
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    upgrades.push(req);
    const status = typeof rejectStatus === 'function' ? rejectStatus(req) : rejectStatus;
    if (status !== undefined) {
      socket.end(`HTTP/1.1 ${status} Rejected\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => socketHandler(ws, req));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    upgrades,
    respond: (r) => (responder = r),
    onSocket: (h) => (socketHandler = h),
    rejectUpgrades: (status) => (rejectStatus = status),
    async close() {
      for (const res of hanging) res.destroy();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
