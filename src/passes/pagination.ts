/**
 * Detects cursor pagination: a query parameter named like `cursor` and a successful JSON response object
 * with a property of the same name beside exactly one array property.
 */
import { resolveSchema } from '../ir/resolve.js';
import type { Api, Operation } from '../ir/types.js';

const CURSOR_NAMES = ['cursor', 'next_cursor', 'nextCursor', 'page_token', 'pageToken'];

export function detectPagination(api: Api): Api {
  const byId = new Map(api.schemas.map((s) => [s.id, s]));
  const detect = (op: Operation): Operation['pagination'] => {
    const cursorParam = op.parameters.find((p) => p.in === 'query' && /^(cursor|page_?token)$/i.test(p.name));
    if (!cursorParam) return undefined;
    const ok = op.responses.find((r) => /^2\d\d$/.test(r.status) && r.contents.length > 0);
    const body = ok ? resolveSchema(ok.contents[0]!.schema, byId) : undefined;
    if (body?.kind !== 'object') return undefined;
    const cursorField = body.properties.find(
      (p) => CURSOR_NAMES.includes(p.name) && resolveSchema(p.schema, byId).kind === 'string',
    );
    const arrays = body.properties.filter((p) => resolveSchema(p.schema, byId).kind === 'array');
    if (!cursorField || arrays.length !== 1) return undefined;
    return { cursorParam: cursorParam.name, cursorField: cursorField.name, itemsField: arrays[0]!.name };
  };
  return {
    ...api,
    operations: api.operations.map((op) => {
      const pagination = detect(op);
      return pagination ? { ...op, pagination } : op;
    }),
  };
}
