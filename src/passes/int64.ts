/**
 * int64 pass: integers the spec gives the format `int64` or `uint64` are delivered exactly, as a `bigint` or a
 * decimal `string` (the `int64` option), and named schemas that hold one (through refs too) are marked, so
 * that emitters write the shapes the runtime reads and writes such JSON with. With `number`, nothing changes.
 */
import type { Api } from '../ir/types.js';
import { mapApiSchemas, namedHolding } from '../ir/walk.js';

const WIDE_FORMATS = new Set(['int64', 'uint64']);

export function decideInt64(api: Api, mode: 'bigint' | 'string' | 'number'): Api {
  if (mode === 'number') return api;
  let found = false;
  const exact = mapApiSchemas(api, (node) => {
    if (node.kind !== 'number' || !node.integer || !WIDE_FORMATS.has(node.format ?? '')) return node;
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
