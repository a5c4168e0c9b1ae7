import { describe, expect, it } from 'vitest';
import { api, channel, message, namedSchema, operation, parameter, prop, s } from '../src/ir/factory.js';
import type { Channel, EventDiscriminator, Property, Schema } from '../src/ir/types.js';
import { hoistInlineSchemas } from '../src/passes/hoist.js';
import { linkWebSocketOperations, routeKey } from '../src/passes/link-websocket.js';
import { nameApi } from '../src/passes/naming.js';
import { detectPagination } from '../src/passes/pagination.js';
import { splitReadWrite } from '../src/passes/read-write.js';
import { decideWire } from '../src/passes/wire.js';
import { resolveApi, resolveOperation } from '../src/passes/resolve.js';
import { mergeSockets, socketName } from '../src/passes/sockets.js';

describe('link-websocket pass', () => {
  const ws = channel({
    id: 'streamEvents',
    operationId: 'streamEvents',
    address: '/things/{thing_id}/connect',
    receives: [message({ name: 'Event', payload: s.object() })],
  });
  it('links a 101 operation to the channel with the same route', () => {
    const result = linkWebSocketOperations(
      api({
        channels: [ws],
        operations: [
          operation({
            operationId: 'connect',
            path: '/things/{id}/connect',
            responses: [{ status: '101', contents: [] }],
          }),
          operation({
            operationId: 'plain',
            path: '/things/{id}/connect',
            method: 'post',
            responses: [{ status: '200', contents: [] }],
          }),
        ],
      }),
    );
    expect(result.operations.map((o) => o.websocketChannel)).toStrictEqual(['streamEvents', undefined]);
  });
  it('compares routes regardless of parameter names', () => {
    expect(routeKey('/a/{x}/b/')).toBe(routeKey('/a/{y}/b'));
  });
});

describe('hoist pass', () => {
  it('names inline objects and enums after their position', () => {
    const input = api({
      schemas: [
        namedSchema({
          name: 'Worker',
          schema: s.object([
            prop('status', s.enum(['Running', 'Idle'])),
            prop('site', s.object([prop('host', s.string())])),
            prop('tags', s.array(s.object([prop('k', s.string())]))),
          ]),
        }),
      ],
      operations: [
        operation({
          operationId: 'upload',
          body: {
            required: true,
            contents: [{ mediaType: 'multipart/form-data', schema: s.object([prop('file', s.binary())]) }],
          },
        }),
      ],
    });
    const out = nameApi(hoistInlineSchemas(input));
    expect(out.schemas.map((x) => [x.typeName, x.schema.kind, x.source])).toStrictEqual([
      ['Worker', 'object', 'component'],
      ['WorkerStatus', 'enum', 'inline'],
      ['WorkerSite', 'object', 'inline'],
      ['WorkerTagsItem', 'object', 'inline'],
      ['UploadBody', 'object', 'inline'],
    ]);
    const worker = out.schemas[0]!.schema;
    expect(worker.kind === 'object' && worker.properties.map((p) => p.schema.kind)).toStrictEqual([
      'ref',
      'ref',
      'array',
    ]);
    expect(out.operations[0]!.body!.contents[0]!.schema).toStrictEqual({ kind: 'ref', target: out.schemas[4]!.id });
  });
  it('leaves single-value enums and empty objects inline', () => {
    const out = hoistInlineSchemas(
      api({
        schemas: [namedSchema({ name: 'A', schema: s.object([prop('x', s.enum(['only'])), prop('y', s.object())]) })],
      }),
    );
    expect(out.schemas).toHaveLength(1);
  });
});

