/** The generated package's README: setup, every operation with an example, subscriptions, errors. */
import type { Api, Channel, Message, Operation, Parameter, Property, Schema } from '../ir/types.js';
import { mockName } from './mocks.js';
import { bannerText, type EmitContext } from './context.js';
import { resolvedOf } from '../passes/resolve.js';
import { literal, propertyKey, singleQuoted } from './text.js';

/** A literal for an example: strings single-quoted where they need no escape. */
const exampleLiteral = (value: string | number | boolean | null) =>
  typeof value === 'string' ? singleQuoted(value) : literal(value);

/**
 * A value of the schema's type for an example call, so that every snippet type-checks: every required
 * property (optional ones only near the top), the first member of a union (with its discriminator value),
 * the properties of every member of an intersection. A schema that would recur into itself gives undefined
 * (the caller leaves the property out, or uses `[]` or `null` where the type allows).
 */
function exampleValue(
  schema: Schema,
  ctx: EmitContext,
  depth = 0,
  seen: ReadonlySet<string> = new Set(),
): string | undefined {
  const made = exampleOf(schema, ctx, depth, seen);
  return made === undefined && schema.nullable ? 'null' : made;
}

function exampleOf(schema: Schema, ctx: EmitContext, depth: number, seen: ReadonlySet<string>): string | undefined {
  switch (schema.kind) {
    case 'string':
      return schema.format === 'uuid'
        ? "'00000000-0000-0000-0000-000000000000'"
        : schema.format === 'date-time'
          ? "'2024-01-01T00:00:00Z'"
          : "'…'";
    case 'number':
      return schema.exact === 'bigint' ? '1n' : schema.exact === 'string' ? "'1'" : '1';
    case 'boolean':
      return 'true';
    case 'null':
      return 'null';
    case 'binary':
      return 'new Uint8Array([/* bytes */])';
    case 'literal':
      return typeof schema.value === 'object' && schema.value !== null
        ? JSON.stringify(schema.value)
        : exampleLiteral(schema.value);
    case 'enum':
      return exampleLiteral(schema.values[0] ?? null);
    case 'array':
      return depth > 2 ? '[]' : `[${exampleValue(schema.items, ctx, depth + 1, seen) ?? ''}]`;
    case 'tuple': {
      const items = schema.items.slice(0, schema.required).map((item) => exampleValue(item, ctx, depth + 1, seen));
      return items.some((i) => i === undefined) ? undefined : `[${items.join(', ')}]`;
    }
    case 'ref': {
      const target = ctx.schemaById.get(schema.target);
      if (!target || seen.has(schema.target)) return undefined;
      return exampleValue(target.schema, ctx, depth, new Set([...seen, schema.target]));
    }
    case 'union': {
      const d = schema.discriminator?.mapping[0];
      if (d)
        return objectExample([{ kind: 'ref', target: d.target }], ctx, {
          depth,
          seen,
          fixed: [schema.discriminator!.property, d.value],
        });
      for (const member of schema.members) {
        const made = exampleValue(member, ctx, depth, seen);
        if (made !== undefined) return made;
      }
      return undefined;
    }
    case 'object':
    case 'intersection':
      return objectExample([schema], ctx, { depth, seen });
    default:
      return '{}';
  }
}

/** The properties of objects, refs to objects and intersections of them, flattened (first declaration wins). */
function propertiesOf(schemas: Schema[], ctx: EmitContext, seen: Set<string>): Property[] {
  const out: Property[] = [];
  for (const schema of schemas) {
    if (schema.kind === 'ref' && !seen.has(schema.target)) {
      seen.add(schema.target);
      const target = ctx.schemaById.get(schema.target);
      if (target) out.push(...propertiesOf([target.schema], ctx, seen));
    } else if (schema.kind === 'intersection') out.push(...propertiesOf(schema.members, ctx, seen));
    else if (schema.kind === 'object') out.push(...schema.properties);
  }
  return out.filter((p, i) => out.findIndex((q) => q.name === p.name) === i);
}

function objectExample(
  schemas: Schema[],
  ctx: EmitContext,
  at: { depth: number; seen: ReadonlySet<string>; fixed?: [string, string] },
): string | undefined {
  const seen = new Set(at.seen);
  const props = propertiesOf(schemas, ctx, seen);
  const parts: string[] = [];
  let optional = 0;
  for (const p of props) {
    if (at.fixed && p.name === at.fixed[0]) continue;
    if (!p.required && (at.depth > 1 || optional >= 3)) continue;
    const value = exampleValue(p.schema, ctx, at.depth + 1, seen);
    if (value === undefined) {
      if (p.required) return undefined;
      continue;
    }
    if (!p.required) optional++;
    parts.push(`${propertyKey(p.name)}: ${value}`);
  }
  if (at.fixed) parts.unshift(`${propertyKey(at.fixed[0])}: ${exampleLiteral(at.fixed[1])}`);
  return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
}

