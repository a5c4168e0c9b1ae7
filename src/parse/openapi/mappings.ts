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

/** Every object under `root` with its JSON pointer (the first path it is met at), iteratively. */
function pointersOf(root: unknown): Map<object, string> {
  const out = new Map<object, string>();
  const pending: [unknown, string][] = [[root, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, pointer] = next;
    if (typeof node !== 'object' || node === null || out.has(node)) continue;
    out.set(node, pointer);
    for (const [key, value] of Object.entries(node)) pending.push([value, pointer + joinPointer([key])]);
  }
  return out;
}

/** The discriminators written in each file the bundler read, by file. */
function discriminatorsByFile(refs: RefsLike): [string, Json][] {
  const found: [string, Json][] = [];
  for (const [file, root] of Object.entries(refs.values())) {
    const seen = new Set<unknown>();
    const pending: unknown[] = [root];
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      if (typeof node !== 'object' || node === null || seen.has(node)) continue;
      seen.add(node);
      if (isObject(node) && isObject(node.discriminator) && isObject(node.discriminator.mapping))
        found.push([file, node.discriminator]);
      pending.push(...Object.values(node));
    }
  }
  return found;
}

/** Rewrites every `$ref` into `from` (or below it) to point into `to` instead. */
function redirectRefs(root: unknown, from: string, to: string): void {
  const pending: unknown[] = [root];
  const seen = new Set<unknown>();
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (
      isObject(node) &&
      typeof node.$ref === 'string' &&
      (node.$ref === `#${from}` || node.$ref.startsWith(`#${from}/`))
    )
      node.$ref = `#${to}${node.$ref.slice(from.length + 1)}`;
    pending.push(...Object.values(node));
  }
}

/** A `components/schemas` key for a file's schema: its file stem (or the fragment's last part), unused. */
function componentName(target: string, schemas: Json): string {
  const [file, fragment] = target.split('#');
  const base =
    (fragment ? fragment.split('/').filter(Boolean).pop() : undefined) ??
    path.basename(file ?? 'Schema').replace(/\.(ya?ml|json)$/i, '');
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
  let pointers: Map<object, string> | undefined;
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
      pointers ??= pointersOf(bundled);
      const at = pointers.get(schema);
      if (at === undefined) continue;
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
      const parentPointer = at.slice(0, at.lastIndexOf('/'));
      const key = at
        .slice(at.lastIndexOf('/') + 1)
        .replace(/~1/g, '/')
        .replace(/~0/g, '~');
      const parent = [...pointers].find(([, p]) => p === parentPointer)?.[0] as Json | undefined;
      if (parent) (parent as Record<string, unknown>)[key] = { $ref: `#${to}` };
      redirectRefs(bundled, at, to);
      mapping[value] = `#${to}`;
      pointers = undefined;
    }
  }
}
