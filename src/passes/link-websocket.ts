/**
 * Links OpenAPI operations that upgrade to a WebSocket (a `101` response) to the AsyncAPI channel with the
 * same address, so that they become a subscriber instead of a fetch call that cannot work. Where no AsyncAPI
 * document describes the route, the operation gets a channel of its own whose events are `unknown`.
 */
import type { Api, Channel, Operation } from '../ir/types.js';

/** `/a/{x}/b` and `/a/{y}/b` are the same route. */
export function routeKey(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '');
}

export function linkWebSocketOperations(api: Api): Api {
  const byRoute = new Map(
    api.channels
      .filter((c) => c.transport === 'websocket' && (c.receives.length > 0 || c.sends.length > 0))
      .map((c) => [routeKey(c.address), c]),
  );
  const synthesized: Channel[] = [];
  const operations = api.operations.map((op) => {
    if (!op.responses.some((r) => r.status === '101')) return op;
    const channel = byRoute.get(routeKey(op.path));
    if (channel && (channel.method ?? 'GET').toLowerCase() === op.method)
      return { ...op, websocketChannel: channel.id };
    if (op.method !== 'get') return op;
    const own = untypedChannel(op);
    synthesized.push(own);
    return { ...op, websocketChannel: own.id };
  });
  return { ...api, operations, channels: [...api.channels, ...synthesized] };
}

/** A receive-only channel for a `101` route no AsyncAPI document describes: its events are `unknown`. */
function untypedChannel(op: Operation): Channel {
  return {
    id: `${op.method.toUpperCase()} ${op.path}`,
    operationId: `${op.operationId} events`,
    address: op.path,
    ...(op.summary ? { summary: op.summary } : {}),
    parameters: op.parameters.filter((p) => p.in === 'path'),
    receives: [{ name: `${op.operationId} event`, payload: { kind: 'unknown' } }],
    sends: [],
    requests: [],
    method: 'GET',
    transport: 'websocket',
    protocols: [],
    servers: [],
    security: op.security,
    origin: op.origin,
    untyped: true,
  };
}