function paramExample(p: Parameter, ctx: EmitContext): string {
  return `${propertyKey(p.propName!)}: ${exampleValue(p.schema, ctx, 1) ?? "'…'"}`;
}

/** The params argument of an example call: the required parameters and the body, or '' when none. */
function exampleArgs(op: Operation, ctx: EmitContext): string {
  const { body } = resolvedOf(op);
  const parts = op.parameters.filter((p) => p.required).map((p) => paramExample(p, ctx));
  if (body) parts.push(`body: ${exampleValue(body.schema, ctx) ?? '{}'}`);
  return parts.length === 0 ? '' : `{ ${parts.join(', ')} }`;
}

/** A client method call (`client.fn(params)`) or a standalone one (`fn(core, params)`). */
function operationExample(op: Operation, ctx: EmitContext, style: 'client' | 'standalone' = 'client'): string {
  const args = exampleArgs(op, ctx);
  const fn = op.functionName!;
  const target =
    style === 'client' ? `client.${fn}(${args})` : `${fn}(${['core', args].filter((a) => a !== '').join(', ')})`;
  const { delivery } = resolvedOf(op).result;
  if (delivery === 'subscription') return `for await (const event of ${target}) console.log(event);`;
  if (delivery === 'sse') return `for await (const { event, data } of ${target}) console.log(event, data);`;
  return delivery === 'none' ? `await ${target};` : `const result = await ${target};`;
}

/**
 * An import of runtime exports for a snippet, under their usual names even where the package exports them
 * under another (a schema took the name): every snippet type-checks as a reader pastes it.
 */
function importLine(api: Api, pkg: string, names: readonly string[]): string {
  const alias = new Map((api.runtimeAliases ?? []).map((a) => [a.name, a.alias]));
  const specifiers = names.map((n) => (alias.has(n) ? `${alias.get(n)!} as ${n}` : n));
  return `import { ${specifiers.join(', ')} } from '${pkg}';`;
}

const cell = (text: string | undefined) => (text ?? '').replace(/\|/g, '\\|').replace(/[\r\n\u2028\u2029]+/g, ' ');

