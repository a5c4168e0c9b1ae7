/** Generic walks over the IR's schemas: what passes use to find and rewrite nodes anywhere in an Api. */
import type { Api, Message, NamedSchema, Origin, Schema } from './types.js';

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

/**
 * Which way a position's value travels: sent by the client (request bodies, messages it sends), received by it
 * (responses, error bodies, messages it receives, webhook payloads), or a parameter (sent as text, typed as
 * declared: no read or write shape).
 */
export type Direction = 'send' | 'receive' | 'parameter';

/** A place outside the named schemas where an Api holds a schema. */
export interface SchemaPosition {
  direction: Direction;
  /** Where it is: for hints and messages (`getWorker body`, `getWorker 404 error`, `events message Tick`). */
  label: string;
  origin: Origin;
}

/**
 * Every place an Api holds a schema but its named schemas, rewritten by `f` (unchanged where `f` returns its
 * input): parameters, request bodies, responses, channel parameters, messages and their tags, webhook
 * payloads. The one list of these places: passes and consumers read and rewrite schemas through it.
 */
export function mapSchemaPositions(api: Api, f: (schema: Schema, position: SchemaPosition) => Schema): Api {
  const message = (m: Message, direction: Direction, origin: Origin, owner: string): Message => {
    const label = `${owner} message ${m.name}`;
    const payload = f(m.payload, { direction, label, origin });
    const tag = m.tag ? { ...m.tag, schema: f(m.tag.schema, { direction, label: `${label} tag`, origin }) } : undefined;
    return { ...m, payload, ...(tag ? { tag } : {}) };
  };
  return {
    ...api,
    operations: api.operations.map((op) => {
      const at = (direction: Direction, label: string): SchemaPosition => ({
        direction,
        label: `${op.operationId} ${label}`,
        origin: op.origin,
      });
      return {
        ...op,
        parameters: op.parameters.map((p) => ({ ...p, schema: f(p.schema, at('parameter', p.name)) })),
        ...(op.body
          ? {
              body: {
                ...op.body,
                contents: op.body.contents.map((c) => ({ ...c, schema: f(c.schema, at('send', 'body')) })),
              },
            }
          : {}),
        responses: op.responses.map((r) => ({
          ...r,
          contents: r.contents.map((c) => ({
            ...c,
            schema: f(c.schema, at('receive', /^2/.test(r.status) ? 'response' : `${r.status} error`)),
          })),
        })),
      };
    }),
    channels: api.channels.map((ch) => {
      const owner = ch.operationId ?? ch.id;
      return {
        ...ch,
        parameters: ch.parameters.map((p) => ({
          ...p,
          schema: f(p.schema, { direction: 'parameter', label: `${owner} ${p.name}`, origin: ch.origin }),
        })),
        receives: ch.receives.map((m) => message(m, 'receive', ch.origin, owner)),
        sends: ch.sends.map((m) => message(m, 'send', ch.origin, owner)),
        requests: ch.requests.map((r) => ({
          ...r,
          request: r.request.map((m) => message(m, 'send', ch.origin, owner)),
          replies: r.replies.map((m) => message(m, 'receive', ch.origin, owner)),
        })),
      };
    }),
    ...(api.webhooks
      ? {
          webhooks: api.webhooks.map((h) => ({
            ...h,
            payload: f(h.payload, {
              direction: 'receive',
              label: `${h.name} ${h.kind === 'webhook' ? 'webhook' : 'callback'}`,
              origin: h.origin,
            }),
          })),
        }
      : {}),
  };
}

/** Every schema an Api holds outside its named schemas, with its position (see `mapSchemaPositions`). */
export function schemaPositions(api: Api): { schema: Schema; position: SchemaPosition }[] {
  const out: { schema: Schema; position: SchemaPosition }[] = [];
  mapSchemaPositions(api, (schema, position) => {
    out.push({ schema, position });
    return schema;
  });
  return out;
}

/** Rewrites every node of every schema of an Api: named schemas and every position. */
export function mapApiSchemas(api: Api, f: (node: Schema) => Schema): Api {
  const map = (s: Schema) => mapSchema(s, f);
  return {
    ...mapSchemaPositions(api, map),
    schemas: api.schemas.map((named) => ({ ...named, schema: map(named.schema) })),
  };
}

/**
 * What an object's other keys hold as the package declares them: `false`, none (a closed object, or one whose
 * every property a read/write shape dropped); `true`, any value; else their schema. Types and the change report
 * read it here.
 */
export function declaredOtherKeys(schema: Extract<Schema, { kind: 'object' }>): Schema | boolean {
  return schema.additional ?? (schema.properties.length === 0 && schema.dropped !== true);
}
