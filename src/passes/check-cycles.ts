/**
 * Finds `allOf` cycles that no TypeScript type can express (`A = B & {...}`, `B = A & {...}`). Cycles
 * through object properties or array items are fine: those are ordinary recursive types. A cycle of bare
 * references (`A: {$ref: B}`, `B: {description, $ref: A}`) describes nothing: a warning, and its types are
 * `unknown`.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { Api, Schema } from '../ir/types.js';

/** Named schemas a schema's own type alias is made of directly (refs, allOf members). */
function structuralRefs(schema: Schema, out: string[] = []): string[] {
  if (schema.kind === 'ref') out.push(schema.target);
  else if (schema.kind === 'intersection') schema.members.forEach((m) => structuralRefs(m, out));
  return out;
}

export interface Cycles {
  diagnostics: Diagnostic[];
  /** The named schemas of cycles of bare references: nothing but `unknown`. */
  empty: Set<string>;
}

export function circularAllOf(api: Api): Cycles {
  const byId = new Map(api.schemas.map((s) => [s.id, s]));
  const empty = new Set<string>();
  const state = new Map<string, 'visiting' | 'done'>();
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = trail.slice(trail.indexOf(id));
      const key = [...cycle].sort().join(',');
      if (reported.has(key)) return;
      reported.add(key);
      const named = byId.get(id)!;
      const names = [...cycle, id].map((x) => byId.get(x)?.name ?? x);
      const bare = cycle.every((x) => byId.get(x)?.schema.kind === 'ref');
      if (bare) cycle.forEach((x) => empty.add(x));
      diagnostics.push(
        diagnostic({
          code: 'CG009',
          ...(bare
            ? {
                severity: 'warning',
                message: `reference cycle with no content: ${names.join(' -> ')}; these types are unknown`,
                help: 'Point one of the references at a schema that describes the value; as written, the cycle describes nothing.',
              }
            : { message: `allOf cycle: ${names.join(' -> ')}` }),
          file: named.origin.file,
          pointer: named.origin.pointer,
        }),
      );
      return;
    }
    const named = byId.get(id);
    if (!named) return;
    state.set(id, 'visiting');
    for (const target of structuralRefs(named.schema)) visit(target, [...trail, id]);
    state.set(id, 'done');
  };
  for (const named of api.schemas) visit(named.id, []);
  return { diagnostics, empty };
}
