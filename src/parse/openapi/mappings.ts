/**
 * Discriminator mappings in a spec split over files. A mapping value is a reference like a `$ref` (`Cat`, a
 * pointer, or a file: `./cat.yaml`, `models/a.yml#/b`), written relative to the file it is in, but bundlers
 * do not treat it as one. After bundling, each mapping value that names a file is pointed at where the
 * bundled document holds that file's schema; a schema the bundler placed inside another (the first `oneOf`
 * that referred to it) is moved to `components/schemas`, named after its file, so that the union's members
 * and the mapping meet at one named schema (`Cat`, not "the first variant of Pet").
 */
import path from 'node:path';
import { joinPointer } from '../../load/source.js';
import { pointerOfRef } from '../refs.js';

type Json = Record<string, unknown>;

interface RefsLike {
  values(): Record<string, unknown>;
  get(ref: string): unknown;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether a mapping value names a file (rather than a schema name or a pointer into the same file). */
function namesFile(value: string): boolean {
  if (value.startsWith('#')) return false;
  return /^\.\.?\//.test(value) || /\.(ya?ml|json)(#|$)/i.test(value) || value.includes('/');
}

/** Where an object is met first under a root: its pointer, and the object and key that hold it. */
interface Place {
  pointer: string;
  parent?: Json | unknown[];
  key?: string;
}

/** Calls `visit` once for every object and array under `root` (iteratively, each once), with its place. */
export function eachObject(root: unknown, visit: (node: object, place: Place) => void): void {
  const seen = new Set<object>();
  const pending: [unknown, Place][] = [[root, { pointer: '' }]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, place] = next;
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    visit(node, place);
    for (const [key, value] of Object.entries(node))
      pending.push([value, { pointer: place.pointer + joinPointer([key]), parent: node as Json, key }]);
  }
}

/** The discriminators written in each file the bundler read, by file. */
function discriminatorsByFile(refs: RefsLike): [string, Json][] {
  const found: [string, Json][] = [];
  for (const [file, root] of Object.entries(refs.values()))
    eachObject(root, (node) => {
      if (isObject(node) && isObject(node.discriminator) && isObject(node.discriminator.mapping))
        found.push([file, node.discriminator]);
    });
  return found;
}

/** Rewrites every `$ref` into `from` (or below it) to point into `to` instead. */
function redirectRefs(root: unknown, from: string, to: string): void {
  eachObject(root, (node) => {
    if (
      isObject(node) &&
      typeof node.$ref === 'string' &&
      (node.$ref === `#${from}` || node.$ref.startsWith(`#${from}/`))
    )
      node.$ref = `#${to}${node.$ref.slice(from.length + 1)}`;
  });
}

/** A file's name without its folder and its spec extension (`models/thing-base.yaml` -> `thing-base`). */
function fileStem(file: string): string {
  return path.basename(file).replace(/\.(ya?ml|json)$/i, '');
}

/**
 * The names of what bundling placed, by where it placed it (outside `components`, whose keys name what is
 * there): each file it read whole, named after the file's stem; and each object that a fragment of another
 * file points at and that `$ref`s point at where bundling placed it (the first place it was used), named after
 * its key in its own file (`common.yaml#/Address` -> `Address`). Bundling puts a shared schema where it was first
 * met (`…/allOf/0`) and refers to it there from everywhere else: these names stand for the place's own last key.
 */