export function readme(ctx: EmitContext, options: { name: string; sources: string[]; withInt64: boolean }): string {
  const { api } = ctx;
  const lines: string[] = [];
  const push = (...xs: string[]) => lines.push(...xs);
  push(`<!-- ${bannerText(options.sources)} -->`, '', `# ${options.name}`, '');
  push(
    `Typed TypeScript client for **${cell(api.info.title)}** ${cell(api.info.version)}, generated by codegen. No runtime dependencies: it uses the platform's \`fetch\`${api.channels.length > 0 ? ' and `WebSocket` (or the optional `ws` package on Node 20)' : ''}.`,
    '',
  );
  push('## Setup', '', '```ts', importLine(api, options.name, ['createClient']), '', 'const client = createClient({');
  push(
    `  baseUrl: ${singleQuoted(api.servers[0]?.url ?? 'https://api.example.com')}, // default: the spec's first server`,
  );
  push(
    '  token: async () => process.env.API_TOKEN, // string or function, called before every request',
    '  timeoutMs: 30_000,',
    '});',
    '```',
    '',
  );
  const standalone = api.operations.find((o) => !o.websocketChannel);
  if (standalone) {
    push(
      'Every operation is a method of the client and also a standalone function that takes the client core first, so a bundler keeps only what you import. The lean core, `createClientCore`, sends each call once; `createExtendedCore(config)` takes the same config as `createClient` and adds what its clients have (retries, deadlines, hooks, token refresh):',
      '',
      '```ts',
      importLine(api, options.name, ['createClientCore', standalone.functionName!]),
      '',
      `const core = createClientCore({ baseUrl: ${singleQuoted(api.servers[0]?.url ?? 'https://api.example.com')}, token: 'my-token' });`,
      operationExample(standalone, ctx, 'standalone'),
      '```',
      '',
    );
  }
  if (api.servers.length > 0) {
    push('Servers listed by the spec:', '');
    for (const s of api.servers) push(`- \`${s.url}\`${s.description ? ` — ${cell(s.description)}` : ''}`);
    push('');
  }
  push('## Operations', '', '| Method | Function | Route | Summary |', '| --- | --- | --- | --- |');
  for (const op of api.operations)
    push(`| ${op.method.toUpperCase()} | \`${op.functionName!}\` | \`${cell(op.path)}\` | ${cell(op.summary)} |`);
  push('');
  const groups = [...new Set(api.operations.map((o) => o.group!))];
  for (const group of groups) {
    const tag = api.operations.find((o) => o.group === group)!.tags[0];
    push(`### ${tag ?? group}`, '');
    const description = api.tags.find((t) => t.name === tag)?.description;
    if (description) push(cell(description), '');
    for (const op of api.operations.filter((o) => o.group === group)) {
      push(
        `#### \`${op.functionName!}\``,
        '',
        `\`${op.method.toUpperCase()} ${op.path}\`${op.summary ? ` — ${cell(op.summary)}` : ''}`,
        '',
      );
      push('```ts', operationExample(op, ctx));
      if (op.pagination)
        push(
          `for await (const item of client.${op.pagination.iteratorName!}(${exampleArgs(op, ctx)})) console.log(item);`,
        );
      push('```', '');
      const socket = op.websocketChannel && api.channels.find((c) => c.id === op.websocketChannel);
      if (socket && socket.functionName !== op.functionName)
        push(
          `This route upgrades to the WebSocket that the AsyncAPI document describes as \`${socket.functionName!}\` (see Realtime below): \`${op.functionName!}\` is the same function, typed by that document. Use either name; there is one socket.`,
          '',
        );
    }
  }
  const paged = api.operations.filter((o) => o.pagination);
  if (paged.length > 0) {
    push('## Pagination', '');
    push(
      'Operations that page with a cursor also come as an async iterator over all items, which follows the cursor until the server returns none:',
      '',
    );
    for (const op of paged)
      push(
        `- \`${op.pagination!.iteratorName!}\` walks \`${op.functionName!}\` (\`${op.pagination!.itemsField}\` items, \`${op.pagination!.cursorParam}\` cursor)`,
      );
    push('');
  }
  const overlaid = api.operations.filter((o) => o.overlay !== undefined);
  if (overlaid.length > 0) {
    push('## Operations from overlays', '', 'These operations are not in the vendor spec; an overlay added them:', '');
    for (const op of overlaid)
      push(`- \`${op.functionName!}\` (\`${op.method.toUpperCase()} ${op.path}\`), from \`${op.overlay!}\``);
    push('');
  }
  // The examples of errors and raw responses need a plain request (not a stream or a socket).
  const standaloneOp = api.operations.find((o) => !['subscription', 'sse'].includes(resolvedOf(o).result.delivery));
  push(...errorsSection(standaloneOp, ctx, options.name));
  if (standaloneOp) push(...applicationSection(standaloneOp, ctx, options.name));
  const streamOp = api.operations.find((o) => resolvedOf(o).result.delivery === 'sse');
  if (streamOp) push(...eventStreamSection(streamOp, ctx));
  push(...validationSection(ctx, options.name, standaloneOp));
  push(...fakeSection(ctx, options.name));
  push(...int64Section(api, options.name, options.withInt64));
  if (api.runtimeAliases) push(...renamedSection(api.runtimeAliases));
  if (api.channels.length > 0) push(...subscriptionSection(ctx, options.name));
  return lines.join('\n');
}

/** The validators entry and the client's `validate`, with the API's first schema and operation. */
function validationSection(ctx: EmitContext, name: string, op: Operation | undefined): string[] {
  const named = ctx.api.schemas.find((s) => !s.id.endsWith('#write'));
  const lines = [
    '## Validation',
    '',
    `\`${name}/validators\` checks values against what the spec says, beyond what types can say (formats, bounds, patterns, lengths, \`oneOf\`, \`additionalProperties\`), with no dependency. An app that does not import it pays nothing for it.`,
    '',
    "- `validators`: a [Standard Schema](https://standardschema.dev) validator for each schema type, by its name (the sent shape of a type with read-only or 64-bit integer fields is `<Name>Input`): it plugs into anything that accepts Standard Schema (form libraries, tRPC, TanStack Form, Hono). `responses` has one for each operation's result, `events` one for what each channel receives.",
    "- `createClient({ validate, validation })`: `'warn'` logs each distinct issue once (on the console) and delivers the data; `'throw'` fails the call with a `ValidationError` (`operation` or `channel`, `status`, `issues` with their paths; for an error body, `cause` is the `ApiError`) and also checks request bodies and sent messages before they leave. A received event that fails goes to the stream's error channel and the stream goes on. Override per call or per subscription with `{ validate }`. Default `'off'`, which costs nothing.",
    '',
  ];
  if (!named && !op) return lines;
  return [
    ...lines,
    '```ts',
    importLine(ctx.api, name, ['createClient', 'ValidationError']),
    `import { validation, validators } from '${name}/validators';`,
    '',
    ...(named
      ? [
          `const result = validators.${named.typeName!}['~standard'].validate(JSON.parse('{}'));`,
          "if (result.issues) for (const issue of result.issues) console.log(issue.path.join('.'), issue.message);",
          '',
        ]
      : []),
    `const checked = createClient({ validate: 'throw', validation });`,
    ...(op
      ? [
          'try {',
          `  await checked.${op.functionName!}(${exampleArgs(op, ctx) || '{}'}, { validate: 'warn' });`,
          '} catch (error) {',
          '  if (error instanceof ValidationError) console.error(error.issues);',
          '}',
        ]
      : []),
    '```',
    '',
  ];
}

