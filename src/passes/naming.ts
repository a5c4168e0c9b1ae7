/**
 * Naming pass: chooses every identifier and module name the emitters use, in one place.
 * Types share one scope (they are all exported from the package index); values share another.
 */
import { RUNTIME } from '../emit/runtime-symbols.js';
import type { Api, Channel, Operation } from '../ir/types.js';
import { camelCase, kebabCase, NameScope, pascalCase, safeIdentifier } from '../naming/identifiers.js';

/** Names the generated client module declares besides the spec's (src/client.ts). */
export const CLIENT_NAMES = [
  'createClient',
  'isOperationError',
  'operations',
  'channels',
  'servers',
  'defaultBaseUrl',
  'serverUrl',
  'ServerVariables',
  'Webhooks',
  'Callbacks',
  'Client',
  'OperationErrors',
];

/**
 * What every object has from `Object.prototype`: a params property of that name would make `{}` (the default
 * of optional params) not assignable to the params type.
 */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

/** Every name the runtime exports or the generated code imports from it (see runtime-symbols.ts). */
const RUNTIME_NAMES: readonly string[] = Object.values(RUNTIME).flatMap((module) => [
  ...module.values,
  ...module.types,
]);

/** `/v1/rooms/{room}/chat` -> `v1 rooms chat`: the words of a channel's id, without its parameters. */
function channelWords(channel: Channel): string {
  return channel.id.replace(/\{[^}]*\}/g, ' ');
}

/**
 * The start of a type named after a function (`getThing` -> `GetThing`, then `Params`, `Event`, ...): never a
 * digit first, though the function's name may have needed a `_` for that (`_2faVerify` -> `_2faVerifyParams`).
 */
function typeStem(functionName: string): string {
  const stem = pascalCase(functionName);
  return /^[0-9]/.test(stem) ? `_${stem}` : stem;
}

export function nameApi(api: Api): Api {
  // Classes are types too: a schema may not take the name of anything the client module exports. It may
  // take a runtime export's name (the spec's names win): the runtime's export is then renamed at the index.
  const types = new NameScope(CLIENT_NAMES);
  const values = new NameScope([...CLIENT_NAMES, ...RUNTIME_NAMES]);
  const groups = new NameScope(['index', 'client', 'schemas', 'subscriptions', 'runtime']);
  const groupNames = new Map<string, string>();
  const groupFor = (tag: string) => {
    const existing = groupNames.get(tag);
    if (existing) return existing;
    const name = groups.claim(kebabCase(tag) || 'default');
    groupNames.set(tag, name);
    return name;
  };

  // An operationId used twice (CG008) names its operations apart: by tag where that tells them apart, else by path (and method).
  const byId = new Map<string, Operation[]>();
  for (const op of api.operations) byId.set(op.operationId, [...(byId.get(op.operationId) ?? []), op]);
  const distinctId = (op: Operation): string => {
    const same = byId.get(op.operationId)!;
    if (same.length === 1) return op.operationId;
    const tag = op.tags[0] ?? '';
    const tagged = same.filter((o) => (o.tags[0] ?? '') === tag);
    if (tag !== '' && tagged.length === 1) return `${op.operationId} ${tag}`;
    const routed = same.filter((o) => o.path === op.path);
    return routed.length === 1 ? `${op.operationId} ${op.path}` : `${op.operationId} ${op.method} ${op.path}`;
  };

  const declared = api.schemas.map((named) => ({
    ...named,
    typeName: types.claim(safeIdentifier(pascalCase(named.name), 'Schema', 'type')),
  }));
  types.reserve(RUNTIME_NAMES);
  const runtime = new Set(RUNTIME_NAMES);
  // A schema that took a runtime name is imported under another name where modules use the runtime's.
  const schemas = declared.map((named) =>
    runtime.has(named.typeName) ? { ...named, localName: types.claim(`${named.typeName}Schema`) } : named,
  );
  // The runtime's export gets a name of its own at the index: free as a type and as a value (classes are both).
  const claimBoth = (base: string): string => {
    let name = base;
    for (let n = 2; types.has(name) || values.has(name); n++) name = `${base}${n}`;
    return values.claim(types.claim(name));
  };
  const shadowed = new Set(schemas.flatMap((s) => (s.localName ? [s.typeName] : [])));
  const runtimeAliases = RUNTIME_NAMES.filter((name) => shadowed.has(name)).map((name) => ({
    name,
    alias: claimBoth(`Runtime${name}`),
  }));

  const operations = api.operations.map((op) => {
    const functionName = values.claim(safeIdentifier(camelCase(distinctId(op)), 'operation'));
    const params = new NameScope(['body', ...PROTOTYPE_NAMES]);
    return {
      ...op,
      functionName,
      paramsTypeName: types.claim(typeStem(functionName) + 'Params'),
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
    // The spec's operation id where the channel has exactly one; else the channel's words (never a bare action).
    const duplex = ch.sends.length > 0;
    const words =
      [
        ch.nameHint,
        ch.mergedFrom ? undefined : channelWords(ch),
        api.info.title,
        ...[...ch.receives, ...ch.sends].map((m) => m.name),
      ].find((w): w is string => w !== undefined && camelCase(w) !== '') ?? 'channel';
    const base = ch.operationId ?? `${duplex ? 'connect' : 'subscribe'} ${words}`;
    const functionName = values.claim(safeIdentifier(camelCase(base), 'subscribe'));
    const stem = typeStem(functionName);
    const params = new NameScope(PROTOTYPE_NAMES);
    return {
      ...ch,
      functionName,
      paramsTypeName: types.claim(`${stem}Params`),
      eventTypeName: types.claim(`${stem}Event`),
      ...(duplex ? { outgoingTypeName: types.claim(`${stem}Outgoing`) } : {}),
      ...(ch.requests.length > 0 ? { requestsTypeName: types.claim(`${stem}Requests`) } : {}),
      handleTypeName: types.claim(`${stem}${duplex ? 'Connection' : 'Subscription'}`),
      parameters: ch.parameters.map((p) => ({ ...p, propName: params.claim(camelCase(p.name) || 'param') })),
    };
  });

  // Module-local constants come last: they never take a name the package exports.
  const groupBindings = new Map<string, string>();
  const bindingFor = (group: string): string => {
    if (!groupBindings.has(group))
      groupBindings.set(group, values.claim(safeIdentifier(camelCase(`${group} operations`), 'operations')));
    return groupBindings.get(group)!;
  };
  return {
    ...api,
    schemas: schemas.map((named) =>
      named.holdsExact
        ? { ...named, shapeName: values.claim(safeIdentifier(`${camelCase(named.typeName)}Int64`, 'shapeInt64')) }
        : named,
    ),
    ...(runtimeAliases.length > 0 ? { runtimeAliases } : {}),
    operations: operations.map((op) => ({
      ...op,
      descriptorName: values.claim(`${op.functionName}Operation`),
      groupBinding: bindingFor(op.group),
    })),
    channels: channels.map((ch) => ({ ...ch, specName: values.claim(`${ch.functionName}Channel`) })),
  };
}
