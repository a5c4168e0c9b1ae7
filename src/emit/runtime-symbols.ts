/**
 * Every name the generated code takes from the runtime (templates/runtime/, copied into src/runtime/), by
 * module: emitters import and re-export runtime names only through this registry, so a name that is not
 * here does not compile, and a test checks each one against what its runtime module exports. The package
 * index re-exports every name but the `internal` ones (what only generated code uses), and the `streams` ones
 * only from a package with a WebSocket channel or an event stream.
 */
/** What only generated descriptors use: the body encoders, the parameter serializers and checks. */
const ENCODERS = [
  'checkExactInteger',
  'encodeBinary',
  'encodeForm',
  'encodeJson',
  'encodeMultipart',
  'encodeText',
  'inexactInteger',
  'serializeCookieParam',
  'serializeFormParam',
  'serializeHeaderParam',
  'serializePathParam',
  'serializePathSegment',
  'serializeQueryParam',
] as const;

/** The serializer a descriptor names for a plain value (no style of its own) in each place: a parameter, an API key. */
export const PLAIN_SERIALIZERS = {
  path: 'serializePathSegment',
  query: 'serializeFormParam',
  header: 'serializeHeaderParam',
  cookie: 'serializeCookieParam',
} as const satisfies Record<'path' | 'query' | 'header' | 'cookie', (typeof ENCODERS)[number]>;

/** What only generated validators use: value checks and formats. */
const VALUE_CHECKS = [
  'codePoints',
  'date',
  'dateTime',
  'email',
  'isDate',
  'isDateTime',
  'isEmail',
  'isIntegerString',
  'isIpv6',
  'isTime',
  'isUri',
  'isUuid',
  'jsonEqual',
  'maxLength',
  'minLength',
  'multipleOf',
  'own',
  'uniqueItems',
  'uri',
  'uuid',
] as const;

/** What only generated descriptors use: the response decoders. */
const DECODERS = ['decodeBinary', 'decodeEventStream', 'decodeJson', 'decodeNone', 'decodeText'] as const;