/** The mocks entry's fake data, with the API's first schema. */
function fakeSection(ctx: EmitContext, name: string): string[] {
  const named = ctx.api.schemas.find((s) => !s.id.endsWith('#write'));
  if (!named) return [];
  return [
    '## Fake data',
    '',
    `\`${name}/mocks\` makes test data: \`fake.<Type>({ seed })\` for each schema type, the same value for the same seed, valid against its validator (formats, enums, bounds and lengths, discriminated unions tagged, 64-bit integers as the client delivers them, recursion bounded by \`depth\`). Where the spec gives an example that is valid, that is the value; a pattern is honoured only through such an example (a type no attempt satisfies throws, naming the issue).`,
    '',
    '```ts',
    `import { fake } from '${name}/mocks';`,
    '',
    `const sample = fake.${named.typeName!}({ seed: 7 });`,
    `const another = fake.${named.typeName!}({ seed: 8, depth: 1 });`,
    '```',
    '',
    ...mswSection(ctx, name),
  ];
}

/** The MSW handlers of the mocks entry (`"mocks": true`), with the API's first JSON operation and channel. */
function mswSection(ctx: EmitContext, name: string): string[] {
  if (!ctx.api.runtimeParts?.msw) return [];
  const op = ctx.api.operations.find((o) => resolvedOf(o).result.delivery === 'json');
  const channel = ctx.api.channels.find((c) => !c.untyped && c.functionName && c.receives.length > 0);
  const errorStatus = op ? resolvedOf(op).errors.find((e) => e.typed && /^\d+$/.test(e.status)) : undefined;
  return [
    '## Mocks (MSW)',
    '',
    `With \`"mocks": true\` in codegen.config.json, \`${name}/mocks\` has [MSW](https://mswjs.io) handlers (msw is an optional peer dependency: your tests install it). \`handlers\` answers every operation that returns JSON with fake data; \`mock<Operation>(answer)\` answers one with your typed data, or a resolver of the request (\`params\` by their spec names, \`query\`, \`body\`) that returns data or \`new MockError(status, body)\` with a declared error body. A channel's \`mock<Subscribe>(events)\` sends those events (default: three fake ones) to each client that connects, \`send(event)\` pushes more, a request of the channel's request/reply operations is answered with its typed reply (the correlation id copied from the request), and \`onMessage\`, when given, sees what clients send instead. MSW intercepts the platform's WebSocket: on Node 20, which has none, call \`provideWebSocket()\` before the server listens (it makes the \`ws\` package's class the global one).`,
    '',
    '```ts',
    "import { setupServer } from 'msw/node';",
    `import { handlers, MockError${op ? `, ${mockName(op.functionName!)}` : ''}${channel ? `, ${mockName(channel.functionName!)}` : ''}, provideWebSocket } from '${name}/mocks';`,
    '',
    'await provideWebSocket();',
    ...(channel ? [`const channel = ${mockName(channel.functionName!)}();`] : []),
    `const server = setupServer(...handlers${channel ? ', channel.handler' : ''});`,
    'server.listen();',
    ...(op && errorStatus
      ? [`server.use(${mockName(op.functionName!)}(() => new MockError(${errorStatus.status}, JSON.parse('{}'))));`]
      : []),
    '```',
    '',
  ];
}