describe('pagination pass', () => {
  const page = namedSchema({
    name: 'Page',
    schema: s.object([prop('items', s.array(s.string())), prop('cursor', s.string())]),
  });
  const listOp = (params: ReturnType<typeof parameter>[]) =>
    operation({
      operationId: 'list',
      parameters: params,
      responses: [{ status: '200', contents: [{ mediaType: 'application/json', schema: s.ref(page.id) }] }],
    });
  it('detects a cursor query parameter with a cursor beside one array', () => {
    const out = detectPagination(
      api({ schemas: [page], operations: [listOp([parameter({ name: 'cursor', in: 'query' })])] }),
    );
    expect(out.operations[0]!.pagination).toStrictEqual({
      cursorParam: 'cursor',
      cursorField: 'cursor',
      itemsField: 'items',
    });
  });
  it.each<[string, string, ReturnType<typeof s.string>, string, ReturnType<typeof s.string>, string | undefined]>([
    ['an integer position answered by next', 'from', s.integer(), 'next', s.integer(), 'next'],
    ['an integer after answered by next', 'after', s.integer(), 'next', s.integer(), 'next'],
    ['a string next (often a URL) is no cursor', 'after', s.string(), 'next', s.string(), undefined],
    ['types must agree', 'from', s.integer(), 'next', s.string(), undefined],
    ['a page token answered by nextPageToken', 'pageToken', s.string(), 'nextPageToken', s.string(), 'nextPageToken'],
  ])('%s', (_, param, paramSchema, field, fieldSchema, want) => {
    const body = namedSchema({
      name: 'Body',
      schema: s.object([prop('entries', s.array(s.string())), prop(field, fieldSchema)]),
    });
    const op = operation({
      operationId: 'list',
      parameters: [parameter({ name: param, in: 'query', schema: paramSchema })],
      responses: [{ status: '200', contents: [{ mediaType: 'application/json', schema: s.ref(body.id) }] }],
    });
    const found = detectPagination(api({ schemas: [body], operations: [op] })).operations[0]!.pagination;
    expect(found).toStrictEqual(want && { cursorParam: param, cursorField: want, itemsField: 'entries' });
  });
  it('ignores operations without a cursor parameter', () => {
    const out = detectPagination(
      api({ schemas: [page], operations: [listOp([parameter({ name: 'limit', in: 'query' })])] }),
    );
    expect(out.operations[0]!.pagination).toBeUndefined();
  });
});

