/**
 * Decisions about the wire made once, in the IR, so that emitters only print them: which query and path
 * parameters need the runtime's styled serializers; how a channel's received events are told apart (a tag property, the
 * spec's discriminator, or the one key of an externally tagged union); how replies match their requests.
 */
import { resolveSchema } from '../ir/resolve.js';
import type {
  Api,
  Channel,
  EventDiscriminator,
  Message,
  Parameter,
  Property,
  RequestReply,
  Schema,
} from '../ir/types.js';

/** The property events are preferably told apart by, when it qualifies. */
const PREFERRED_TAG = 'type';

type Resolve = (schema: Schema) => Schema;

/** Query parameters that need more than form + explode (objects, other styles, non-exploded arrays). */
function needsStyledQuery(p: Parameter, resolve: Resolve): boolean {
  if (p.in !== 'query') return false;
  if ((p.style !== undefined && p.style !== 'form') || p.explode === false) return true;
  const schema = resolve(p.schema);
  return schema.kind === 'object' || schema.kind === 'intersection' || schema.kind === 'union';
}

/** Path parameters that are more than one plain segment: label/matrix styles, arrays and objects. */
function needsStyledPath(p: Parameter, resolve: Resolve): boolean {
  if (p.in !== 'path') return false;
  if (p.style !== undefined && p.style !== 'simple') return true;
  return ['object', 'array', 'tuple', 'intersection'].includes(resolve(p.schema).kind);
}

/** The string values a tag property's schema allows (a string const or an enum of strings), else undefined. */
function tagValues(schema: Schema): string[] | undefined {
  if (schema.kind === 'literal' && typeof schema.value === 'string') return [schema.value];
  if (schema.kind === 'enum' && schema.values.length > 0 && schema.values.every((v) => typeof v === 'string'))
    return schema.values as string[];
  return undefined;
}

/**
 * The shapes a payload may take: the members of a union (nested unions flattened), and for an `allOf` with a
 * union inside, each member of that union combined with the rest (`type: object` + `oneOf`, as Kraken writes).
 */
function variantsOf(schema: Schema, resolve: Resolve, depth = 0): Schema[] {
  const resolved = resolve(schema);
  if (depth > 4) return [resolved];
  if (resolved.kind === 'union') return resolved.members.flatMap((m) => variantsOf(m, resolve, depth + 1));
  if (resolved.kind === 'intersection') {
    const index = resolved.members.findIndex((m) => resolve(m).kind === 'union');
    if (index !== -1) {
      const rest = resolved.members.filter((_, i) => i !== index);
      return variantsOf(resolved.members[index]!, resolve, depth + 1).map((variant): Schema => ({
        kind: 'intersection',
        members: [...rest, variant],
      }));
    }
  }
  return [resolved];
}

/** The properties of an object, or of the objects an `allOf` combines. */
function propertiesOf(schema: Schema, resolve: Resolve): Property[] {
  if (schema.kind === 'object') return schema.properties;
  if (schema.kind === 'intersection') return schema.members.flatMap((m) => propertiesOf(resolve(m), resolve));
  return [];
}

function propertyOf(variant: Schema, name: string, resolve: Resolve): Schema | undefined {
  const prop = propertiesOf(variant, resolve).find((p) => p.name === name);
  return prop ? resolve(prop.schema) : undefined;
}

/**
 * A property every variant of every message tags with string values, preferring the spec's discriminator,
 * then `type`, then the first variant's order. The shapes of one message may share a value; two messages may not.
 */
function propertyTag(groups: Schema[][], resolve: Resolve, preferred: string[]): EventDiscriminator | undefined {
  const first = groups[0]?.[0];
  if (!first) return undefined;
  const candidates = [...new Set([...preferred, PREFERRED_TAG, ...propertiesOf(first, resolve).map((p) => p.name)])];
  for (const property of candidates) {
    const values: string[] = [];
    const ok = groups.every((variants) => {
      const own = new Set<string>();
      for (const variant of variants) {
        const schema = propertyOf(variant, property, resolve);
        const found = schema && tagValues(schema);
        if (!found) return false;
        found.forEach((v) => own.add(v));
      }
      if ([...own].some((v) => values.includes(v))) return false;
      values.push(...own);
      return true;
    });
    if (ok) return { property, values };
  }
  return undefined;
}

