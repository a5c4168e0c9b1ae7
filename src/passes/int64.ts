/**
 * int64 pass: integers the spec gives the format `int64` or `uint64` are delivered exactly, as a `bigint` or a
 * decimal `string` (the `int64` option), and named schemas that hold one (through refs too) are marked, so
 * that emitters write the shapes the runtime reads and writes such JSON with. With `number`, nothing changes.
 */
import type { Api, NamedSchema, Schema } from '../ir/types.js';
import { mapApiSchemas, namedHolding } from '../ir/walk.js';

const WIDE_FORMATS = new Set(['int64', 'uint64']);

/** An integer the spec says is 64-bit. */
const declaredWide = (s: Schema): boolean =>
  s.kind === 'number' && s.integer === true && WIDE_FORMATS.has(s.format ?? '');

/** A 64-bit integer, before this pass marks it or after. */
const isWide = (s: Schema): boolean => declaredWide(s) || (s.kind === 'number' && s.exact !== undefined);

export function decideInt64(api: Api, mode: 'bigint' | 'string' | 'number'): Api {
  if (mode === 'number') return api;
  let found = false;
  // (Referenced members of an intersection are read as the spec wrote them: isWide knows both forms.)
  const byId = new Map<string, NamedSchema>(api.schemas.map((s) => [s.id, s]));
  const exact = mapApiSchemas(api, (node) => {
    if (node.kind === 'intersection') return alignIntersection(node, byId, mode);
    if (!declaredWide(node)) return node;
    found = true;
    return { ...node, exact: mode };
  });
  if (!found) return api;
  const holding = namedHolding(exact.schemas, (node) => node.kind === 'number' && node.exact !== undefined);
  return {
    ...exact,
    exactIntegers: mode,
    schemas: exact.schemas.map((s) => (holding.has(s.id) ? { ...s, holdsExact: true } : s)),
  };
}

/**
 * A property that one member of an intersection (`allOf`) declares a 64-bit integer holds one in every member:
 * the client reads it exactly, so another member's plain `integer` or `number` there is exact too (else its type
 * would say `number` of a value that is a bigint, and the intersection `bigint & number` would be `never`).
 * Members that are references are read, not changed (their schema is shared). The walk is bottom-up: inline
 * members are already marked when their intersection is visited.
 */
function alignIntersection(
  node: Extract<Schema, { kind: 'intersection' }>,
  byId: ReadonlyMap<string, NamedSchema>,
  mode: 'bigint' | 'string',
): Schema {
  const wide = new Set<string>();
  for (const member of node.members) {
    const object = member.kind === 'ref' ? byId.get(member.target)?.schema : member;
    if (object?.kind === 'object') for (const p of object.properties) if (isWide(p.schema)) wide.add(p.name);
  }
  if (wide.size === 0) return node;
  let changed = false;
  const members = node.members.map((member) => {
    if (member.kind !== 'object') return member;
    const properties = member.properties.map((p) => {
      if (!wide.has(p.name) || p.schema.kind !== 'number' || p.schema.exact !== undefined) return p;
      changed = true;
      return { ...p, schema: { ...p.schema, integer: true, exact: mode } };
    });
    return { ...member, properties };
  });
  return changed ? { ...node, members } : node;
}
