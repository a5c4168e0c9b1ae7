/** Following `ref`s through the named schemas: the one place that does it (depth-capped against cycles). */
import type { NamedSchema, Schema } from './types.js';

export function resolveSchema(schema: Schema, byId: ReadonlyMap<string, NamedSchema>): Schema {
  let current = schema;
  for (let depth = 0; current.kind === 'ref' && depth < 16; depth++) {
    current = byId.get(current.target)?.schema ?? { kind: 'unknown' };
  }
  return current;
}