describe('read/write pass', () => {
  const user = namedSchema({
    id: '#/User',
    name: 'User',
    schema: s.object([
      prop('id', s.string({ readOnly: true }), true),
      prop('name', s.string(), true),
      prop('password', s.string({ writeOnly: true }), true),
    ]),
  });
  const json = (schema: Schema) => [{ mediaType: 'application/json', schema }];
  const names = (props: Property[]) => props.map((p) => p.name);
  const propsOf = (schema: Schema) => (schema.kind === 'object' ? names(schema.properties) : schema.kind);

  it.each([
    // given: what refers to User, want: [User's properties, the variant's properties or none]
    ['a bare schema', s.ref('#/User'), ['id', 'name'], ['name', 'password']],
    ['an array', s.array(s.ref('#/User')), ['id', 'name'], ['name', 'password']],
  ])('splits a schema with read-only and write-only properties (%s)', (_, body, read, write) => {
    const out = splitReadWrite(
      api({
        schemas: [user],
        operations: [
          operation({
            operationId: 'put',
            body: { required: true, contents: json(body) },
            responses: [{ status: '200', contents: json(s.ref('#/User')) }],
          }),
        ],
      }),
    );
    expect(out.schemas.map((x) => [x.id, x.name, propsOf(x.schema)])).toStrictEqual([
      ['#/User', 'User', read],
      ['#/User#write', 'User input', write],
    ]);
    expect(JSON.stringify(out.operations[0]!.body)).toContain('"target":"#/User#write"');
    expect(out.operations[0]!.responses[0]!.contents[0]!.schema).toStrictEqual(s.ref('#/User'));
  });

  it('follows refs and allOf: a schema that only holds one that splits splits too', () => {
    const team = namedSchema({
      id: '#/Team',
      name: 'Team',
      schema: s.intersection([s.ref('#/User'), s.object([prop('size', s.integer())])]),
    });
    const plain = namedSchema({ id: '#/Plain', name: 'Plain', schema: s.object([prop('a', s.string())]) });
    const sendTeam = operation({ operationId: 'put', body: { required: true, contents: json(s.ref('#/Team')) } });
    const out = splitReadWrite(api({ schemas: [user, team, plain], operations: [sendTeam] }));
    expect(out.schemas.map((x) => x.id)).toStrictEqual(['#/User', '#/Team', '#/Plain', '#/User#write', '#/Team#write']);
    // What the client only receives needs no write shape.
    expect(splitReadWrite(api({ schemas: [user, team, plain] })).schemas.map((x) => x.id)).toStrictEqual([
      '#/User',
      '#/Team',
      '#/Plain',
    ]);
    expect(out.schemas[4]!.schema).toMatchObject({ members: [s.ref('#/User#write'), { kind: 'object' }] });
  });

  it('sends exact integers as a bigint or a number: an input shape where the schema is also received', () => {
    const entry = namedSchema({
      id: '#/Entry',
      name: 'Entry',
      schema: s.object([prop('seq', { kind: 'number', integer: true, format: 'int64', exact: 'bigint' }, true)]),
      holdsExact: true,
    });
    const put = operation({ operationId: 'put', body: { required: true, contents: json(s.ref('#/Entry')) } });
    const out = splitReadWrite(api({ schemas: [entry], operations: [put] }));
    expect(out.schemas.map((x) => [x.id, x.schema.kind === 'object' && x.schema.properties[0]!.schema])).toStrictEqual([
      ['#/Entry', { kind: 'number', integer: true, format: 'int64', exact: 'bigint' }],
      ['#/Entry#write', { kind: 'number', integer: true, format: 'int64', exact: 'bigint', acceptsNumber: true }],
    ]);
    expect(out.schemas[1]!.schema.description).toBe(
      'As the client sends it: 64-bit integers as a `bigint` or a safe-integer `number`.',
    );
  });

  it('writes an inline body that only requests use in its write shape, under its own name', () => {
    const body = namedSchema({
      id: '#/put#hoisted-1',
      name: 'put body',
      source: 'inline',
      schema: s.object([prop('etag', s.string({ readOnly: true }), true), prop('user', s.ref('#/User'))]),
    });
    const out = splitReadWrite(
      api({
        schemas: [user, body],
        operations: [operation({ operationId: 'put', body: { required: true, contents: json(s.ref(body.id)) } })],
      }),
    );
    expect(out.schemas.map((x) => [x.name, propsOf(x.schema)])).toStrictEqual([
      ['User', ['id', 'name']],
      ['put body', ['user']],
      ['User input', ['name', 'password']],
    ]);
    expect(out.schemas[1]!.schema).toMatchObject({ properties: [{ schema: s.ref('#/User#write') }] });
  });

  it('leaves an API without read-only or write-only properties as it is', () => {
    const input = api({ schemas: [namedSchema({ name: 'A', schema: s.object([prop('a', s.string())]) })] });
    expect(splitReadWrite(input)).toBe(input);
  });
});