/** Hooks, token refresh and the raw response, with one example each (the API's first operation). */
function applicationSection(op: Operation, ctx: EmitContext, name: string): string[] {
  const args = exampleArgs(op, ctx) || '{}';
  return [
    '## Hooks, token refresh, the raw response',
    '',
    "- Hooks see every call: `onRequest(request, context)` before each attempt (it may change `url`, `method`, `headers`, `body`), `onResponse(response, context)` after each response (it may return another `Response`), `onError(error, context)` once with the error the call then throws. `context` has `operation`, `operationId`, `attempt` and the call's `idempotencyKey`. The client's hooks (`createClient({ hooks })`) run first, then the call's (`{ hooks }` in its options), each in the order given; a hook that throws fails the call.",
    '- Token refresh: when `token` (or `apiKey`) is a function and a secured operation gets a 401, the client calls it once more with `{ rejected }` (the token the server refused) and replays the call once, with the same idempotency key. It never loops, and a body that is a stream is not replayed (the error says so). A static token is never replayed.',
    "- These come with clients from `createClient`. Standalone functions get them from a core made by `createExtendedCore(config)`; `createClientCore(config)` is the lean core, for the smallest bundles, without them and without retries or deadlines: it sends each call once, and refuses `hooks`, `retry` and `timeoutMs` (a type error in its config, an `UnsupportedOptionError` in a call's options).",
    '- `withResponse(call, params, options)` resolves to `{ data, response, idempotencyKey }`: the typed data, the `Response` (status, headers such as `ETag`, `Location` or rate limits), and the idempotency key the call sent. For an operation whose spec declares no response body, `data` is whatever the server sent (parsed JSON, or text), typed `unknown`.',
    '- Errors print compactly (`console.error(error)` shows the status, operation, URL and body, not the whole `Response`, which stays on `error.response`), `JSON.stringify(error)` gives the same fields, and an API key sent in the query shows as `REDACTED`. A secured operation called without credentials (no `token`, or a function that returned `undefined`) is sent without them (the server decides); the client warns once, on the console.',
    '',
    '```ts',
    importLine(ctx.api, name, ['createClient', 'withResponse']),
    '',
    '// Your own token store:',
    'declare function currentToken(): string | undefined;',
    'declare function refreshToken(): Promise<string>;',
    '',
    'const client = createClient({',
    '  token: async ({ rejected } = {}) => (rejected ? await refreshToken() : currentToken()),',
    '  hooks: [{ onRequest: (request, { operation }) => void (request.headers["x-request-id"] = `${operation}-${Date.now()}`) }],',
    '});',
    `const { data, response } = await withResponse(client.${op.functionName!}, ${args});`,
    "console.log(response.status, response.headers.get('etag'), data);",
    '```',
    '',
  ];
}

/** Server-sent events, with the API's first event-stream operation as the example. */
function eventStreamSection(op: Operation, ctx: EmitContext): string[] {
  const args = exampleArgs(op, ctx);
  return [
    '## Server-sent events',
    '',
    "An operation that answers `text/event-stream` returns an `EventStream`, the same shape as a WebSocket subscription: `for await` over `{ event, data, id }` (`data` typed by the spec: parsed JSON, or text where the spec says string), handlers (`on(name, handler)`, `onEvent`, `onError`, `onLifecycle`), `state`, `stats` and `close()`. When the stream ends or fails it reconnects, sending `Last-Event-ID` and waiting the server's `retry:` (else the backoff: `reconnect: { ... }` or `false`). It stops on `close()`, on your `signal`, when the server answers 204, and on 401, 403 or 404. Events wait in a bounded buffer (`bufferSize`, default 1000; `overflow`: `'drop-oldest'`, `'drop-newest'` or `'error'`). Pass `lastEventId` to resume where an earlier stream stopped (`stream.lastEventId`). Each (re)connect is a call like any other: the client's hooks (and `hooks` in the options) see it, a 401 asks your `token` function again once (with `{ rejected }`), `timeoutMs` bounds the wait for the response, and an operation's idempotency key is sent.",
    '',
    '```ts',
    `const stream = client.${op.functionName!}(${args}, { signal: AbortSignal.timeout(60_000) });`,
    'for await (const { event, data, id } of stream) console.log(event, id, data);',
    '```',
    '',
  ];
}

/** How exact integers are delivered, when the spec has any (the int64 pass marked them). */
function int64Section(api: Api, pkg: string, exportsHelper: boolean): string[] {
  const as = api.exactIntegers;
  if (!as) return [];
  return [
    '## 64-bit integers',
    '',
    as === 'bigint'
      ? 'Fields the spec types as `int64` or `uint64` are `bigint`s, read from the response text digit for digit (`JSON.parse` would round anything beyond 2^53) and sent back as exact JSON numbers. Where the client sends one (parameters, request bodies, sent messages) it takes a `bigint` or a `number` (`5n` or `5`); a `number` beyond 2^53 has already lost digits, and is refused with a `RangeError` before anything is sent. Other numbers are `number`s as usual. (`"int64": "string"` in codegen.config.json delivers decimal strings instead; `"number"` plain, rounding numbers.)'
      : 'Fields the spec types as `int64` or `uint64` are decimal strings, read from the response text digit for digit (`JSON.parse` would round anything beyond 2^53) and sent back as exact JSON numbers; where the client sends one it also takes a safe-integer `number`. Other numbers are `number`s as usual. (`"int64": "bigint"` in codegen.config.json delivers `bigint`s instead.)',
    '',
    ...(as === 'bigint' && exportsHelper
      ? [
          '`JSON.stringify` throws on a `bigint`: to log, cache or forward what the client delivered, use `stringifyExact`, which writes bigints as exact JSON numbers.',
          '',
          '```ts',
          importLine(api, pkg, ['stringifyExact']),
          '',
          'console.log(stringifyExact({ id: 9007199254740993n, name: \'x\' })); // {"id":9007199254740993,"name":"x"}',
          '```',
          '',
        ]
      : []),
  ];
}

