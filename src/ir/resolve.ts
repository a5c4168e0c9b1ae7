/** Following `ref`s through the named schemas: the one place that does it (depth-capped against cycles). */
import type { NamedSchema, Schema } from './types.js';
import { children } from './walk.js';

export function resolveSchema(schema: Schema, byId: ReadonlyMap<string, NamedSchema>): Schema {
  let current = schema;
  for (let depth = 0; current.kind === 'ref' && depth < 16; depth++) {
    current = byId.get(current.target)?.schema ?? { kind: 'unknown' };
  }
  return current;
}

/** Named schema ids a schema refers to directly (not through other named schemas). */
export function referencedIds(schema: Schema, out = new Set<string>()): Set<string> {
  if (schema.kind === 'ref') out.add(schema.target);
  else for (const child of children(schema)) referencedIds(child, out);
  return out;
}

/** The named schemas a set of schemas reaches, through refs. */
export function reachableIds(roots: readonly Schema[], byId: ReadonlyMap<string, NamedSchema>): Set<string> {
  const seen = new Set<string>();
  const pending = roots.flatMap((s) => [...referencedIds(s)]);
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (seen.has(id) || !byId.has(id)) continue;
    seen.add(id);
    pending.push(...referencedIds(byId.get(id)!.schema));
  }
  return seen;
}
