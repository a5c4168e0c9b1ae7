/**
 * Tolerance for `$ref`s that real specs write loosely: a key containing `/` left unescaped (Fern writes
 * `#/components/schemas/foo/bar` for the key `foo/bar`). Where the literal key exists, the `$ref` is read as
 * if escaped, with a warning; otherwise it stays as written and is reported as unresolved as usual. And a
 * map of schemas given by reference (`properties: { $ref: '#/...' }`, as JSON Reference allows) is followed:
 * the map is the object it points at, not a property named `$ref`. Maps in other files are bundled in, and
 * bundling writes a map met a second time as a reference to the first: `followBundledMapRefs` follows those.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { joinPointer, type LoadedSource } from '../load/source.js';
import { MAX_HOPS, resolvePointer, unescapedRefRepair } from './refs.js';

/** Keywords whose value is a map of schemas by name. */
const MAPS_OF_SCHEMAS = new Set(['properties', 'patternProperties']);

/** The `$ref` of a map written as a reference into the same document (`{ $ref: '#/...' }` and nothing else). */
function refOfMap(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.length === 1 &&
    entries[0]![0] === '$ref' &&
    typeof entries[0]![1] === 'string' &&
    entries[0]![1].startsWith('#')
    ? entries[0]![1]
    : undefined;
}

/** A map of schemas given by reference: where it is, and the reference. */
interface MapRef {
  path: string[];
  ref: string;
}

/** The reference of the value of `key`, when that is a map of schemas given by a reference to an object in `data`. */
function mapRefAt(data: unknown, key: string, value: unknown): string | undefined {
  const ref = MAPS_OF_SCHEMAS.has(key) ? refOfMap(value) : undefined;
  return ref !== undefined && typeof resolvePointer(data, ref) === 'object' ? ref : undefined;
}

/** Puts a copy of the map each reference points at in its place, in `data` (a copy the caller owns). */
function replaceMaps(data: Record<string, unknown>, maps: readonly MapRef[]): void {
  for (const { path, ref } of maps) {
    let parent: Record<string, unknown> = data;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    // The map pointed at may itself be one given by reference (and not replaced yet): followed to its end.
    let target = resolvePointer(data, ref);
    for (let hops = 0, next = refOfMap(target); next !== undefined && hops < MAX_HOPS; hops++, next = refOfMap(target))
      target = resolvePointer(data, next);
    // A copy: a bundler would write an object met twice back as a `$ref`.
    parent[path.at(-1)!] = structuredClone(target);
  }
}

/**
 * A bundled document (owned by the caller, changed in place) with each map of schemas that bundling wrote as a
 * reference (`properties: { $ref: '#/paths/…/properties' }`, where the same file's map was met first) replaced
 * by the map.
 */
export function followBundledMapRefs<T>(bundled: T): T {
  const maps: MapRef[] = [];
  const path: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const key in node) {
      const value = (node as Record<string, unknown>)[key];
      const ref = mapRefAt(bundled, key, value);
      if (ref !== undefined) maps.push({ path: [...path, key], ref });
      path.push(key);
      walk(value);
      path.pop();
    }
  };
  walk(bundled);
  replaceMaps(bundled as Record<string, unknown>, maps);
  return bundled;
}

export interface RepairedRefs {
  /** The document, a repaired copy if any `$ref` needed it. */
  data: unknown;
  diagnostics: Diagnostic[];
}

export function repairRefs(source: LoadedSource): RepairedRefs {
  const fixes: { path: string[]; ref: string; repaired: string }[] = [];
  const maps: MapRef[] = [];
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
      const value = (node as Record<string, unknown>)[key];
      const mapRef = mapRefAt(source.data, key, value);
      if (mapRef !== undefined) maps.push({ path: [...path, key], ref: mapRef });
      path.push(key);
      walk(value);
      path.pop();
    }
  };
  walk(source.data);
  if (fixes.length === 0 && maps.length === 0) return { data: source.data, diagnostics: [] };
  const data = structuredClone(source.data) as Record<string, unknown>;
  replaceMaps(data, maps);
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