/** The runtime exports this package exports under other names, because the spec's schemas took theirs. */
function renamedSection(aliases: { name: string; alias: string }[]): string[] {
  return [
    '## Renamed runtime exports',
    '',
    "The spec's schema types keep their names. These client exports share a name with one of them, so the package exports them under another name (the text above uses their usual names):",
    '',
    ...aliases.map(({ name, alias }) => `- \`${name}\` is exported as \`${alias}\``),
    '',
  ];
}

function errorsSection(op: Operation | undefined, ctx: EmitContext, name: string): string[] {
  return [
    '## Errors, timeouts, retries',
    '',
    '- A non-2xx response throws `ApiError` with `status`, the parsed `body`, `operationId`, `method`, `url` and the `Response`. `declared` says whether the operation\'s spec declares that status (itself, its range or `default`). `isOperationError(error, name)` (the method name) is true for such a declared error of that operation and narrows it to a union by `status`: checking `error.status === 404` narrows `body` to what the spec declares for 404, or the text when the response was not JSON (a proxy\'s HTML page), or `undefined` when it had none. Other statuses (a gateway\'s 502) stay plain `ApiError`s. The message reads the usual error bodies (`{"errors": [...]}`, `{"error": "..."}`, `{"message": "..."}`).',
    '- `TimeoutError`: the call took longer than `timeoutMs` (client-wide or per call; the deadline covers retries; clients from `createClient` and cores from `createExtendedCore`). `RequestAbortedError`: your `signal` fired. `NetworkError`: fetch failed. Each carries the underlying `cause`; all four extend `RequestError` (`operationId`, `operation` (the method name), `method`, `url`), and none of them ever contains your token.',
    '- Retries (clients from `createClient` and cores from `createExtendedCore`; the lean core sends each call once): idempotent requests (GET, HEAD, PUT, DELETE, and any request that carries an idempotency key) are retried on network errors, 429, 502, 503 and 504, up to 3 times, with exponential backoff and full jitter, honouring `Retry-After`. Configure with `retry: { retries, baseDelayMs, maxDelayMs, statuses }`, or switch off with `retry: false`.',
    "- Idempotency keys: when an operation declares an `idempotency-key` header and you pass none, the client generates a random key for the call, so that its retries are executed at most once by the server; every attempt of one call sends the same key. Pass your own key to deduplicate across calls, or set `idempotencyKeys: 'off'`.",
    "- Binary responses resolve to a `Uint8Array`; pass `{ binaryAs: 'stream' }` to get the `ReadableStream` instead.",
    '',
    ...(op ? errorsExample(op, ctx, name) : []),
  ];
}

/** Catching the errors of a call, with a real operation of the API. */
function errorsExample(op: Operation, ctx: EmitContext, name: string): string[] {
  const args = exampleArgs(op, ctx) || '{}';
  const declaresErrors = resolvedOf(op).errorStatuses.length > 0;
  return [
    '```ts',
    importLine(ctx.api, name, ['ApiError', 'TimeoutError', ...(declaresErrors ? ['isOperationError'] : [])]),
    '',
    'const controller = new AbortController();',
    'try {',
    `  await client.${op.functionName!}(${args}, { timeoutMs: 5_000, signal: controller.signal });`,
    '} catch (error) {',
    ...(declaresErrors
      ? [
          `  if (isOperationError(error, ${singleQuoted(op.functionName!)}) && typeof error.body === 'object') console.error(error.status, error.body);`,
          '  else if (error instanceof ApiError) console.error(error.status, error.body);',
        ]
      : ['  if (error instanceof ApiError) console.error(error.status, error.body);']),
    "  else if (error instanceof TimeoutError) console.error('timed out');",
    '}',
    '```',
    '',
  ];
}

/** A message of the kind the client sends, with its tag when the channel tells kinds apart by one. */
function exampleMessage(message: Message | undefined, ctx: EmitContext): string {
  if (!message) return '{}';
  const tag = message.tag;
  if (tag)
    return (
      objectExample([message.payload], ctx, { depth: 0, seen: new Set(), fixed: [tag.property, tag.values[0]!] }) ??
      '{}'
    );
  return exampleValue(message.payload, ctx) ?? '{}';
}

