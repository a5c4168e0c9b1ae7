/**
 * Links OpenAPI operations that upgrade to a WebSocket (a `101` response) to the AsyncAPI channel with the
 * same address, so that they become a subscriber instead of a fetch call that cannot work.
 */
import type { Api } from '../ir/types.js';

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
  return {
    ...api,
    operations: api.operations.map((op) => {
      const upgrades = op.responses.some((r) => r.status === '101');
      const channel = byRoute.get(routeKey(op.path));
      const methodMatches = (channel?.method ?? 'GET').toLowerCase() === op.method;
      return upgrades && channel && methodMatches ? { ...op, websocketChannel: channel.id } : op;
    }),
  };
}
