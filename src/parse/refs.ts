/** Local JSON pointer resolution and the registry of named schemas shared by both parsers. */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { NamedSchema } from '../ir/types.js';
import { splitPointer } from '../load/source.js';
import { convertSchema, type SchemaContext } from './schema.js';

/** @asyncapi/parser annotates schemas with `x-parser-*` keys; they are not part of the spec. */
function stripParserKeys(raw: unknown): unknown {
  if (Array.isArray(raw)) return raw.map(stripParserKeys);
  if (typeof raw !== 'object' || raw === null) return raw;
  return Object.fromEntries(
    Object.entries(raw)
      .filter(([k]) => !k.startsWith('x-parser-'))
      .map(([k, v]) => [k, stripParserKeys(v)]),
  );
}

export function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  let fragment: string;
  try {
    // A $ref is a URI: its fragment is percent-encoded (`Node%231` for the key `Node#1`).
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  for (const segment of splitPointer(fragment)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * Collects named schemas: component schemas up front, then every other `$ref` target as it is met
 * (a `$ref` into `paths` or into another message names the target after its last pointer segment).
 */
export class SchemaRegistry {
  readonly schemas = new Map<string, NamedSchema>();
  private readonly pending: string[] = [];
  readonly context: SchemaContext;

  constructor(
    private readonly root: unknown,
    private readonly file: string,
    readonly diagnostics: Diagnostic[],
  ) {
    this.context = {
      file,
      diagnostics,
      onRef: (ref, pointer) => this.reference(ref, pointer),
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
        schema: convertSchema(stripParserKeys(input.raw), input.pointer, this.context),
        origin: { file: this.file, pointer: input.pointer },
        source: 'component',
      });
    }
    return id;
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
    const targetPointer = decodeURIComponent(ref.slice(1));
    const segments = splitPointer(targetPointer);
    const name = segments[segments.length - 1] ?? 'Schema';
    return this.add({ pointer: targetPointer, name, source: 'component' });
  }

  private draining = false;
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let id = this.pending.shift(); id !== undefined; id = this.pending.shift()) {
        const entry = this.schemas.get(id)!;
        const raw = resolvePointer(this.root, id);
        entry.schema = convertSchema(raw, entry.origin.pointer, this.context);
      }
    } finally {
      this.draining = false;
    }
  }

  list(): NamedSchema[] {
    return [...this.schemas.values()];
  }
}
