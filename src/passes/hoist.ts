/**
 * Hoisting pass: inline objects (with properties) and enums get names of their own, so the generated
 * package exports `WorkerMetadataStatus` instead of repeating a union of literals. Names are hints
 * (`WorkerMetadata status`); the naming pass turns them into identifiers.
 */
import type { Api, NamedSchema, Schema } from '../ir/types.js';
import { mapSchemaPositions } from '../ir/walk.js';

function worthNaming(schema: Schema): boolean {
  if (schema.kind === 'object') return schema.properties.length > 0;
  if (schema.kind === 'enum') return schema.values.length > 1;
  return false;
}

export function hoistInlineSchemas(api: Api): Api {
  const hoisted: NamedSchema[] = [];
  let counter = 0;
  const emit = (origin: NamedSchema['origin'], name: string, schema: Schema): Schema => {
    const id = `${origin.pointer}#hoisted-${++counter}`;
    const entry: NamedSchema = { id, name, schema: { kind: 'unknown' }, origin, source: 'inline' };
    hoisted.push(entry);
    entry.schema = visitChildren(origin, schema, name);
    const { description, deprecated, readOnly, writeOnly, nullable, default: def } = schema;
    const common = Object.fromEntries(
      Object.entries({ description, deprecated, readOnly, writeOnly, nullable, default: def }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    // The reference keeps the position-specific facts (nullable, readOnly) at the use site.
    return { kind: 'ref', target: id, ...common } as Schema;
  };

  /**
   * Rewrites the children of `schema`, hoisting those worth a name; `hint` names the current position and
   * `origin` is where hoisted schemas say they come from.
   */
  const visitChildren = (origin: NamedSchema['origin'], schema: Schema, hint: string): Schema => {
    const child = (s: Schema, childHint: string): Schema =>
      worthNaming(s) ? emit(origin, childHint, s) : visitChildren(origin, s, childHint);
    switch (schema.kind) {
      case 'object':
        return {
          ...schema,
          properties: schema.properties.map((p) => ({ ...p, schema: child(p.schema, `${hint} ${p.name}`) })),
          ...(typeof schema.additional === 'object' ? { additional: child(schema.additional, `${hint} value`) } : {}),
        };
      case 'array':
        return { ...schema, items: child(schema.items, `${hint} item`) };
      case 'tuple':
        return {
          ...schema,
          items: schema.items.map((item, i) => child(item, `${hint} item ${i + 1}`)),
          ...(schema.rest ? { rest: child(schema.rest, `${hint} rest`) } : {}),
        };
      case 'union':
        return { ...schema, members: schema.members.map((m, i) => child(m, `${hint} variant ${i + 1}`)) };
      case 'intersection':
        // allOf parts stay inline (`Base & { ... }`); what they contain is named after the whole.
        return { ...schema, members: schema.members.map((m) => visitChildren(origin, m, hint)) };
      default:
        return schema;
    }
  };

  /** For positions outside named schemas (bodies, responses, params): hoist the schema itself if worth it. */
  const top = (origin: NamedSchema['origin'], hint: string, schema: Schema): Schema =>
    worthNaming(schema) ? emit(origin, hint, schema) : visitChildren(origin, schema, hint);

  const out: NamedSchema[] = [];
  for (const named of api.schemas) {
    hoisted.length = 0;
    const schema = visitChildren(named.origin, named.schema, named.name);
    out.push({ ...named, schema }, ...hoisted);
  }
  hoisted.length = 0;

  // Every other position: named after its place (`getWorker body`, `getWorker 404 error`, `connect token`).
  const placed = mapSchemaPositions(api, (schema, position) => top(position.origin, position.label, schema));
  out.push(...hoisted);
  return { ...placed, schemas: out };
}
