/**
 * The `<package>/mocks` entry (shipped as `src/mocks.js` and `.d.ts`, see keyed.ts): fake data for tests and
 * fixtures. A compact table of the named schemas (the IR's shapes, references by type name, the spec's
 * examples) that the runtime's faker reads, and `fake.<Type>({ seed })` for each schema type, checked against
 * the validators.
 */
import type { Checks, Schema } from '../ir/types.js';
import { patternSamples } from './pattern-samples.js';
import { bannerText, type EmitContext, type EmittedFiles } from './context.js';
import { runtimePath } from './runtime-symbols.js';
import { propertyKey } from './text.js';
import { printFinal, typeOnly } from './printed.js';
import { typeWriterText, validatorTypes } from './validators.js';
import type { Operation } from '../ir/types.js';

export const MOCKS_FILE = 'src/mocks.ts';

/** The checks the faker honours. */
const FAKER_CHECKS: readonly (keyof Checks)[] = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
];

/** A schema as the faker's table writes it (see templates/runtime/fake.ts). */
function node(schema: Schema, ctx: EmitContext): Record<string, unknown> {
  const checks: Record<string, unknown> = {};
  for (const key of FAKER_CHECKS) if (schema.checks?.[key] !== undefined) checks[key] = schema.checks[key];
  const c = Object.keys(checks).length > 0 ? { c: checks } : {};
  const common = {
    ...(schema.nullable ? { n: 1 } : {}),
    // An example is JSON: where the client delivers exact integers the faker makes its own value.
    ...(schema.example !== undefined && !holdsExact(schema, ctx) ? { e: schema.example } : {}),
  };
  const of = (s: Schema) => node(s, ctx);
  switch (schema.kind) {
    case 'unknown':
    case 'binary':
    case 'null':
    case 'boolean':
      return { k: schema.kind, ...common };
    case 'string': {
      // A pattern is honoured through samples made now (the faker inverts no regular expression).
      const samples = schema.checks?.pattern ? patternSamples(schema.checks.pattern, schema.checks) : [];
      return {
        k: 'string',
        ...(schema.format ? { f: schema.format } : {}),
        ...(samples.length > 0 ? { s: samples } : {}),
        ...c,
        ...common,
      };
    }
    case 'number':
      return {
        k: 'number',
        ...(schema.integer ? { i: 1 } : {}),
        ...(schema.exact ? { x: schema.exact } : {}),
        ...(schema.format ? { f: schema.format } : {}),
        ...c,
        ...common,
      };
    case 'literal':
      return { k: 'literal', v: schema.value, ...common };
    case 'enum':
      return { k: 'enum', v: schema.values, ...common };
    case 'array':
      return { k: 'array', items: of(schema.items), ...c, ...common };
    case 'tuple':
      return {
        k: 'tuple',
        items: schema.items.map(of),
        r: schema.required,
        ...(schema.rest ? { rest: of(schema.rest) } : {}),
        ...common,
      };
    case 'object':
      return {
        k: 'object',
        p: schema.properties.map((p) => [p.name, p.required ? 1 : 0, of(p.schema)]),
        ...(schema.additional === undefined
          ? {}
          : { a: typeof schema.additional === 'boolean' ? schema.additional : of(schema.additional) }),
        ...c,
        ...common,
      };
    case 'union': {
      const d = schema.discriminator;
      const mapping = d?.mapping.flatMap((m) => {
        const target = ctx.schemaById.get(m.target);
        return target ? [[m.value, target.typeName!]] : [];
      });
      return {
        k: 'union',
        m: schema.members.map(of),
        ...(d && mapping?.length ? { d: [d.property, mapping] } : {}),
        ...common,
      };
    }
    case 'intersection':
      return { k: 'intersection', m: schema.members.map(of), ...common };
    case 'ref':
      return { k: 'ref', t: ctx.schemaById.get(schema.target)?.typeName ?? '', ...common };
  }
}

