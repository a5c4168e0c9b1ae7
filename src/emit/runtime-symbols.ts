/**
 * Every name the generated code takes from the runtime (templates/runtime/, copied into src/runtime/), by
 * module: emitters import and re-export runtime names only through this registry, so a name that is not
 * here does not compile, and a test checks each one against what its runtime module exports.
 */
export const RUNTIME = {
  encode: {
    values: ['encodeBinary', 'encodeForm', 'encodeJson', 'encodeMultipart', 'encodeText', 'serializeQueryParam'],
    types: ['BinaryInput'],
  },
  errors: {
    values: ['ApiError', 'NetworkError', 'RequestAbortedError', 'RequestError', 'TimeoutError', 'errorDetail'],
    types: [],
  },
  http: {
    values: ['bindCore', 'createClientCore', 'paginate'],
    types: ['ClientConfig', 'ClientCore', 'OperationSpec', 'RequestOptions', 'RetryOptions', 'TokenSource'],
  },
  websocket: {
    values: ['BufferOverflowError', 'MalformedFrameError', 'SubscriptionError', 'UNKNOWN_EVENT', 'subscribe'],
    types: [
      'ChannelSpec',
      'LifecycleEvent',
      'ReconnectOptions',
      'SubscribeOptions',
      'Subscription',
      'SubscriptionState',
      'SubscriptionStats',
      'UnknownEvent',
      'WebSocketConstructor',
    ],
  },
} as const;

export type RuntimeModule = keyof typeof RUNTIME;
export type RuntimeValue<M extends RuntimeModule> = (typeof RUNTIME)[M]['values'][number];
export type RuntimeType<M extends RuntimeModule> = (typeof RUNTIME)[M]['types'][number];

/** Where a runtime module is imported from: `./runtime/http.js` in src/, `../runtime/http.js` one level down. */
export function runtimePath(module: RuntimeModule, from: 'src' | 'src/operations'): string {
  return `${from === 'src' ? './' : '../'}runtime/${module}.js`;
}