/** serde's externally tagged enums: every variant is an object with exactly one property, required. */
function keyTag(variants: Schema[]): EventDiscriminator | undefined {
  const values: string[] = [];
  for (const variant of variants) {
    if (variant.kind !== 'object' || variant.properties.length !== 1 || !variant.properties[0]!.required)
      return undefined;
    if (variant.additional !== undefined && variant.additional !== false) return undefined;
    values.push(variant.properties[0]!.name);
  }
  // One object with one property is just an object; a union of at least two is a tagged union.
  return values.length > 1 && new Set(values).size === values.length ? { key: true, values } : undefined;
}

/** How a channel's received events are told apart: the spec's discriminator, a tag property, or a single key. */
function channelDiscriminator(messages: Message[], resolve: Resolve): EventDiscriminator | undefined {
  const groups = messages.map((m) => variantsOf(m.payload, resolve));
  const declared = messages
    .map((m) => resolve(m.payload))
    .flatMap((p) => (p.kind === 'union' && p.discriminator ? [p.discriminator.property] : []));
  return propertyTag(groups, resolve, declared) ?? keyTag(groups.flat());
}

/**
 * The tag of one message whose payload is an object whose tag property allows several values: its type is
 * split into one member per value, so that narrowing on the tag works.
 */
function messageTag(message: Message, property: string, resolve: Resolve): Message['tag'] {
  const payload = resolve(message.payload);
  if (payload.kind !== 'object') return undefined;
  const prop = payload.properties.find((p) => p.name === property);
  const values = prop && tagValues(resolve(prop.schema));
  return prop && values && values.length > 1 ? { property, schema: prop.schema, values } : undefined;
}

/** Correlation of a request/reply pair, each side's path defaulting to the other's. */
function correlationOf(request: RequestReply, resolve: Resolve): RequestReply['correlation'] {
  const requestPath = request.request.find((m) => m.correlationPath)?.correlationPath;
  const replyPath = request.replies.find((m) => m.correlationPath)?.correlationPath;
  const path = requestPath ?? replyPath;
  if (!path) return undefined;
  let schema: Schema | undefined = request.request[0] && resolve(request.request[0].payload);
  for (const key of path) schema = schema && propertyOf(schema, key, resolve);
  return { request: path, reply: replyPath ?? path, generate: schema?.kind === 'number' ? 'number' : 'string' };
}

/** The tag property of a request's messages (the events' tag property first) and its values. */
function requestTagOf(
  request: RequestReply,
  discriminator: EventDiscriminator | undefined,
  resolve: Resolve,
): RequestReply['requestTag'] {
  const groups = request.request.map((m) => variantsOf(m.payload, resolve));
  const preferred = discriminator && 'property' in discriminator ? [discriminator.property] : [];
  const tag = propertyTag(groups, resolve, preferred);
  return tag && 'property' in tag ? { property: tag.property, values: tag.values } : undefined;
}

function kindsOf(messages: Message[], discriminator: EventDiscriminator | undefined, resolve: Resolve): string[] {
  if (!discriminator) return [];
  return [...new Set(messages.flatMap((m) => channelDiscriminator([m], resolve)?.values ?? []))].filter((v) =>
    discriminator.values.includes(v),
  );
}

function decideChannel(channel: Channel, resolve: Resolve): Channel {
  const discriminator = channelDiscriminator(channel.receives, resolve);
  const receives =
    discriminator && 'property' in discriminator
      ? channel.receives.map((m) => {
          const tag = messageTag(m, discriminator.property, resolve);
          return tag ? { ...m, tag } : m;
        })
      : channel.receives;
  const requests = channel.requests.map((r) => {
    const correlation = correlationOf(r, resolve);
    const requestTag = requestTagOf(r, discriminator, resolve);
    return {
      ...r,
      ...(correlation ? { correlation } : {}),
      replyKinds: kindsOf(r.replies, discriminator, resolve),
      ...(requestTag ? { requestTag } : {}),
    };
  });
  return { ...channel, receives, requests, ...(discriminator ? { discriminator } : {}) };
}

export function decideWire(api: Api): Api {
  const byId = new Map(api.schemas.map((s) => [s.id, s]));
  const resolve: Resolve = (schema) => resolveSchema(schema, byId);
  return {
    ...api,
    operations: api.operations.map((op) => ({
      ...op,
      parameters: op.parameters.map((p) =>
        needsStyledQuery(p, resolve)
          ? { ...p, styledQuery: true }
          : needsStyledPath(p, resolve)
            ? { ...p, styledPath: true }
            : p,
      ),
    })),
    channels: api.channels.map((channel) => decideChannel(channel, resolve)),
  };
}