/** Whether a schema holds an exact integer (its example, JSON, would not be what the client delivers). */
function holdsExact(schema: Schema, ctx: EmitContext): boolean {
  if (schema.kind === 'number') return schema.exact !== undefined;
  if (schema.kind === 'ref') return ctx.schemaById.get(schema.target)?.holdsExact === true;
  const inner =
    schema.kind === 'array'
      ? [schema.items]
      : schema.kind === 'tuple'
        ? [...schema.items, ...(schema.rest ? [schema.rest] : [])]
        : schema.kind === 'object'
          ? [
              ...schema.properties.map((p) => p.schema),
              ...(typeof schema.additional === 'object' ? [schema.additional] : []),
            ]
          : schema.kind === 'union' || schema.kind === 'intersection'
            ? schema.members
            : [];
  return inner.some((s) => holdsExact(s, ctx));
}

/**
 * A faker table, written as JSON text that is parsed when the module loads, an entry a line: a type-checker
 * reads one string instead of megabytes of object literal checked against FakeSchema (GitHub: 6 s and 0.9 GB
 * of tsc), JSON.parse loads it faster than the literal would, and an edit still changes only its lines.
 */
function tableDeclaration(name: string, entries: readonly [string, unknown][]): string {
  const rows = entries.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(',\n');
  // In a template literal, a backslash, a backtick and `${` are escaped; JSON has no raw line breaks in strings.
  const text = `{\n${rows}\n}`.replace(/[\\`]|\$\{/g, (m) => `\\${m}`);
  return `const ${name}${typeOnly(': Record<string, FakeSchema>')} = JSON.parse(\`${text}\`);`;
}

/** `getWorkerMetadata` -> `mockGetWorkerMetadata`: the handler of an operation or a channel. */
export function mockName(functionName: string): string {
  return `mock${functionName[0]!.toUpperCase()}${functionName.slice(1)}`;
}

/** What the MSW handlers add to the mocks module: its blocks and its declarations. */
function mswParts(ctx: EmitContext): { imports: string; blocks: string[]; declarations: string[] } {
  const types = validatorTypes(ctx);
  const results: [string, unknown][] = [];
  const blocks: string[] = [];
  const declarations: string[] = [];
  const handlers: string[] = [];
  const replyChecks: string[] = [];
  // Every operation but those that open a channel (the channel's own mock answers them).
  const mocked = (op: Operation) => op.resolved!.result.delivery !== 'subscription';
  for (const op of ctx.api.operations.filter(mocked)) {
    const fn = op.functionName!;
    const result = op.resolved!.result;
    const errorType = op.resolved!.errorStatuses.length > 0 ? `OperationErrors[${JSON.stringify(fn)}]` : 'never';
    const sent = result.sent;
    // What a test answers with: what the client delivers, but for an event stream the events' data, in order.
    const eventType =
      result.delivery === 'sse' ? (result.eventData === 'json' ? typeWriterText(result.schema!, types) : 'string') : '';
    const resultType =
      result.delivery === 'sse'
        ? `readonly (${eventType})[]`
        : result.delivery === 'binary'
          ? 'Uint8Array'
          : `Awaited<ReturnType<Client[${JSON.stringify(fn)}]>>`;
    // Fake data of the declared content: a JSON result, an event's data (three events), text; seeded bytes.
    const faked = sent && result.delivery !== 'binary' ? node(sent.schema, ctx) : undefined;
    if (faked) results.push([fn, faked]);
    const fallback =
      result.delivery === 'binary'
        ? '$bytes()'
        : !faked
          ? 'undefined'
          : result.delivery === 'sse'
            ? `[1, 2, 3].map((seed) => $results.${fn}({ seed }))`
            : result.delivery === 'text'
              ? `String($results.${fn}())`
              : `$results.${fn}()`;
    const route = [
      `method: ${JSON.stringify(op.method)}`,
      `path: ${JSON.stringify(op.path)}`,
      `as: ${JSON.stringify(result.delivery)}`,
      ...(sent ? [`mediaType: ${JSON.stringify(sent.mediaType)}`] : []),
      ...(result.eventData === 'text' ? ['textEvents: true'] : []),
    ].join(', ');
    const doc = `/** MSW handler of {@link ${fn}} (\`${op.method.toUpperCase()} ${op.path}\`): the answer given, else fake data. */`;
    const signature = `(answer?: MockAnswer<${resultType}, ${errorType}>, options?: MockOptions): HttpHandler`;
    blocks.push(
      [
        doc,
        `export function ${mockName(fn)}(answer${typeOnly(`?: MockAnswer<${resultType}, ${errorType}>`)}, options${typeOnly('?: MockOptions')})${typeOnly(': HttpHandler')} {`,
        `return $route({ ${route} }, answer, () => ${fallback}${typeOnly(` as ${resultType}`)}, options);`,
        '}',
      ].join('\n'),
    );
    declarations.push(`${doc}\nexport declare function ${mockName(fn)}${signature};`);
    handlers.push(`${mockName(fn)}(),`);
  }
  for (const channel of ctx.api.channels) {
    if (channel.untyped || !channel.functionName || channel.receives.length === 0) continue;
    const fn = channel.functionName;
    const payload =
      channel.receives.length === 1
        ? channel.receives[0]!.payload
        : ({ kind: 'union', members: channel.receives.map((m) => m.payload) } as const);
    results.push([fn, node(payload, ctx)]);
    const event = typeWriterText(payload, types);
    // Each request/reply operation: how its requests are told, where the correlation id goes, its reply.
    const replySpecs = channel.requests.flatMap((r) => {
      if (r.replies.length === 0) return [];
      const key = `${fn}:${r.operationId}`;
      const reply =
        r.replies.length === 1
          ? r.replies[0]!.payload
          : ({ kind: 'union', members: r.replies.map((m) => m.payload) } as const);
      results.push([key, node(reply, ctx)]);
      replyChecks.push(`${JSON.stringify(key)}: events.${fn},`);
      const tag = r.requestTag
        ? `tag: [${JSON.stringify(r.requestTag.property)}, ${JSON.stringify(r.requestTag.values)}], `
        : '';
      const correlation = r.correlation
        ? `correlation: { request: ${JSON.stringify(r.correlation.request)}, reply: ${JSON.stringify(r.correlation.reply)} }, `
        : '';
      return [
        `{ ${tag}${correlation}reply: (seed${typeOnly(': number')}) => $results[${JSON.stringify(key)}]${typeOnly('!')}({ seed }) },`,
      ];
    });
    const doc = `/**\n * MSW handler of the channel of {@link ${fn}}: on each connection it sends \`events\` (default: three fake\n * events); \`send\` pushes more to every connected client. A request of the channel's request/reply operations\n * is answered with its typed reply, the correlation id copied; \`onMessage\`, when given, sees what clients send instead.\n */`;
    // The spec's server path comes before the address (`wss://host/ws` + `/`); the pattern matches any host.
    const serverPath = (channel.servers[0]?.url ?? '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/\/+$/, '');
    // (MSW matches a WebSocket URL without its trailing slash.)
    const route = (serverPath + (channel.address.startsWith('/') ? '' : '/') + channel.address).replace(/\/+$/, '');
    const params = `events?: readonly (${event})[], options?: { baseUrl?: string; onMessage?: (message: unknown, send: (event: ${event}) => void) => void }`;
    blocks.push(
      [
        doc,
        `export function ${mockName(fn)}(events${typeOnly(`?: readonly (${event})[]`)}, options${typeOnly(`?: { baseUrl?: string; onMessage?: (message: unknown, send: (event: ${event}) => void) => void }`)})${typeOnly(`: ChannelMock<${event}>`)} {`,
        `return $channel(${JSON.stringify(route)}, () => events ?? [1, 2, 3].map((seed) => $results.${fn}({ seed })${typeOnly(` as ${event}`)}), options${replySpecs.length > 0 ? `, [\n${replySpecs.join('\n')}\n]` : ''});`,
        '}',
      ].join('\n'),
    );
    declarations.push(`${doc}\nexport declare function ${mockName(fn)}(${params}): ChannelMock<${event}>;`);
  }
  blocks.unshift(
    tableDeclaration('$resultTable', results),
    `// The fake results, events and replies, each checked against its validator.\nconst $results = fakes($resultTable, { ...responses, ...events${replyChecks.length > 0 ? `, ${replyChecks.join(' ')}` : ''} }, table);`,
  );
  const handlersDoc =
    '/** A handler for every operation, each answering with fake data: `setupServer(...handlers)`. */';
  blocks.push(`${handlersDoc}\nexport const handlers${typeOnly(': HttpHandler[]')} = [\n${handlers.join('\n')}\n];`);
  declarations.push(`${handlersDoc}\nexport declare const handlers: HttpHandler[];`);
  const mswTypes = [
    `import type { HttpHandler } from 'msw';`,
    `import type { ChannelMock, MockAnswer, MockOptions } from '${runtimePath('mock-msw', 'src')}';`,
    `import type { Client, OperationErrors } from './client.js';`,
    `export type { ChannelMock, MockAnswer, MockOptions, MockRequest } from '${runtimePath('mock-msw', 'src')}';`,
    `export { MockError, provideWebSocket } from '${runtimePath('mock-msw', 'src')}';`,
  ].join('\n');
  declarations.unshift(mswTypes);
  return {
    imports: [
      `import { fakeBytes as $bytes, mockChannel as $channel, mockRoute as $route } from '${runtimePath('mock-msw', 'src')}';`,
      `import { events, responses } from './validators.js';`,
      typeOnly(mswTypes.split('\n').slice(0, 4).join('\n')),
      ...mswTypes.split('\n').slice(4),
    ].join('\n'),
    blocks,
    declarations,
  };
}

export function emitMocks(out: EmittedFiles, ctx: EmitContext, sources: string[]): void {
  const names = ctx.api.schemas.map((s) => s.typeName!);
  const rows = ctx.api.schemas.map((s): [string, unknown] => [s.typeName!, node(s.schema, ctx)]);
  const types = [
    `import type { Fake, FakeSchema } from '${runtimePath('fake', 'src')}';`,
    `import type * as T from './schemas.js';`,
  ].join('\n');
  const fakesType = [
    '/** The type of {@link fake}. */',
    'export interface Fakes {',
    // A generic type a member (not a function type each): a large spec's declarations bind in a quarter of the time.
    ...names.map((name) => `readonly ${propertyKey(name)}: Fake<T.${name}>;`),
    '}',
  ].join('\n');
  const doc = `/** Fake data of each schema type, deterministic for a seed and valid against its validator: \`fake.${names[0] ?? 'Name'}({ seed: 7 })\`. */`;
  const banner = `// ${bannerText(sources)}`;
  const msw = ctx.api.runtimeParts?.msw ? mswParts(ctx) : undefined;
  // Printed in its final form, like the validators (a large spec's table is megabytes of data).
  printFinal(
    out,
    MOCKS_FILE,
    [
      [
        banner,
        `import { fakes } from '${runtimePath('fake', 'src')}';`,
        typeOnly(types),
        `import { validators } from './validators.js';`,
        ...(msw ? [msw.imports] : []),
      ].join('\n'),
      tableDeclaration('table', rows),
      typeOnly(fakesType),
      // The faker checks every value against its type's validator: the cast states what it made sure of.
      `${doc}\nexport const fake${typeOnly(': Fakes')} = fakes(table, validators)${typeOnly(' as unknown as Fakes')};`,
      ...(msw?.blocks ?? []),
    ],
    [[banner, types].join('\n'), fakesType, `${doc}\nexport declare const fake: Fakes;`, ...(msw?.declarations ?? [])],
  );
}