describe('naming pass', () => {
  const msg = (name: string) => message({ name, payload: s.object() });
  it.each<[string, Partial<Channel> & { id: string; address: string }, string, string[]]>([
    [
      'the only operation id',
      { id: '/w/{id}', address: '/w/{id}', operationId: 'streamEvents', receives: [msg('E')] },
      'streamEvents',
      ['StreamEventsEvent', 'StreamEventsSubscription'],
    ],
    [
      'a v3 channel key, duplex',
      { id: 'currencyExchange', address: '/', receives: [msg('pong')], sends: [msg('ping')] },
      'connectCurrencyExchange',
      ['ConnectCurrencyExchangeOutgoing', 'ConnectCurrencyExchangeConnection'],
    ],
    [
      'a v2 address without its parameters',
      { id: '/rooms/{room}/chat', address: '/rooms/{room}/chat', receives: [msg('said')] },
      'subscribeRoomsChat',
      ['SubscribeRoomsChatEvent'],
    ],
    [
      'the API title for `/`',
      { id: '/', address: '/', receives: [msg('hello')], sends: [msg('out')] },
      'connectTestApi',
      ['ConnectTestApiConnection'],
    ],
    [
      'an operation id that is a runtime name',
      { id: 'x', address: '/x', operationId: 'subscribe', receives: [msg('E')] },
      'subscribe2',
      ['Subscribe2Event'],
    ],
  ])('names a channel by %s', (_name, input, fn, types) => {
    const [named] = nameApi(api({ channels: [channel(input)] })).channels;
    expect(named!.functionName).toBe(fn);
    const declared = [named!.eventTypeName, named!.outgoingTypeName, named!.handleTypeName, named!.paramsTypeName];
    for (const type of types) expect(declared).toContain(type);
    expect(named!.specName).toBe(`${fn}Channel`);
  });

  it('chooses function, params, group and property names in one place', () => {
    const out = nameApi(
      api({
        operations: [
          operation({
            operationId: 'repos/get-content',
            tags: ['Git Data'],
            parameters: [
              parameter({ name: 'id', in: 'path' }),
              parameter({ name: 'id', in: 'query' }),
              parameter({ name: 'idempotency-key', in: 'header' }),
              parameter({ name: 'body', in: 'query' }),
            ],
          }),
          operation({ operationId: 'delete' }),
          operation({ operationId: 'createClient' }),
        ],
      }),
    );
    const [a, b, c] = out.operations;
    expect([a!.functionName, a!.paramsTypeName, a!.group]).toStrictEqual([
      'reposGetContent',
      'ReposGetContentParams',
      'git-data',
    ]);
    expect(a!.parameters.map((p) => p.propName)).toStrictEqual(['id', 'queryId', 'idempotencyKey', 'queryBody']);
    expect([b!.functionName, b!.group]).toStrictEqual(['delete_', 'default']);
    expect(c!.functionName).toBe('createClient2');
  });
  it('gives colliding schema names distinct identifiers', () => {
    const out = nameApi(
      api({
        schemas: [
          namedSchema({ name: 'foo-bar', schema: s.string() }),
          namedSchema({ name: 'foo.bar', schema: s.string() }),
          namedSchema({ name: 'Client', schema: s.string() }),
        ],
      }),
    );
    expect(out.schemas.map((x) => x.typeName)).toStrictEqual(['FooBar', 'FooBar2', 'Client2']);
  });
});

describe('names the package exports itself', () => {
  it("are not taken by schemas, but the runtime's are: the spec's names win and the runtime's get aliases", () => {
    const out = nameApi(
      api({
        schemas: ['ApiError', 'Client', 'RequestError', 'Subscription', 'ApiErrorSchema', 'RuntimeRequestError'].map(
          (name) => namedSchema({ name, schema: s.string() }),
        ),
      }),
    );
    expect(out.schemas.map((x) => [x.typeName, x.localName])).toStrictEqual([
      ['ApiError', 'ApiErrorSchema2'],
      ['Client2', undefined],
      ['RequestError', 'RequestErrorSchema'],
      ['Subscription', 'SubscriptionSchema'],
      ['ApiErrorSchema', undefined],
      ['RuntimeRequestError', undefined],
    ]);
    expect(out.runtimeAliases).toStrictEqual([
      { name: 'ApiError', alias: 'RuntimeApiError' },
      { name: 'RequestError', alias: 'RuntimeRequestError2' },
      { name: 'Subscription', alias: 'RuntimeSubscription' },
    ]);
  });
});

