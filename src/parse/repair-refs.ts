/**
 * Tolerance for `$ref`s that real specs write loosely: a key containing `/` left unescaped (Fern writes
 * `#/components/schemas/foo/bar` for the key `foo/bar`). Where the literal key exists, the `$ref` is read as
 * if escaped, with a warning; otherwise it stays as written and is reported as unresolved as usual.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { joinPointer, type LoadedSource } from '../load/source.js';
import { unescapedRefRepair } from './refs.js';

export interface RepairedRefs {
  /** The document, a repaired copy if any `$ref` needed it. */
  data: unknown;
  diagnostics: Diagnostic[];
}

export function repairRefs(source: LoadedSource): RepairedRefs {
  const fixes: { path: string[]; ref: string; repaired: string }[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, [...path, String(i)]));
    if (typeof node !== 'object' || node === null) return;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) {
      const repaired = unescapedRefRepair(source.data, ref);
      if (repaired) fixes.push({ path, ref, repaired });
    }
    for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
  };
  walk(source.data, []);
  if (fixes.length === 0) return { data: source.data, diagnostics: [] };
  const data = structuredClone(source.data) as Record<string, unknown>;
  const diagnostics = fixes.map(({ path, ref, repaired }) => {
    let node: Record<string, unknown> = data;
    for (const key of path) node = node[key] as Record<string, unknown>;
    node.$ref = repaired;
    const pointer = joinPointer([...path, '$ref']);
    return diagnostic({
      code: 'CG014',
      message: `$ref ${JSON.stringify(ref)} leaves a "/" inside a key unescaped; read as ${JSON.stringify(repaired)}`,
      file: source.displayPath,
      pointer,
      ...source.locate(pointer),
    });
  });
  return { data, diagnostics };
}
