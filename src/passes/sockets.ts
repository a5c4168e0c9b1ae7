/**
 * Sockets pass: channels that resolve to the same URL (their WebSocket servers, after variable defaults, and
 * the same address, opened with the same method) are one socket, however the document splits them (one
 * channel per message family, or one for what the client sends and one for what it receives). They become one
 * channel: one client function, one connection that receives the union of what they receive, sends the union
 * of what they send, and offers every request/reply of theirs; receive-only stays a subscription.
 */
import type { Api, Channel, Message, Parameter, SecurityRequirement, Server } from '../ir/types.js';

/** A server's URL with its variables at their defaults. */
function serverKey(server: Server): string {
  return server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => server.variables?.[name]?.default ?? whole);
}

/** What identifies the socket a channel opens. */
export function socketKey(channel: Channel): string {
  const servers = [...new Set(channel.servers.map(serverKey))].sort().join(' ');
  const address = channel.address.replace(/\/+$/, '') || '/';
  return `${(channel.method ?? 'GET').toUpperCase()} ${servers} ${address}`;
}

/** Words that say what an operation does, not what it is about. */
const ACTIONS = new Set(
  'send receive publish subscribe on handle get request requests reply replies response message messages event events update updates stream'.split(
    ' ',
  ),
);

const wordsOf = (text: string) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w !== '');

/**
 * What a merged socket is named by: the words its operations have in common (beyond what they do), else the
 * words of its address (but versions and parameters), else nothing (the naming pass then takes the API title).
 */
export function socketName(operationIds: string[], address: string): string | undefined {
  const lists = operationIds.map((id) => wordsOf(id).filter((w) => !ACTIONS.has(w)));
  const common = lists.length > 1 ? lists[0]!.filter((w) => lists.every((list) => list.includes(w))) : [];
  if (common.length > 0) return common.join(' ');
  const fromAddress = wordsOf(address.replace(/\{[^}]*\}/g, ' ')).filter((w) => !/^v\d+$/.test(w));
  return fromAddress.length > 0 ? fromAddress.join(' ') : undefined;
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function merge(channels: Channel[]): Channel {
  const [first] = channels as [Channel, ...Channel[]];
  const messages = (pick: (c: Channel) => Message[]) => unique(channels.flatMap(pick), (m) => m.name);
  const operationIds = [
    ...new Set(
      channels.flatMap((c) => [...(c.operationId ? [c.operationId] : []), ...c.requests.map((r) => r.operationId)]),
    ),
  ];
  const described = channels.filter((c) => c.summary !== undefined);
  const name = socketName(operationIds, first.address);
  return {
    id: first.id,
    ...(operationIds.length === 1 ? { operationId: operationIds[0]! } : {}),
    address: first.address,
    ...(channels.find((c) => c.description) ? { description: channels.find((c) => c.description)!.description! } : {}),
    ...(described.length === 1 ? { summary: described[0]!.summary! } : {}),
    parameters: unique(
      channels.flatMap((c) => c.parameters),
      (p: Parameter) => p.name,
    ),
    receives: messages((c) => c.receives),
    sends: messages((c) => c.sends),
    requests: unique(
      channels.flatMap((c) => c.requests),
      (r) => r.operationId,
    ),
    ...(first.method ? { method: first.method } : {}),
    transport: 'websocket',
    protocols: [...new Set(channels.flatMap((c) => c.protocols))],
    servers: first.servers,
    security: unique(
      channels.flatMap((c) => c.security),
      (s: SecurityRequirement) => s.schemes.join(' '),
    ),
    origin: first.origin,
    ...(name && operationIds.length !== 1 ? { nameHint: name } : {}),
    mergedFrom: channels.map((c) => c.id),
  };
}

export function mergeSockets(api: Api): Api {
  const bySocket = new Map<string, Channel[]>();
  for (const channel of api.channels) {
    if (channel.transport !== 'websocket') continue;
    const key = socketKey(channel);
    bySocket.set(key, [...(bySocket.get(key) ?? []), channel]);
  }
  if ([...bySocket.values()].every((list) => list.length === 1)) return api;
  const merged = new Map<Channel, Channel | null>();
  for (const list of bySocket.values()) {
    if (list.length === 1) continue;
    merged.set(list[0]!, merge(list));
    for (const other of list.slice(1)) merged.set(other, null);
  }
  const channels = api.channels.flatMap((c) => {
    const replaced = merged.get(c);
    return replaced === undefined ? [c] : replaced === null ? [] : [replaced];
  });
  return { ...api, channels };
}