export function bundledNames(bundled: unknown, refs: RefsLike, rootFile: string): Map<string, string> {
  const roots = new Map<object, string>();
  for (const [file, root] of Object.entries(refs.values()))
    if (file !== rootFile && typeof root === 'object' && root !== null) roots.set(root, file);
  const names = new Map<string, string>();
  if (roots.size === 0) return names;
  const places = new Map<object, string>();
  const targets = new Set<string>();
  eachObject(bundled, (node, place) => {
    places.set(node, place.pointer);
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) targets.add(pointerOfRef(ref));
  });
  for (const [root, file] of roots) {
    const at = places.get(root);
    if (at !== undefined && !at.startsWith('/components/')) names.set(at, fileStem(file));
  }
  // The objects `$ref`s point at where bundling placed them, other than whole files (named above).
  const shared = new Map<object, string>();
  for (const [node, at] of places)
    if (targets.has(at) && !roots.has(node) && !at.startsWith('/components/')) shared.set(node, at);
  if (shared.size === 0) return names;
  // Each one's key in the file it is written in: the shortest way to it from the top of any file read, not
  // through another file's top (an object inlined elsewhere is deeper there than in its own file).
  const keys = new Map<object, { depth: number; key: string }>();
  for (const root of roots.keys()) {
    const pending: [unknown, number, string][] = [[root, 0, '']];
    const seen = new Set<object>();
    for (let next = pending.pop(); next; next = pending.pop()) {
      const [node, depth, key] = next;
      if (typeof node !== 'object' || node === null || seen.has(node)) continue;
      if (depth > 0 && roots.has(node)) continue;
      seen.add(node);
      const best = keys.get(node);
      if (shared.has(node) && depth > 0 && (best === undefined || depth < best.depth)) keys.set(node, { depth, key });
      for (const [k, value] of Object.entries(node)) pending.push([value, depth + 1, k]);
    }
  }
  for (const [node, { key }] of keys) if (!/^\d+$/.test(key)) names.set(shared.get(node)!, key);
  return names;
}

/** A `components/schemas` key for a file's schema: its file stem (or the fragment's last part), unused. */
function componentName(target: string, schemas: Json): string {
  const [file, fragment] = target.split('#');
  const base = (fragment ? fragment.split('/').filter(Boolean).pop() : undefined) ?? fileStem(file ?? 'Schema');
  let name = base || 'Schema';
  for (let i = 2; name in schemas; i++) name = `${base}${i}`;
  return name;
}

/**
 * Points the file references of discriminator mappings at the bundled schemas (see above). Mapping values
 * whose file or pointer cannot be found are left as written: the parser reports them.
 */
export function resolveFileMappings(bundled: unknown, refs: RefsLike, rootFile: string): void {
  if (!isObject(bundled)) return;
  let places: Map<object, Place> | undefined;
  for (const [file, discriminator] of discriminatorsByFile(refs)) {
    const mapping = discriminator.mapping as Json;
    for (const [value, ref] of Object.entries(mapping)) {
      if (typeof ref !== 'string') continue;
      const inOtherFile = file !== rootFile && ref.startsWith('#');
      if (!namesFile(ref) && !inOtherFile) continue;
      const [filePart, fragment] = ref.split('#');
      const target = `${filePart ? path.resolve(path.dirname(file), filePart) : file}${fragment !== undefined ? `#${fragment}` : ''}`;
      let schema: unknown;
      try {
        schema = refs.get(target);
      } catch {
        continue;
      }
      if (typeof schema !== 'object' || schema === null) continue;
      if (!places) {
        const found = new Map<object, Place>();
        eachObject(bundled, (node, place) => found.set(node, place));
        places = found;
      }
      const place = places.get(schema);
      if (place === undefined) continue;
      const at = place.pointer;
      if (/^\/components\/schemas\/[^/]+$/.test(at)) {
        mapping[value] = `#${at}`;
        continue;
      }
      // Placed inside another schema by the bundler: moved to components, and every ref to it follows.
      const components = (bundled.components ??= {}) as Json as Json;
      const schemas = (components.schemas ??= {}) as Json;
      const name = componentName(target, schemas);
      const to = joinPointer(['components', 'schemas', name]);
      schemas[name] = schema;
      if (place.parent && place.key !== undefined) (place.parent as Json)[place.key] = { $ref: `#${to}` };
      redirectRefs(bundled, at, to);
      mapping[value] = `#${to}`;
      places = undefined;
    }
  }
}