describe('wire pass', () => {
  it('marks the query parameters that need the styled serializer, and only those', () => {
    const result = decideWire(
      api({
        schemas: [namedSchema({ id: '#/Filter', name: 'Filter', schema: s.object([prop('a', s.string())]) })],
        operations: [
          operation({
            operationId: 'list',
            parameters: [
              parameter({ name: 'plain', in: 'query', schema: s.string() }),
              parameter({ name: 'many', in: 'query', schema: s.array(s.string()) }),
              parameter({ name: 'csv', in: 'query', schema: s.array(s.string()), explode: false }),
              parameter({ name: 'pipes', in: 'query', schema: s.array(s.string()), style: 'pipeDelimited' }),
              parameter({ name: 'filter', in: 'query', schema: s.ref('#/Filter') }),
              parameter({ name: 'deep', in: 'query', schema: s.object(), style: 'deepObject' }),
              parameter({ name: 'either', in: 'query', schema: s.union([s.string(), s.object()]) }),
              parameter({ name: 'id', in: 'path', required: true, schema: s.object() }),
              parameter({ name: 'x-h', in: 'header', schema: s.array(s.string()), explode: false }),
            ],
          }),
        ],
      }),
    );
    expect(result.operations[0]!.parameters.map((p) => [p.name, p.styledQuery === true])).toStrictEqual([
      ['plain', false],
      ['many', false],
      ['csv', true],
      ['pipes', true],
      ['filter', true],
      ['deep', true],
      ['either', true],
      ['id', false],
      ['x-h', false],
    ]);
  });

  const kind = namedSchema({ id: '#/Kind', name: 'Kind', schema: s.enum(['A', 'B']) });
  const tagged = (tag: string, value: string, extra: Property[] = []) =>
    s.object([prop(tag, s.literal(value), true), ...extra]);
  const one = (key: string) => s.object([prop(key, s.object(), true)]);
  const union = (members: Schema[], discriminator?: string): Schema => ({
    kind: 'union',
    members,
    ...(discriminator ? { discriminator: { property: discriminator, mapping: [] } } : {}),
  });
  it.each<[string, Schema[], EventDiscriminator | undefined]>([
    [
      'a `type` enum, through a ref',
      [s.object([prop('type', s.ref('#/Kind'), true)])],
      { property: 'type', values: ['A', 'B'] },
    ],
    [
      'a const `event` per message (Kraken)',
      [tagged('event', 'ping'), tagged('event', 'pong')],
      { property: 'event', values: ['ping', 'pong'] },
    ],
    [
      '`type` before other tags',
      [s.object([prop('event', s.literal('x')), prop('type', s.literal('T'))])],
      { property: 'type', values: ['T'] },
    ],
    [
      'the spec discriminator first',
      [
        union(
          [
            s.object([prop('type', s.literal('a')), prop('kind', s.literal('K1'))]),
            s.object([prop('type', s.literal('b')), prop('kind', s.literal('K2'))]),
          ],
          'kind',
        ),
      ],
      { property: 'kind', values: ['K1', 'K2'] },
    ],
    [
      'union members of one payload',
      [union([tagged('op', 'x'), tagged('op', 'y')])],
      { property: 'op', values: ['x', 'y'] },
    ],
    [
      'allOf members',
      [
        { kind: 'intersection', members: [tagged('event', 'e1'), s.object([prop('n', s.number())])] },
        tagged('event', 'e2'),
      ],
      { property: 'event', values: ['e1', 'e2'] },
    ],
    [
      'one message of two shapes sharing its tag (Kraken: object + oneOf of allOf)',
      [
        {
          kind: 'intersection',
          members: [
            s.object(),
            union([
              {
                kind: 'intersection',
                members: [tagged('event', 'status'), s.object([prop('error', s.string(), true)])],
              },
              { kind: 'intersection', members: [tagged('event', 'status'), s.object([prop('id', s.integer(), true)])] },
            ]),
          ],
        },
        tagged('event', 'pong'),
      ],
      { property: 'event', values: ['status', 'pong'] },
    ],
    ['externally tagged (serde)', [union([one('StdOut'), one('StdErr')])], { key: true, values: ['StdOut', 'StdErr'] }],
    ['no tag: a message without it', [tagged('type', 'a'), s.object([prop('kind', s.string())])], undefined],
    ['no tag: the same value twice', [tagged('type', 'a'), tagged('type', 'a')], undefined],
    ['no tag: numbers', [s.object([prop('type', s.enum([1, 2]))])], undefined],
    ['no tag: one key but optional', [union([s.object([prop('StdOut', s.object())]), one('StdErr')])], undefined],
    ['no tag: a single one-key object', [one('price')], undefined],
    ['no tag: not objects', [s.string()], undefined],
  ])('tells events apart: %s', (_name, payloads, want) => {
    const result = decideWire(
      api({
        schemas: [kind],
        channels: [
          channel({
            id: 'events',
            address: '/events',
            receives: payloads.map((payload, i) => message({ name: `M${i}`, payload })),
          }),
        ],
      }),
    );
    expect(result.channels[0]!.discriminator).toStrictEqual(want);
  });

  it("splits a message whose tag property is an enum, and correlates request and reply by the spec's location", () => {
    const ping = message({
      name: 'ping',
      payload: s.object([prop('event', s.literal('ping'), true), prop('reqid', s.integer())]),
      correlationPath: ['reqid'],
    });
    const pong = message({
      name: 'pong',
      payload: s.object([prop('event', s.literal('pong'), true), prop('reqid', s.integer())]),
      correlationPath: ['reqid'],
    });
    const status = message({ name: 'status', payload: s.object([prop('event', s.enum(['up', 'down']), true)]) });
    const result = decideWire(
      api({
        channels: [
          channel({
            id: 'market',
            address: '/',
            receives: [pong, status],
            sends: [ping],
            requests: [{ operationId: 'ping', request: [ping], replies: [pong] }],
          }),
        ],
      }),
    );
    const [decided] = result.channels;
    expect(decided!.receives.map((m) => m.tag?.values)).toStrictEqual([undefined, ['up', 'down']]);
    expect(decided!.requests).toStrictEqual([
      {
        operationId: 'ping',
        request: [ping],
        replies: [pong],
        correlation: { request: ['reqid'], reply: ['reqid'], generate: 'number' },
        replyKinds: ['pong'],
        // What tells the requests apart, for a server or a mock: the events' tag property.
        requestTag: { property: 'event', values: ['ping'] },
      },
    ]);
  });
});

