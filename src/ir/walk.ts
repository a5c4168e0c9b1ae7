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
 * named schemas (cycles are fine). Linear: each tree is walked once, then holding spreads to referrers.
 */
export function namedHolding(schemas: readonly NamedSchema[], test: (node: Schema) => boolean): Set<string> {
  const held = new Set<string>();
  const referrers = new Map<string, string[]>();
  const pending: string[] = [];
  for (const named of schemas) {
    let direct = false;
    const visit = (node: Schema): void => {
      if (node.kind === 'ref') {
        const list = referrers.get(node.target);
        if (list) list.push(named.id);
        else referrers.set(node.target, [named.id]);
        return;
      }
      if (!direct && test(node)) direct = true;
      for (const child of children(node)) visit(child);
    };
    visit(named.schema);
    if (direct && !held.has(named.id)) {
      held.add(named.id);
      pending.push(named.id);
    }
  }
  for (let id = pending.pop(); id !== undefined; id = pending.pop())
    for (const referrer of referrers.get(id) ?? [])
      if (!held.has(referrer)) {
        held.add(referrer);
        pending.push(referrer);
      }
  return held;
}

/** Rewrites every node of a schema bottom-up (children first, then the node itself); unchanged nodes are kept. */
export function mapSchema(schema: Schema, f: (node: Schema) => Schema): Schema {
  const map = (s: Schema) => mapSchema(s, f);
  const same = <T>(a: readonly T[], b: readonly T[]) => a.every((x, i) => x === b[i]);
  switch (schema.kind) {
    case 'object': {
      const properties = schema.properties.map((p) => {
        const mapped = map(p.schema);
        return mapped === p.schema ? p : { ...p, schema: mapped };
      });
      const additional = typeof schema.additional === 'object' ? map(schema.additional) : schema.additional;
      const changed = !same(properties, schema.properties) || additional !== schema.additional;
      return f(changed ? { ...schema, properties, ...(additional === undefined ? {} : { additional }) } : schema);
    }
    case 'array': {
      const items = map(schema.items);
      return f(items === schema.items ? schema : { ...schema, items });
    }
    case 'tuple': {
      const items = schema.items.map(map);
      const rest = schema.rest ? map(schema.rest) : undefined;
      const changed = !same(items, schema.items) || rest !== schema.rest;
      return f(changed ? { ...schema, items, ...(rest ? { rest } : {}) } : schema);
    }
    case 'union':
    case 'intersection': {
      const members = schema.members.map(map);
      return f(same(members, schema.members) ? schema : ({ ...schema, members } as Schema));
    }
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
