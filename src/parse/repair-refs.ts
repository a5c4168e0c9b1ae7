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
  // Specs repeat the same few `$ref`s thousands of times: each is checked once.
  const verdicts = new Map<string, string | undefined>();
  const path: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        path.push(String(i));
        walk(item);
        path.pop();
      });
      return;
    }
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) {
      if (!verdicts.has(ref)) verdicts.set(ref, unescapedRefRepair(source.data, ref));
      const repaired = verdicts.get(ref);
      if (repaired) fixes.push({ path: [...path], ref, repaired });
    }
    for (const key in node) {
      path.push(key);
      walk((node as Record<string, unknown>)[key]);
      path.pop();
    }
  };
  walk(source.data);
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
