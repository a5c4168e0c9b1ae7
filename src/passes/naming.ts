/**
 * Naming pass: chooses every identifier and module name the emitters use, in one place.
 * Types share one scope (they are all exported from the package index); values share another.
 */
import type { Api } from '../ir/types.js';
import { camelCase, kebabCase, NameScope, pascalCase, safeIdentifier } from '../naming/identifiers.js';

/** Names the runtime and the index export themselves; generated names must not take them. */
export const RUNTIME_VALUE_NAMES = [
  'createClient',
  'createClientCore',
  'ApiError',
  'TimeoutError',
  'RequestAbortedError',
  'NetworkError',
  'RequestError',
  'errorDetail',
  'SubscriptionError',
  'MalformedFrameError',
  'BufferOverflowError',
  'UNKNOWN_EVENT',
  'isOperationError',
  'paginate',
  'subscribe',
  'operations',
  'channels',
  'servers',
  'defaultBaseUrl',
];
export const RUNTIME_TYPE_NAMES = [
  'Client',
  'ClientConfig',
  'ClientCore',
  'RequestOptions',
  'RetryOptions',
  'BinaryInput',
  'Subscription',
  'SubscribeOptions',
  'SubscriptionState',
  'UnknownEvent',
  'LifecycleEvent',
  'ReconnectOptions',
  'OperationErrors',
  'TokenSource',
  'WebSocketConstructor',
];

export function nameApi(api: Api): Api {
  // Classes are types too: a schema may not take the name of anything the package exports.
  const types = new NameScope([...RUNTIME_TYPE_NAMES, ...RUNTIME_VALUE_NAMES]);
  const values = new NameScope([...RUNTIME_VALUE_NAMES, ...RUNTIME_TYPE_NAMES]);
  const groups = new NameScope(['index', 'client', 'schemas', 'subscriptions', 'runtime']);
  const groupNames = new Map<string, string>();
  const groupFor = (tag: string) => {
    const existing = groupNames.get(tag);
    if (existing) return existing;
    const name = groups.claim(kebabCase(tag) || 'default');
    groupNames.set(tag, name);
    return name;
  };

  const schemas = api.schemas.map((named) => ({
    ...named,
    typeName: types.claim(safeIdentifier(pascalCase(named.name), 'Schema', 'type')),
  }));

  const operations = api.operations.map((op) => {
    const functionName = values.claim(safeIdentifier(camelCase(op.operationId), 'operation'));
    const params = new NameScope(['body']);
    return {
      ...op,
      functionName,
      paramsTypeName: types.claim(`${pascalCase(functionName)}Params`),
      group: groupFor(op.tags[0] ?? 'default'),
      ...(op.pagination
        ? { pagination: { ...op.pagination, iteratorName: values.claim(`iterate${pascalCase(functionName)}`) } }
        : {}),
      parameters: op.parameters.map((p) => {
        const base = camelCase(p.name) || 'param';
        return { ...p, propName: params.has(base) ? params.claim(camelCase(`${p.in} ${p.name}`)) : params.claim(base) };
      }),
    };
  });

  const channels = api.channels.map((ch) => {
    const functionName = values.claim(safeIdentifier(camelCase(ch.operationId), 'subscribe'));
    const params = new NameScope();
    return {
      ...ch,
      functionName,
      paramsTypeName: types.claim(`${pascalCase(functionName)}Params`),
      eventTypeName: types.claim(`${pascalCase(functionName)}Event`),
      parameters: ch.parameters.map((p) => ({ ...p, propName: params.claim(camelCase(p.name) || 'param') })),
    };
  });

  return { ...api, schemas, operations, channels };
}
