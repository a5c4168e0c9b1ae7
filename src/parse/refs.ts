/** Local JSON pointer resolution and the registry of named schemas shared by both parsers. */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { NamedSchema } from '../ir/types.js';
import { splitPointer } from '../load/source.js';
import { convertSchema, type SchemaContext } from './schema.js';

/**
 * A schema @asyncapi/parser has resolved, as the spec wrote it: without the `x-parser-*` keys it annotates
 * schemas with. Resolved schemas are object graphs in which a recursive schema refers back to itself: a
 * component schema (`x-parser-schema-id` is its key) becomes the `$ref` to it again, and a cycle through
 * schemas without a name of their own ends in `{}` (unknown). No recursion follows the graph's
 * back-references, so no document can exhaust the stack.
 */
function unresolvedSchema(raw: unknown, components: ReadonlySet<string>): unknown {
  const onPath = new Set<object>();
  // Explicit stack: [node, where its copy goes]; a node is entered, then its children, then left.
  const root: { value?: unknown } = {};
  // The schema itself is copied (it is named after its position); what it holds refers to components by name.
  const stack: { node: unknown; put: (value: unknown) => void; leave?: object; top?: true }[] = [
    { node: raw, put: (value) => (root.value = value), top: true },
  ];
  while (stack.length > 0) {
    const { node, put, leave, top } = stack.pop()!;
    if (leave) {
      onPath.delete(leave);
      continue;
    }
    if (typeof node !== 'object' || node === null) {
      put(node);
      continue;
    }
    const id = (node as Record<string, unknown>)['x-parser-schema-id'];
    if (!top && typeof id === 'string' && components.has(id)) {
      put({ $ref: `#/components/schemas/${id.replace(/~/g, '~0').replace(/\//g, '~1')}` });
      continue;
    }
    if (onPath.has(node)) {
      put({});
      continue;
    }
    const copy: Record<string, unknown> | unknown[] = Array.isArray(node) ? [] : {};
    put(copy);
    onPath.add(node);
    stack.push({ node: undefined, put: () => {}, leave: node });
    const entries = Array.isArray(node) ? node.map((v, i) => [i, v] as const) : Object.entries(node);
    for (const [key, value] of entries.reverse()) {
      if (typeof key === 'string' && key.startsWith('x-parser-')) continue;
      stack.push({ node: value, put: (v) => ((copy as Record<string | number, unknown>)[key] = v) });
    }
  }
  return root.value;
}

export function resolvePointer(root: unknown, ref: string): unknown {
  const segments = refSegments(ref);
  return segments && walkPointer(root, segments)?.node;
}

/** The segments of a local `$ref`'s fragment (percent-decoded, `~1` and `~0` unescaped), or undefined. */
function refSegments(ref: string): string[] | undefined {
  if (!ref.startsWith('#')) return undefined;
  try {
    // A $ref is a URI: its fragment is percent-encoded (`Node%231` for the key `Node#1`).
    return splitPointer(decodeURIComponent(ref.slice(1)));
  } catch {
    return undefined;
  }
}

/** The JSON pointer of a local `$ref` (its fragment, percent-decoded; as written where that fails). */
export function pointerOfRef(ref: string): string {
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return ref.slice(1);
  }
}

/** Reference cycles end here. */
export const MAX_HOPS = 16;

/**
 * Walks a pointer, following a `$ref` met on the way (JSON Reference: `#/components/responses/R/content`
 * where `R` is itself a `$ref` continues in its target). Gives the node and the path it really sits at.
 */
function walkPointer(root: unknown, start: readonly string[]): { node: unknown; path: string[] } | undefined {
  let segments = [...start];
  for (let hops = 0; hops <= MAX_HOPS; hops++) {
    let node: unknown = root;
    let redirect: string[] | undefined;
    for (const [i, segment] of segments.entries()) {
      if (typeof node !== 'object' || node === null) return undefined;
      const ref = (node as { $ref?: unknown }).$ref;
      if (typeof ref === 'string' && !(segment in node)) {
        const target = refSegments(ref);
        if (!target) return undefined;
        redirect = [...target, ...segments.slice(i)];
        break;
      }
      node = (node as Record<string, unknown>)[segment];
      if (node === undefined) return undefined;
    }
    if (!redirect) return { node, path: segments };
    segments = redirect;
  }
  return undefined;
}

/** What to do about a `$ref` to a remote document that could not be fetched. */
export const REMOTE_REF_HELP =
  'The $ref points at a remote document (http/https), which could not be fetched. Make it local: bundle the spec into one file first (e.g. `npx @redocly/cli bundle` or `npx @asyncapi/cli bundle`), or download the document and point the $ref at the local copy.';

/** Whether a resolver's message is about a remote document it could not fetch. */
export function isRemoteRefFailure(message: string): boolean {
  return (
    /https?:\/\//i.test(message) && /fetch|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|timed? ?out|resolv|network/i.test(message)
  );
}

/**
 * Where a `$ref` really lands: the pointer with every `$ref` met on the way followed, and a final node that
 * is only a `$ref` followed too, unless it is a named component (an alias keeps its own name).
 */
export function canonicalPointer(root: unknown, ref: string): string | undefined {
  let segments = refSegments(ref);
  for (let hops = 0; segments && hops <= MAX_HOPS; hops++) {
    const found = walkPointer(root, segments);
    if (!found) return undefined;
    const named = found.path.length === 3 && found.path[0] === 'components';
    const inner =
      typeof found.node === 'object' && found.node !== null ? (found.node as { $ref?: unknown }).$ref : undefined;
    if (named || typeof inner !== 'string' || !inner.startsWith('#'))
      return found.path.map((k) => '/' + escapeSegment(k)).join('');
    segments = refSegments(inner);
  }
  return undefined;
}

const escapeSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * A `$ref` that does not resolve as written but does when some of its `/`s are read as part of a key
 * (`#/components/schemas/foo/bar` for the key `foo/bar`, as Fern writes them): the escaped `$ref`.
 */
export function unescapedRefRepair(root: unknown, ref: string): string | undefined {
  const segments = refSegments(ref);
  if (!segments || walkPointer(root, segments) !== undefined) return undefined;
  const found: string[] = [];
  let node: unknown = root;
  for (let i = 0; i < segments.length;) {
    if (typeof node !== 'object' || node === null) return undefined;
    let matched = false;
    for (let j = i + 1; j <= segments.length; j++) {
      const key = segments.slice(i, j).join('/');
      if (key in node) {
        node = (node as Record<string, unknown>)[key];
        found.push(key);
        i = j;
        matched = true;
        break;
      }
    }
    if (!matched) return undefined;
  }
  return '#' + found.map((k) => '/' + escapeSegment(k)).join('');
}

/**
 * Collects named schemas: component schemas up front, then every other `$ref` target as it is met
 * (a `$ref` into `paths` or into another message names the target after the file bundling took it from, else
 * after its last pointer segment).
 */
export class SchemaRegistry {
  readonly schemas = new Map<string, NamedSchema>();
  private readonly pending: string[] = [];
  readonly context: SchemaContext;

  constructor(
    private readonly root: unknown,
    private readonly file: string,
    readonly diagnostics: Diagnostic[],
    /** The names of what bundling placed (files read whole, shared fragments of files), by where it placed it. */
    private readonly placedNames: ReadonlyMap<string, string> = new Map(),
  ) {
    this.context = {
      file,
      diagnostics,
      onRef: (ref, pointer) => this.reference(ref, pointer),
      resolves: (ref) => ref.startsWith('#') && resolvePointer(this.root, ref) !== undefined,
      namedAt: (pointer) => this.fileSchema(pointer),
    };
  }

  /** Registers the schema at `pointer` under `name` (idempotent). */
  add(input: { pointer: string; name: string; source: NamedSchema['source'] }): string {
    const id = '#' + input.pointer;
    if (!this.schemas.has(id)) {
      const placeholder: NamedSchema = {
        id,
        name: input.name,
        schema: { kind: 'unknown' },
        origin: { file: this.file, pointer: input.pointer },
        source: input.source,
      };
      this.schemas.set(id, placeholder);
      this.pending.push(id);
      this.drain();
    }
    return id;
  }

  /** Registers a schema given as already-resolved JSON (no position to read it from). */
  addResolved(input: { pointer: string; name: string; raw: unknown }): string {
    const id = '#' + input.pointer;
    if (!this.schemas.has(id)) {
      this.schemas.set(id, {
        id,
        name: input.name,
        schema: convertSchema(unresolvedSchema(input.raw, this.componentSchemas()), input.pointer, this.context),
        origin: { file: this.file, pointer: input.pointer },
        source: 'component',
      });
    }
    return id;
  }

  #components: ReadonlySet<string> | undefined;
  /** The keys of the document's component schemas (read once). */
  private componentSchemas(): ReadonlySet<string> {
    if (this.#components) return this.#components;
    const schemas = (this.root as { components?: { schemas?: unknown } } | undefined)?.components?.schemas;
    return (this.#components = new Set(typeof schemas === 'object' && schemas !== null ? Object.keys(schemas) : []));
  }

  private reference(ref: string, pointer: string): string {
    if (!ref.startsWith('#')) {
      this.diagnostics.push(
        diagnostic({ code: 'CG007', message: `cannot resolve $ref ${JSON.stringify(ref)}`, file: this.file, pointer }),
      );
      return ref;
    }
    const target = resolvePointer(this.root, ref);
    if (target === undefined) {
      this.diagnostics.push(
        diagnostic({
          code: 'CG007',
          message: `$ref ${JSON.stringify(ref)} points at nothing`,
          file: this.file,
          pointer,
        }),
      );
      return ref;
    }
    const targetPointer = canonicalPointer(this.root, ref) ?? pointerOfRef(ref);
    const segments = splitPointer(targetPointer);
    const name = this.placedNames.get(targetPointer) ?? segments[segments.length - 1] ?? 'Schema';
    return this.add({ pointer: targetPointer, name, source: 'component' });
  }

  /**
   * A schema that bundling took from another file (whole, or a fragment that `$ref`s share): a named schema,
   * named after the file or its key there, wherever it is met (where bundling placed it as much as where
   * `$ref`s point at it). Not while it is itself converted.
   */
  private fileSchema(pointer: string): string | undefined {
    const name = this.placedNames.get(pointer);
    if (name === undefined || pointer === this.converting) return undefined;
    return this.add({ pointer, name, source: 'component' });
  }

  private draining = false;
  /** The pointer of the named schema being converted. */
  private converting: string | undefined;
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let id = this.pending.shift(); id !== undefined; id = this.pending.shift()) {
        const entry = this.schemas.get(id)!;
        const raw = resolvePointer(this.root, id);
        this.converting = entry.origin.pointer;
        entry.schema = convertSchema(raw, entry.origin.pointer, this.context);
      }
    } finally {
      this.draining = false;
      this.converting = undefined;
    }
  }

  list(): NamedSchema[] {
    return [...this.schemas.values()];
  }
}
