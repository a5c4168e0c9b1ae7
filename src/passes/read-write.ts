/**
 * Read/write pass: a `readOnly` property is only in what the API returns, a `writeOnly` one only in what the
 * client sends. A named schema that holds either kind (itself, through a `$ref`, or in an `allOf` part) keeps
 * its name for the shape it is read in (without its write-only properties) and gets a second named schema,
 * `<name> input`, for the shape it is sent in (without its read-only properties). Request bodies and sent
 * messages use the second; responses, received messages and webhook payloads the first. Exact (int64)
 * integers split a schema the same way: sent, they take a safe-integer `number` as well as a `bigint`.
 */
import { reachableIds } from '../ir/resolve.js';
import { mapSchemaPositions, namedHolding, schemaPositions } from '../ir/walk.js';
import type { Api, NamedSchema, Property, Schema } from '../ir/types.js';

type Mode = 'read' | 'write';

/** The doc of a write shape: what differs from the read shape. */
const sentDoc = (description: string | undefined, differs: { readOnly: boolean; exact: boolean }) =>
  [
    description,
    `As the client sends it: ${[
      differs.readOnly ? 'without the read-only properties' : '',
      differs.exact ? '64-bit integers as a `bigint` or a safe-integer `number`' : '',
    ]
      .filter((d) => d)
      .join('; ')}.`,
  ]
    .filter((d) => d)
    .join('\n\n');

/** The id of a named schema's write shape. */
const writeId = (id: string) => `${id}#write`;

export function splitReadWrite(api: Api): Api {
  const byId = new Map(api.schemas.map((s) => [s.id, s]));
  const readOnly = (p: Property) =>
    p.schema.readOnly === true || (p.schema.kind === 'ref' && byId.get(p.schema.target)?.schema.readOnly === true);
  const writeOnly = (p: Property) =>
    p.schema.writeOnly === true || (p.schema.kind === 'ref' && byId.get(p.schema.target)?.schema.writeOnly === true);

  // Which named schemas hold a read-only or write-only property, or an exact integer (sent, it may be a
  // number), anywhere, through refs.
  const marked = namedHolding(
    api.schemas,
    (node) =>
      (node.kind === 'object' && node.properties.some((p) => readOnly(p) || writeOnly(p))) ||
      (node.kind === 'number' && node.exact !== undefined),
  );
  if (marked.size === 0) return api;
  const withReadOnly = namedHolding(api.schemas, (node) => node.kind === 'object' && node.properties.some(readOnly));

  // A hoisted schema that only what the client sends reaches (a request body's inline object) is written
  // in its write shape under its own name: its read shape would be a type nothing uses.
  const positions = schemaPositions(api);
  const readRoots = [
    ...api.schemas.filter((s) => s.source === 'component').map((s) => s.schema),
    ...positions.filter(({ position }) => position.direction !== 'send').map(({ schema }) => schema),
  ];
  const read = reachableIds(readRoots, byId);
  for (const named of api.schemas) if (named.source === 'component') read.add(named.id);
  const writeOnlyUse = new Set([...marked].filter((id) => !read.has(id)));
  // Only what the client sends gets a write shape: a schema it only receives needs none.
  const written = reachableIds(
    positions.filter(({ position }) => position.direction === 'send').map(({ schema }) => schema),
    byId,
  );

  const target = (id: string, mode: Mode) =>
    mode === 'write' && marked.has(id) && !writeOnlyUse.has(id) ? writeId(id) : id;
  const shape = (schema: Schema, mode: Mode): Schema => {
    switch (schema.kind) {
      case 'ref':
        return { ...schema, target: target(schema.target, mode) };
      case 'object': {
        const properties = schema.properties
          .filter((p) => !(mode === 'write' ? readOnly(p) : writeOnly(p)))
          .map((p) => ({ ...p, schema: shape(p.schema, mode) }));
        return {
          ...schema,
          properties,
          ...(typeof schema.additional === 'object' ? { additional: shape(schema.additional, mode) } : {}),
          // An object whose every property was dropped is typed `{}`, not any object; its other keys stay allowed.
          ...(properties.length === 0 && schema.properties.length > 0 ? { dropped: true } : {}),
        };
      }
      case 'array':
        return { ...schema, items: shape(schema.items, mode) };
      case 'tuple':
        return {
          ...schema,
          items: schema.items.map((item) => shape(item, mode)),
          ...(schema.rest ? { rest: shape(schema.rest, mode) } : {}),
        };
      case 'union':
        return {
          ...schema,
          members: schema.members.map((m) => shape(m, mode)),
          ...(schema.discriminator
            ? {
                discriminator: {
                  ...schema.discriminator,
                  mapping: schema.discriminator.mapping.map((m) => ({ ...m, target: target(m.target, mode) })),
                },
              }
            : {}),
        };
      case 'intersection':
        return { ...schema, members: schema.members.map((m) => shape(m, mode)) };
      case 'number':
        return mode === 'write' && schema.exact !== undefined ? { ...schema, acceptsNumber: true } : schema;
      default:
        return schema;
    }
  };

  const schemas: NamedSchema[] = api.schemas.map((named) =>
    marked.has(named.id)
      ? { ...named, schema: shape(named.schema, writeOnlyUse.has(named.id) ? 'write' : 'read') }
      : named,
  );
  // After every schema of the spec, so that the spec's own names are claimed first.
  for (const named of api.schemas)
    if (marked.has(named.id) && !writeOnlyUse.has(named.id) && written.has(named.id))
      schemas.push({
        ...named,
        id: writeId(named.id),
        name: `${named.name} input`,
        schema: {
          ...shape(named.schema, 'write'),
          description: sentDoc(named.schema.description, {
            readOnly: withReadOnly.has(named.id),
            exact: named.holdsExact === true,
          }),
        },
      });

  // What the client sends in its write shape, what it receives in its read shape; parameters as declared.
  const reshaped = mapSchemaPositions(api, (schema, { direction }) =>
    direction === 'parameter' ? schema : shape(schema, direction === 'send' ? 'write' : 'read'),
  );
  return { ...reshaped, schemas };
}
