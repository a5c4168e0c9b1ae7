/** Constructors for IR values with sensible defaults; tests build IR with these instead of parsing specs. */
import type { Api, Channel, Message, NamedSchema, Operation, Parameter, Property, Schema } from './types.js';

type Extra<K extends Schema['kind']> = Omit<Extract<Schema, { kind: K }>, 'kind'>;

export const s = {
  unknown: (extra: Partial<Extra<'unknown'>> = {}): Schema => ({ kind: 'unknown', ...extra }),
  string: (extra: Partial<Extra<'string'>> = {}): Schema => ({ kind: 'string', ...extra }),
  number: (extra: Partial<Extra<'number'>> = {}): Schema => ({ kind: 'number', integer: false, ...extra }),
  integer: (extra: Partial<Extra<'number'>> = {}): Schema => ({ kind: 'number', integer: true, ...extra }),
  boolean: (extra: Partial<Extra<'boolean'>> = {}): Schema => ({ kind: 'boolean', ...extra }),
  null: (): Schema => ({ kind: 'null' }),
  binary: (extra: Partial<Extra<'binary'>> = {}): Schema => ({ kind: 'binary', ...extra }),
  literal: (value: string | number | boolean | null, extra: Partial<Extra<'literal'>> = {}): Schema => ({
    kind: 'literal',
    value,
    ...extra,
  }),
  enum: (values: (string | number | boolean | null)[], extra: Partial<Extra<'enum'>> = {}): Schema => ({
    kind: 'enum',
    values,
    ...extra,
  }),
  array: (items: Schema, extra: Partial<Extra<'array'>> = {}): Schema => ({ kind: 'array', items, ...extra }),
  tuple: (items: Schema[], extra: Partial<Extra<'tuple'>> = {}): Schema => ({
    kind: 'tuple',
    items,
    required: items.length,
    ...extra,
  }),
  object: (properties: Property[] = [], extra: Partial<Extra<'object'>> = {}): Schema => ({
    kind: 'object',
    properties,
    ...extra,
  }),
  union: (members: Schema[], extra: Partial<Extra<'union'>> = {}): Schema => ({ kind: 'union', members, ...extra }),
  intersection: (members: Schema[], extra: Partial<Extra<'intersection'>> = {}): Schema => ({
    kind: 'intersection',
    members,
    ...extra,
  }),
  ref: (target: string, extra: Partial<Extra<'ref'>> = {}): Schema => ({ kind: 'ref', target, ...extra }),
};

export function prop(name: string, schema: Schema, required = false): Property {
  return { name, schema, required };
}

export function namedSchema(input: Partial<NamedSchema> & { name: string; schema: Schema }): NamedSchema {
  return {
    id: input.id ?? `#/components/schemas/${input.name}`,
    source: 'component',
    origin: { file: 'test.yaml', pointer: `/components/schemas/${input.name}` },
    ...input,
  };
}

export function parameter(input: Partial<Parameter> & { name: string; in: Parameter['in'] }): Parameter {
  return { required: input.in === 'path', schema: s.string(), ...input };
}

export function operation(input: Partial<Operation> & { operationId: string }): Operation {
  return {
    method: 'get',
    path: '/',
    tags: [],
    parameters: [],
    responses: [],
    security: [],
    origin: { file: 'test.yaml', pointer: '/paths' },
    ...input,
  };
}

export function message(input: Partial<Message> & { name: string; payload: Schema }): Message {
  return { ...input };
}

export function channel(input: Partial<Channel> & { id: string; address: string }): Channel {
  return {
    parameters: [],
    receives: [],
    sends: [],
    requests: [],
    transport: 'websocket',
    protocols: [],
    servers: [],
    security: [],
    origin: { file: 'test.yaml', pointer: '/channels' },
    ...input,
  };
}

export function api(input: Partial<Api> = {}): Api {
  return {
    info: { title: 'Test API', version: '1.0.0' },
    sources: {},
    servers: [],
    schemas: [],
    operations: [],
    channels: [],
    securitySchemes: [],
    tags: [],
    ...input,
  };
}