describe('resolve pass', () => {
  const json = (schema: Schema) => ({ mediaType: 'application/json', schema });
  it('chooses the body, the result and its delivery, the declared errors and the runtime parts once', () => {
    const resolved = resolveApi(
      api({
        channels: [channel({ id: 'live', address: '/live', receives: [message({ name: 'E', payload: s.string() })] })],
        operations: [
          operation({
            operationId: 'upload',
            method: 'post',
            body: {
              required: true,
              contents: [
                {
                  mediaType: 'multipart/form-data',
                  schema: s.object(),
                  encoding: [{ property: 'meta', style: 'deepObject' }, { property: 'file' }],
                },
                { mediaType: 'application/octet-stream', schema: s.binary() },
              ],
            },
            responses: [
              { status: '201', contents: [json(s.ref('#/components/schemas/Thing'))] },
              { status: '404', contents: [json(s.ref('#/components/schemas/NotFound'))] },
              { status: '4XX', contents: [{ mediaType: 'text/html', schema: s.string() }] },
              { status: 'default', contents: [json(s.ref('#/components/schemas/Problem'))] },
            ],
          }),
          operation({
            operationId: 'events',
            responses: [{ status: '200', contents: [{ mediaType: 'text/event-stream', schema: s.object() }] }],
          }),
          operation({
            operationId: 'lines',
            parameters: [parameter({ name: 'q', in: 'query', required: false })],
            responses: [{ status: '200', contents: [{ mediaType: 'text/event-stream', schema: s.string() }] }],
          }),
          operation({ operationId: 'connect', path: '/live', websocketChannel: 'live', responses: [] }),
          operation({
            operationId: 'download',
            responses: [{ status: '200', contents: [{ mediaType: 'image/png', schema: s.binary() }] }],
          }),
        ],
      }),
    );
    const [upload, events, lines, connect, download] = resolved.operations.map((o) => o.resolved!);
    expect(upload!.body).toStrictEqual({
      mediaType: 'multipart/form-data',
      schema: s.object(),
      required: true,
      encoding: 'multipart',
      styles: { meta: 'deepObject' },
    });
    const thing = s.ref('#/components/schemas/Thing');
    expect(upload!.result).toStrictEqual({
      delivery: 'json',
      schema: thing,
      sent: { mediaType: 'application/json', schema: thing },
    });
    // A range and `default` are one `number` status; one content that is not JSON makes its body unknown.
    expect(upload!.errors).toStrictEqual([
      { status: '404', bodies: [s.ref('#/components/schemas/NotFound')], typed: true },
      { status: 'number', bodies: [s.ref('#/components/schemas/Problem')], typed: false },
    ]);
    expect(upload!.errorStatuses).toStrictEqual(['404', '4XX', 'default']);
    expect(upload!.paramsRequired).toBe(true);
    expect([events!.result.eventData, lines!.result.eventData]).toStrictEqual(['json', 'text']);
    expect(lines!.paramsRequired).toBe(false);
    expect(connect!.result).toStrictEqual({ delivery: 'subscription' });
    // What the server sends is kept for what stands in for it (the mocks), whatever the client delivers.
    expect(download!.result).toStrictEqual({
      delivery: 'binary',
      sent: { mediaType: 'image/png', schema: s.binary() },
      accept: 'image/png, */*',
    });
    expect(lines!.result.sent).toStrictEqual({ mediaType: 'text/event-stream', schema: s.string() });
    expect(resolved.runtimeParts).toStrictEqual({ websocket: true, eventStreams: true });
  });

  // The Accept header asks for what the result is read from, as declared; then any type (an error body may
  // come in another). Plain JSON is the request core's default, so the descriptor says nothing.
  it.each<[string | undefined, string | undefined, string | undefined]>([
    ['application/json', undefined, undefined],
    ['application/json; charset=utf-8', undefined, undefined],
    ['application/vnd.api+json', undefined, 'application/vnd.api+json, */*'],
    ['text/csv', undefined, 'text/csv, */*'],
    ['Text/HTML; charset=utf-8', undefined, 'text/html, */*'],
    ['image/*', undefined, 'image/*, */*'],
    ['*/*', undefined, '*/*'],
    ['text/event-stream', undefined, 'text/event-stream'],
    [undefined, undefined, undefined],
    ['text/plain', 'live', undefined],
  ])('asks for %s (linked to a channel: %s) with Accept %s', (mediaType, websocketChannel, want) => {
    const op = operation({
      operationId: 'get',
      responses: [{ status: '200', contents: mediaType ? [{ mediaType, schema: s.string() }] : [] }],
      ...(websocketChannel ? { websocketChannel } : {}),
    });
    expect(resolveOperation(op).result.accept).toBe(want);
  });
});

