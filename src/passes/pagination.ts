/**
 * Detects cursor pagination: a query parameter that takes a cursor, and a successful JSON response object
 * with the next cursor beside exactly one array property. Cursors are strings (`cursor`, `page_token` and the
 * like, answered by a property of a cursor's name) or integers (`from`, `after`, `since`, answered by `next`:
 * an integer `next` is a position, where a string one is often a URL). The parameter and the property have
 * the same type.
 */
import { resolveSchema } from '../ir/resolve.js';
import type { Api, NamedSchema, Operation, Schema } from '../ir/types.js';

const STRING_CURSOR_PARAM = /^(cursor|page_?token)$/i;
const STRING_CURSOR_FIELDS = [
  'cursor',
  'next_cursor',
  'nextCursor',
  'page_token',
  'pageToken',
  'next_page_token',
  'nextPageToken',
];
const INTEGER_CURSOR_PARAM = /^(cursor|from|after|since)$/i;
const INTEGER_CURSOR_FIELDS = ['next', 'next_cursor', 'nextCursor', 'cursor', 'next_from', 'nextFrom'];

type CursorKind = 'string' | 'integer';

function cursorKind(schema: Schema, byId: ReadonlyMap<string, NamedSchema>): CursorKind | undefined {
  const resolved = resolveSchema(schema, byId);
  if (resolved.kind === 'string') return 'string';
  if (resolved.kind === 'number' && resolved.integer) return 'integer';
  return undefined;
}

export function detectPagination(api: Api): Api {
  const byId = new Map(api.schemas.map((s) => [s.id, s]));
  const detect = (op: Operation): Operation['pagination'] => {
    const ok = op.responses.find((r) => /^2\d\d$/.test(r.status) && r.contents.length > 0);
    const body = ok ? resolveSchema(ok.contents[0]!.schema, byId) : undefined;
    if (body?.kind !== 'object') return undefined;
    const arrays = body.properties.filter((p) => resolveSchema(p.schema, byId).kind === 'array');
    if (arrays.length !== 1) return undefined;
    for (const param of op.parameters.filter((p) => p.in === 'query')) {
      const kind = cursorKind(param.schema, byId);
      const [pattern, fields] =
        kind === 'string' ? [STRING_CURSOR_PARAM, STRING_CURSOR_FIELDS] : [INTEGER_CURSOR_PARAM, INTEGER_CURSOR_FIELDS];
      if (!kind || !pattern.test(param.name)) continue;
      const field = fields
        .map((name) => body.properties.find((p) => p.name === name))
        .find((p) => p !== undefined && cursorKind(p.schema, byId) === kind);
      if (field) return { cursorParam: param.name, cursorField: field.name, itemsField: arrays[0]!.name };
    }
    return undefined;
  };
  return {
    ...api,
    operations: api.operations.map((op) => {
      const pagination = detect(op);
      return pagination ? { ...op, pagination } : op;
    }),
  };
}
