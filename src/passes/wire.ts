/**
 * Decisions about the wire made once, in the IR, so that emitters only print them: which query parameters
 * need the runtime's styled serializer, and by which property and values each received message is told
 * apart from the others.
 */
import { resolveSchema } from '../ir/resolve.js';
import type { Api, Message, NamedSchema, Parameter } from '../ir/types.js';

/** The property events are told apart by: `type`, when it is an enum of strings (or a string const). */
const DISCRIMINATOR_PROPERTY = 'type';

/** Query parameters that need more than form + explode (objects, other styles, non-exploded arrays). */
function needsStyledQuery(p: Parameter, byId: ReadonlyMap<string, NamedSchema>): boolean {
  if (p.in !== 'query') return false;
  if ((p.style !== undefined && p.style !== 'form') || p.explode === false) return true;
  const schema = resolveSchema(p.schema, byId);
  return schema.kind === 'object' || schema.kind === 'intersection' || schema.kind === 'union';
}

function messageTag(message: Message, byId: ReadonlyMap<string, NamedSchema>): Message['tag'] {
  const payload = resolveSchema(message.payload, byId);
  if (payload.kind !== 'object') return undefined;
  const prop = payload.properties.find((p) => p.name === DISCRIMINATOR_PROPERTY);
  if (!prop) return undefined;
  const tag = resolveSchema(prop.schema, byId);
  if (tag.kind === 'enum' && tag.values.every((v) => typeof v === 'string'))
    return { property: prop.name, schema: prop.schema, values: tag.values as string[] };
  if (tag.kind === 'literal' && typeof tag.value === 'string')
    return { property: prop.name, schema: prop.schema, values: [tag.value] };
  return undefined;
}

export function decideWire(api: Api): Api {
  const byId = new Map(api.schemas.map((s) => [s.id, s]));
  return {
    ...api,
    operations: api.operations.map((op) => ({
      ...op,
      parameters: op.parameters.map((p) => (needsStyledQuery(p, byId) ? { ...p, styledQuery: true } : p)),
    })),
    channels: api.channels.map((channel) => ({
      ...channel,
      receives: channel.receives.map((m) => {
        const tag = messageTag(m, byId);
        return tag ? { ...m, tag } : m;
      }),
    })),
  };
}