function channelExample(channel: Channel, ctx: EmitContext): string[] {
  const params = channel.parameters.map((p) => `${propertyKey(p.propName!)}: '…'`).join(', ');
  const args = channel.parameters.length > 0 ? `{ ${params} }` : '';
  const d = channel.discriminator;
  const first = d?.values[0];
  const lines = [
    `### \`${channel.functionName!}\``,
    '',
    `\`${channel.address || channel.id}\`${channel.summary ? ` — ${cell(channel.summary)}` : ''}`,
    '',
    '```ts',
  ];
  if (!channel.outgoingTypeName) {
    lines.push(
      `const subscription = client.${channel.functionName!}(${args});`,
      '',
      '// Either iterate:',
      'for await (const event of subscription) {',
      ...(channel.untyped || !d
        ? []
        : [
            d && 'key' in d
              ? `  if (${exampleLiteral(first!)} in event) console.log(event[${exampleLiteral(first!)}]); // narrowed by its key`
              : "  if (event.type === '$unknown') continue; // a kind the spec does not list, with its raw data",
          ]),
      '  console.log(event);',
      '}',
      '',
      '// or attach handlers:',
      ...(first !== undefined ? [`subscription.on(${exampleLiteral(first)}, (event) => console.log(event));`] : []),
      `subscription.onEvent((event) => console.log(event));`,
      'subscription.onError((error) => console.warn(error)); // malformed frames, rejected handshakes',
      'subscription.onLifecycle((e) => console.log(e.type)); // connecting, open, reconnecting, closed',
      'subscription.close();',
      '```',
      '',
    );
    return lines;
  }
  const request = channel.requests[0];
  lines.push(
    `const connection = client.${channel.functionName!}(${args});`,
    '',
    '// Send what the spec lets the client send (queued in order while the socket opens):',
    `await connection.send(${exampleMessage(channel.sends[0], ctx)});`,
    '',
  );
  if (request)
    lines.push(
      `// Request/reply: waits for the matching reply${request.correlation ? ` (by \`${request.correlation.request.join('.')}\`, filled in when left out)` : ''}:`,
      `const reply = await connection.request(${singleQuoted(request.operationId)}, ${exampleMessage(request.request[0], ctx)}, { timeoutMs: 5_000 });`,
      '',
    );
  lines.push(
    '// Receive what the server sends:',
    ...(first !== undefined ? [`connection.on(${exampleLiteral(first)}, (event) => console.log(event));`] : []),
    'for await (const event of connection) console.log(event);',
    '```',
    '',
  );
  return lines;
}