describe('sockets pass', () => {
  const server = { name: 'prod', url: 'wss://{region}.example.com', variables: { region: { default: 'eu' } } };
  const at = (id: string, address: string, extra: Partial<Channel> = {}) =>
    channel({ id, address, servers: [server], ...extra });
  it('makes channels at the same URL one socket: the union of what they send and receive, and their requests', () => {
    const ping = message({ name: 'Ping', payload: s.object() });
    const pong = message({ name: 'Pong', payload: s.object() });
    const tick = message({ name: 'Tick', payload: s.object() });
    const merged = mergeSockets(
      api({
        channels: [
          at('ping', '/', {
            sends: [ping],
            receives: [pong],
            requests: [{ operationId: 'pingRequest', request: [ping], replies: [pong] }],
          }),
          at('ticks', '/', { operationId: 'tickUpdates', receives: [tick, pong] }),
          at('status', '/status', { receives: [tick] }),
          at('other', '/', { receives: [tick], servers: [{ ...server, url: 'wss://other.example.com' }] }),
        ],
      }),
    ).channels;
    expect(merged.map((c) => [c.id, c.mergedFrom, c.operationId])).toStrictEqual([
      ['ping', ['ping', 'ticks'], undefined],
      ['status', undefined, undefined],
      ['other', undefined, undefined],
    ]);
    const [socket] = merged;
    expect(socket!.receives.map((m) => m.name)).toStrictEqual(['Pong', 'Tick']);
    expect(socket!.sends.map((m) => m.name)).toStrictEqual(['Ping']);
    expect(socket!.requests.map((r) => r.operationId)).toStrictEqual(['pingRequest']);
  });
  it('names a socket by what its operations have in common, else by its address', () => {
    expect(socketName(['sendTranscriptionAudio', 'receiveTranscriptionResults'], '/v1/listen')).toBe('transcription');
    expect(socketName(['sendAudio', 'receiveTranscripts'], '/v1/listen')).toBe('listen');
    expect(socketName(['pingRequest', 'heartbeatUpdates'], '/')).toBeUndefined();
  });
});