export const RUNTIME = {
  decode: {
    values: DECODERS,
    types: ['ResponseDecoder'],
    internal: [...DECODERS, 'ResponseDecoder'],
  },
  encode: {
    values: ENCODERS,
    types: ['BinaryInput'],
    internal: ENCODERS,
  },
  errors: {
    values: [
      'ApiError',
      'MalformedFrameError',
      'NetworkError',
      'RequestAbortedError',
      'RequestError',
      'SubscriptionError',
      'TimeoutError',
      'UnsupportedOptionError',
      'ValidationError',
      'errorDetail',
    ],
    types: [],
    internal: [],
    streams: ['MalformedFrameError', 'SubscriptionError'],
  },
  fake: {
    values: ['fakeValue', 'fakes'],
    types: ['Fake', 'FakeChecks', 'FakeNode', 'FakeOptions', 'FakeSchema'],
    internal: ['fakeValue', 'fakes', 'FakeChecks', 'FakeNode', 'FakeSchema'],
  },
  'http-extended': {
    values: ['createExtendedCore', 'withResponse'],
    types: ['HookContext', 'Hooks', 'OutgoingRequest', 'ResponseResult'],
    internal: [],
  },
  'http-retry': { values: [], types: [], internal: [] },
  http: {
    values: ['basicAuth', 'bearerAuth', 'bindMethods', 'createClientCore', 'newIdempotencyKey', 'paginate'],
    types: [
      'BoundMethod',
      'BoundMethods',
      'ClientConfig',
      'ClientCore',
      'CoreConfig',
      'OperationSpec',
      'RequestOptions',
      'RetryOptions',
      'TokenContext',
      'TokenSource',
      'WebSocketClass',
    ],
    internal: [
      'basicAuth',
      'bearerAuth',
      'bindMethods',
      'BoundMethod',
      'BoundMethods',
      'newIdempotencyKey',
      'OperationSpec',
    ],
  },
  int64: {
    values: ['exactJsonEncoder', 'exactJsonReader', 'exactJsonWriter', 'stringifyExact'],
    types: ['Int64Shape'],
    internal: ['exactJsonEncoder', 'exactJsonReader', 'exactJsonWriter', 'Int64Shape'],
  },
  'mock-msw': {
    values: ['MockError', 'mockChannel', 'mockRoute', 'provideWebSocket'],
    types: ['ChannelMock', 'MockAnswer', 'MockOptions', 'MockRequest', 'ReplySpec'],
    // Only `<package>/mocks` imports it (it imports msw): the index re-exports none of it.
    internal: [
      'MockError',
      'mockChannel',
      'mockRoute',
      'provideWebSocket',
      'ChannelMock',
      'MockAnswer',
      'MockOptions',
      'MockRequest',
      'ReplySpec',
    ],
  },
  'sse-parser': {
    values: ['EventStreamParser'],
    types: ['RawServerEvent'],
    internal: ['EventStreamParser', 'RawServerEvent'],
  },
  sse: {
    values: ['openEventStream'],
    types: ['EventStream', 'EventStreamOptions', 'EventStreamStats', 'ServerSentEvent'],
    internal: ['openEventStream'],
  },
  'stream-backoff': { values: [], types: ['ReconnectOptions'], internal: [] },
  'stream-buffer': { values: ['BufferOverflowError'], types: ['OverflowPolicy'], internal: [] },
  'stream-session': {
    values: [],
    types: ['LifecycleEvent', 'StreamHandle', 'StreamOptions', 'StreamStats', 'SubscriptionState'],
    internal: [],
  },
  'validate-formats': { values: VALUE_CHECKS, types: [], internal: VALUE_CHECKS },
  validate: {
    values: [
      'at',
      'atLast',
      'bool',
      'createValidation',
      'fail',
      'i64',
      'int',
      'isRecord',
      'issueText',
      'missing',
      'num',
      'standard',
      'str',
      'u64',
      'unexpected',
    ],
    types: [
      'ChannelChecks',
      'Check',
      'Issue',
      'OperationChecks',
      'StandardResult',
      'StandardSchemaV1',
      'ValidateMode',
      'Validation',
      'ValidationIssue',
    ],
    internal: [
      'at',
      'atLast',
      'bool',
      'createValidation',
      'fail',
      'i64',
      'int',
      'isRecord',
      'missing',
      'num',
      'standard',
      'str',
      'u64',
      'unexpected',
      'ChannelChecks',
      'Check',
      'Issue',
      'OperationChecks',
    ],
  },
  'websocket-frames': {
    values: ['UNKNOWN_EVENT'],
    types: ['EventDiscriminator', 'UnknownEvent'],
    internal: ['EventDiscriminator'],
  },
  'websocket-liveness': { values: [], types: [], internal: [] },
  'websocket-replies': { values: ['ReplyTimeoutError'], types: [], internal: [] },
  'websocket-transport': { values: [], types: ['WebSocketConstructor'], internal: [] },
  websocket: {
    values: ['connect', 'subscribe'],
    types: [
      'ChannelSpec',
      'ConnectOptions',
      'Connection',
      'EventKind',
      'EventOfKind',
      'EventTag',
      'RequestCallOptions',
      'RequestReply',
      'SubscribeOptions',
      'Subscription',
      'SubscriptionStats',
    ],
    internal: ['connect', 'subscribe', 'ChannelSpec'],
  },
} as const satisfies Record<
  string,
  { values: readonly string[]; types: readonly string[]; internal: readonly string[]; streams?: readonly string[] }
>;

export type RuntimeModule = keyof typeof RUNTIME;
export type RuntimeValue<M extends RuntimeModule> = (typeof RUNTIME)[M]['values'][number];
export type RuntimeType<M extends RuntimeModule> = (typeof RUNTIME)[M]['types'][number];

/**
 * The names of a module a package re-exports: its values, or its types, but the internal ones, and but the
 * stream ones in a package without streams.
 */
export function publicNames(module: RuntimeModule, kind: 'values' | 'types', withStreams = true): string[] {
  const entry: { internal: readonly string[]; streams?: readonly string[] } = RUNTIME[module];
  return RUNTIME[module][kind].filter(
    (name: string) => !entry.internal.includes(name) && (withStreams || !entry.streams?.includes(name)),
  );
}

/** Where a runtime module is imported from: `./runtime/http.js` in src/, `../runtime/http.js` a folder down. */
export function runtimePath(module: RuntimeModule, from: 'src' | 'src/operations' | 'src/descriptors'): string {
  return `${from === 'src' ? './' : '../'}runtime/${module}.js`;
}
