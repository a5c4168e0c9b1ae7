/** Generic walks over the IR's schemas: what passes use to find and rewrite nodes anywhere in an Api. */
import type { Api, Message, NamedSchema, Schema } from './types.js';

/** The schemas directly inside a schema (not through refs). */
export function children(schema: Schema): Schema[] {
  switch (schema.kind) {
    case 'object':
      return [
        ...schema.properties.map((p) => p.schema),
        ...(typeof schema.additional === 'object' ? [schema.additional] : []),
      ];
    case 'array':
      return [schema.items];
    case 'tuple':
      return [...schema.items, ...(schema.rest ? [schema.rest] : [])];
    case 'union':
    case 'intersection':
      return schema.members;
    default:
      return [];
  }
}

/**
 * The ids of the named schemas that hold a node passing `test`, in their own tree or through refs to other
 * named schemas (grown to a fixed point, so cycles are fine).
 */
export function namedHolding(schemas: readonly NamedSchema[], test: (node: Schema) => boolean): Set<string> {
  const held = new Set<string>();
  const holds = (schema: Schema): boolean =>
    schema.kind === 'ref' ? held.has(schema.target) : test(schema) || children(schema).some(holds);
  for (let grew = true; grew;) {
    grew = false;
    for (const named of schemas)
      if (!held.has(named.id) && holds(named.schema)) {
        held.add(named.id);
        grew = true;
      }
  }
  return held;
}

/** Rewrites every node of a schema bottom-up (children first, then the node itself). */
export function mapSchema(schema: Schema, f: (node: Schema) => Schema): Schema {
  const map = (s: Schema) => mapSchema(s, f);
  switch (schema.kind) {
    case 'object':
      return f({
        ...schema,
        properties: schema.properties.map((p) => ({ ...p, schema: map(p.schema) })),
        ...(typeof schema.additional === 'object' ? { additional: map(schema.additional) } : {}),
      });
    case 'array':
      return f({ ...schema, items: map(schema.items) });
    case 'tuple':
      return f({ ...schema, items: schema.items.map(map), ...(schema.rest ? { rest: map(schema.rest) } : {}) });
    case 'union':
    case 'intersection':
      return f({ ...schema, members: schema.members.map(map) } as Schema);
    default:
      return f(schema);
  }
}

/** Rewrites every schema of an Api: named schemas, parameters, bodies, responses, messages, webhooks. */
export function mapApiSchemas(api: Api, f: (node: Schema) => Schema): Api {
  const map = (s: Schema) => mapSchema(s, f);
  const message = (m: Message): Message => ({
    ...m,
    payload: map(m.payload),
    ...(m.tag ? { tag: { ...m.tag, schema: map(m.tag.schema) } } : {}),
  });
  return {
    ...api,
    schemas: api.schemas.map((named) => ({ ...named, schema: map(named.schema) })),
    operations: api.operations.map((op) => ({
      ...op,
      parameters: op.parameters.map((p) => ({ ...p, schema: map(p.schema) })),
      ...(op.body
        ? { body: { ...op.body, contents: op.body.contents.map((c) => ({ ...c, schema: map(c.schema) })) } }
        : {}),
      responses: op.responses.map((r) => ({
        ...r,
        contents: r.contents.map((c) => ({ ...c, schema: map(c.schema) })),
      })),
    })),
    channels: api.channels.map((ch) => ({
      ...ch,
      parameters: ch.parameters.map((p) => ({ ...p, schema: map(p.schema) })),
      receives: ch.receives.map(message),
      sends: ch.sends.map(message),
      requests: ch.requests.map((r) => ({ ...r, request: r.request.map(message), replies: r.replies.map(message) })),
    })),
    ...(api.webhooks ? { webhooks: api.webhooks.map((h) => ({ ...h, payload: map(h.payload) })) } : {}),
  };
}