function subscriptionSection(ctx: EmitContext, pkg: string): string[] {
  const { api } = ctx;
  const live = api.channels.filter((c) => c.transport === 'websocket');
  const lines: string[] = ['## Realtime (WebSocket)', ''];
  if (api.perspective)
    lines.push(
      api.perspective === 'server'
        ? "The AsyncAPI document was read as describing the server: what it sends (`send`, v2 `subscribe`) this client receives, and what it receives (`receive`, v2 `publish`) this client sends. If it describes the client, generate with `perspective: 'client'`."
        : "The AsyncAPI document was read as describing the client (`perspective: 'client'`): what it sends (`send`, v2 `subscribe`) this client sends, and what it receives (`receive`, v2 `publish`) this client receives.",
      '',
    );
  for (const channel of live) lines.push(...channelExample(channel, ctx));
  const typesOnly = api.channels.filter((c) => c.transport !== 'websocket');
  for (const channel of typesOnly)
    lines.push(
      `- \`${channel.id}\` is served over ${channel.protocols.map((p) => `\`${p}\``).join(', ')}, which codegen does not implement: only its message types are generated (\`${channel.eventTypeName!}\`${channel.outgoingTypeName ? `, \`${channel.outgoingTypeName}\`` : ''}).`,
    );
  if (typesOnly.length > 0) lines.push('');
  if (live.length === 0) return lines;
  const first = live[0]!;
  const args =
    first.parameters.length > 0
      ? `{ ${first.parameters.map((p) => `${propertyKey(p.propName!)}: '…'`).join(', ')} }`
      : '{}';
  lines.push(
    '### In Node',
    '',
    '```ts',
    importLine(api, pkg, ['createClient']),
    '',
    '// Node 22+ has a WebSocket; on Node 20: npm i ws (loaded only when needed).',
    'declare function getToken(): Promise<string>; // your own',
    `const client = createClient({ ${api.servers[0] ? `baseUrl: ${singleQuoted(api.servers[0].url)}, ` : ''}token: () => getToken() });`,
    `const subscription = client.${first.functionName!}(${args}, { signal: AbortSignal.timeout(3_600_000) });`,
    'for await (const event of subscription) console.log(event);',
    '```',
    '',
    '### In a browser',
    '',
    '```ts',
    importLine(api, pkg, ['createClient']),
    '',
    '// Browsers cannot send an Authorization header with a WebSocket handshake: rely on a cookie session,',
    '// or have your backend issue a short-lived ticket and add it to the URL yourself.',
    'declare function fetchTicket(): Promise<string>; // your own',
    'declare function render(event: unknown): void; // your own',
    `const client = createClient(${api.servers.length > 0 ? '{ baseUrl: location.origin }' : ''});`,
    `const subscription = client.${first.functionName!}(${args}, {`,
    '  url: async (url) => `${url}?ticket=${await fetchTicket()}`,',
    '});',
    'subscription.onEvent((event) => render(event));',
    '```',
    '',
  );
  const servers = [...new Map(live.flatMap((c) => c.servers.map((s) => [s.url, s]))).values()];
  lines.push(
    "The URL is the client's `baseUrl` (with `http` turned into `ws`, `https` into `wss`) when it has one, else the channel's first server (or the one named in `server`), its `{variables}` filled from `serverVariables` or the spec's defaults; then the channel address with percent-encoded parameters, joined with exactly one `/`.",
    ...(servers.length > 0
      ? [
          '',
          "The spec's WebSocket servers are:",
          '',
          ...servers.map(
            (s) => `- \`${s.name ?? s.url}\`: \`${s.url}\`${s.description ? ` — ${cell(s.description)}` : ''}`,
          ),
        ]
      : []),
    '',
    "- **Transport.** The platform's `WebSocket` is used where there is one (browsers, Node 22+); on Node 20 install the optional peer `ws` (`npm i ws`), which is loaded only then; or pass `WebSocket` in the options.",
    '- **Node authentication.** The token is sent in the `Authorization: Bearer` header of the handshake; the token function is called again on every reconnect.',
    '- **Browser authentication.** Browsers cannot set headers on a WebSocket handshake. Use a cookie session on the same site, or pass `url: (url) => …` to add a short-lived ticket your backend issues, or `protocols` to send one as a subprotocol. The client never puts your token into the URL by itself.',
    '- **Reconnection.** A dropped connection is reopened with exponential backoff and full jitter (`reconnect: { maxAttempts, maxElapsedMs, baseDelayMs, maxDelayMs, stableAfterMs }`; `reconnect: false` disables it). A handshake rejected with 401, 403 or 404 is not retried: it ends the subscription with a `SubscriptionError` carrying `status` (where the platform exposes it).',
    "- **Liveness.** A quiet stream is fine as long as the server's keep-alive pings arrive: no message and no ping for `idleTimeoutMs` (default 60 s) means the connection is dead, and it is dropped and reopened. With `ws` (Node 20) and Node's own WebSocket (22+) pings are seen, so a dead connection is noticed after `idleTimeoutMs`. Browsers answer pings without telling the page: there the idle timer is off by default and a dead connection is noticed when the browser's TCP stack gives up; set `idleTimeoutMs` in a browser only if the server sends messages at least that often.",
    "- **Frames.** Text and binary frames alike carry one JSON object (binary as UTF-8). Invalid JSON, binary frames that are not UTF-8 and payloads that are not objects are reported through `onError` as `MalformedFrameError` with the raw data; the stream goes on. An event of a kind the spec does not list arrives as `{ type: '$unknown', originalType, data }`, never dropped. `stats` counts received, delivered, malformed, dropped and sent frames and reconnects.",
    "- **Slow consumers.** A `for await` loop has a buffer of `bufferSize` events (default 1000), which also keeps the events that arrive before the loop begins (such as a greeting sent on open). When it is full, `overflow: 'drop-oldest'` (default) drops the oldest, `'drop-newest'` the newest, and `'error'` ends the loop with a `BufferOverflowError`.",
    ...(live.some((c) => c.outgoingTypeName)
      ? [
          '- **Sending.** `send(message)` writes the message as JSON text; while the socket is (re)connecting, messages wait in order and go out once it is open. It rejects once the connection has ended.',
          "- **Request/reply.** `request(operation, message, { timeoutMs, signal })` sends the request and resolves with the first reply of the kinds the spec lists that carries the same correlation id (the spec's `correlationId` location; the client fills in a fresh id when you leave it out), else the first such reply. It rejects with `ReplyTimeoutError` after `timeoutMs` (default `replyTimeoutMs`, 30 s) and with a `SubscriptionError` when the connection drops first. Replies are delivered as events too.",
        ]
      : []),
    '- **Ending.** `close()`, the `signal`, or leaving a `for await` loop closes the socket; no reconnect follows.',
    '',
  );
  return lines;
}
