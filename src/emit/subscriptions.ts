/** `src/subscriptions.ts`: a typed WebSocket subscriber per AsyncAPI channel operation. */
import { StructureKind, VariableDeclarationKind, type WriterFunction } from 'ts-morph';
import type { Channel, Message } from '../ir/types.js';
import { compareCodeUnits } from '../compare.js';
import {
  banner,
  printFile,
  referencedIds,
  runtimeTypeImport,
  schemaTypeImport,
  runtimeValueImport,
  valueImport,
  type EmitContext,
  type EmittedFiles,
  type Statement,
} from './context.js';
import { channelShapes, shapeLiteral } from './int64.js';
import { Call, importsOf, literalWriter, runtimeRef, type LiteralValue } from './literal-writer.js';
import { channelCredentials } from './security.js';
import { docLines, docText, propertyKey, stringLiteral } from './text.js';
import { typeWriter, writeType } from './type-writer.js';

/** `{ [K in Tag]: Omit<Payload, 'type'> & { type: K } }[Tag]`: a union that narrows on its tag (see passes/wire.ts). */
/** The channel in words: its id, or for one socket the document describes as several channels, its address and theirs. */
function channelText(channel: Channel): string {
  return channel.mergedFrom
    ? `the socket \`${docText(channel.address)}\` (channels ${channel.mergedFrom.map((id) => `\`${docText(id)}\``).join(', ')})`
    : `the channel \`${docText(channel.id)}\``;
}

function eventMemberWriter(message: Message, ctx: EmitContext): WriterFunction {
  const { tag } = message;
  return (writer) => {
    if (!tag) {
      writeType(writer, message.payload, ctx.types);
      return;
    }
    writer.write('{ [K in ');
    writeType(writer, tag.schema, ctx.types);
    writer.write(']: Omit<');
    writeType(writer, message.payload, ctx.types);
    writer.write(`, ${stringLiteral(tag.property)}> & { ${propertyKey(tag.property)}: K } }[`);
    writeType(writer, tag.schema, ctx.types);
    writer.write(']');
  };
}

/** The union of some messages' payloads (`never` for none). */
function unionWriter(
  messages: Message[],
  ctx: EmitContext,
  member = (m: Message) => typeWriter(m.payload, ctx.types),
): WriterFunction {
  return (writer) => {
    if (messages.length === 0) writer.write('never');
    messages.forEach((m, i) => {
      if (i > 0) writer.write(' | ');
      member(m)(writer);
    });
  };
}

/** The type argument that tells the runtime how events are told apart. */
function tagType(channel: Channel): string {
  const d = channel.discriminator;
  return d && 'key' in d ? '{ readonly key: true }' : `{ readonly property: ${stringLiteral(d?.property ?? 'type')} }`;
}

/** The type arguments of `subscribe`/`Subscription` (event, tag) or `connect`/`Connection` (event, outgoing, requests, tag). */
function typeArguments(channel: Channel): string {
  if (!channel.outgoingTypeName) return `<${channel.eventTypeName!}, ${tagType(channel)}>`;
  const requests = channel.requestsTypeName ?? 'Record<never, RequestReply>';
  return `<${channel.eventTypeName!}, ${channel.outgoingTypeName}, ${requests}, ${tagType(channel)}>`;
}

/** The message types of a channel: what the client receives, sends, and asks with request/reply. */
function messageTypes(channel: Channel, ctx: EmitContext): Statement[] {
  const d = channel.discriminator;
  const how = !d
    ? ''
    : 'key' in d
      ? "; narrow it by its key (`'Kind' in event`)"
      : `; narrow it on \`${docText(d.property)}\``;
  const statements: Statement[] = [
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: channel.eventTypeName!,
      docs: [
        {
          description: docLines([
            `An event received on ${channelText(channel)}${how}.`,
            ...channel.receives.map((m) => m.title ?? m.summary),
          ])!,
        },
      ],
      type: unionWriter(channel.receives, ctx, (m) => eventMemberWriter(m, ctx)),
    },
  ];
  if (channel.outgoingTypeName)
    statements.push({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: channel.outgoingTypeName,
      docs: [
        {
          description: docLines([
            `A message the client may send on ${channelText(channel)}.`,
            ...channel.sends.map((m) => m.title ?? m.summary),
          ])!,
        },
      ],
      type: unionWriter(channel.sends, ctx),
    });
  if (channel.requestsTypeName)
    statements.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: channel.requestsTypeName,
      docs: [{ description: `The request/reply operations of ${channelText(channel)}, by name.` }],
      properties: channel.requests.map((r) => ({
        name: propertyKey(r.operationId),
        docs: r.summary ? [{ description: docText(r.summary) }] : [],
        type: (writer) => {
          writer.write('{ request: ');
          unionWriter(r.request, ctx)(writer);
          writer.write('; reply: ');
          unionWriter(r.replies, ctx)(writer);
          writer.write(' }');
        },
      })),
    });
  return statements;
}

/** What the WebSocket client reads of a channel, as the literal its spec constant is written as. */
function channelSpecLiteral(channel: Channel, exact: ReturnType<typeof channelShapes>, ctx: EmitContext): LiteralValue {
  return {
    id: channel.functionName!,
    address: channel.address,
    params: channel.parameters.map((p) => ({ name: p.name, prop: p.propName! })),
    discriminator: channel.discriminator,
    security: channelCredentials(ctx.api, channel.security),
    servers: channel.servers.map((s) => ({
      name: s.name ?? s.url,
      url: s.url,
      variables: s.variables
        ? Object.fromEntries(
            Object.entries(s.variables).flatMap(([k, v]) => (v.default === undefined ? [] : [[k, v.default]])),
          )
        : undefined,
    })),
    requests:
      channel.requests.length > 0
        ? Object.fromEntries(
            channel.requests.map((r) => [
              r.operationId,
              { replies: r.replyKinds ?? [], ...(r.correlation ? { correlation: r.correlation } : {}) },
            ]),
          )
        : undefined,
    readJson: exact.read ? new Call(runtimeRef('int64', 'exactJsonReader'), [shapeLiteral(exact.read)]) : undefined,
    writeJson: exact.write ? new Call(runtimeRef('int64', 'exactJsonWriter'), [shapeLiteral(exact.write)]) : undefined,
  };
}

function channelStatements(channel: Channel, spec: LiteralValue | undefined, ctx: EmitContext): Statement[] {
  if (channel.transport !== 'websocket' || spec === undefined) return messageTypes(channel, ctx);
  const duplex = channel.outgoingTypeName !== undefined;
  const docs = docLines([
    channel.summary,
    channel.description,
    duplex
      ? `Opens the WebSocket \`${docText(channel.address)}\`: \`send\` the messages the client may send${channel.requestsTypeName ? ', `request` a reply,' : ''} and receive typed events (\`for await\` or handlers); \`close()\` or the \`signal\` ends it.`
      : `Opens the WebSocket \`${docText(channel.address)}\` and delivers each message as a typed event. Iterate it with \`for await\` or attach handlers; \`close()\` or the \`signal\` ends it.`,
  ]);
  const noParams = channel.parameters.length === 0;
  return [
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: channel.paramsTypeName!,
      docs: [{ description: `Parameters of {@link ${channel.functionName!}}.` }],
      properties: channel.parameters.map((p) => {
        const doc = docLines([p.description, `channel parameter \`${docText(p.name)}\``]);
        return {
          name: propertyKey(p.propName!),
          type: typeWriter(p.schema, { ...ctx.types, numbersForExact: true }),
          docs: doc ? [{ description: doc }] : [],
        };
      }),
    },
    ...messageTypes(channel, ctx),
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: channel.handleTypeName!,
      docs: [{ description: `What {@link ${channel.functionName!}} returns.` }],
      type: `${channel.outgoingTypeName ? 'Connection' : 'Subscription'}${typeArguments(channel)}`,
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        {
          name: channel.specName!,
          type: 'ChannelSpec',
          initializer: literalWriter(spec),
        },
      ],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: channel.functionName!,
      docs: docs ? [{ description: docs }] : [],
      parameters: [
        { name: 'client', type: 'ClientCore' },
        { name: 'params', type: channel.paramsTypeName!, ...(noParams ? { initializer: '{}' } : {}) },
        { name: 'options', type: duplex ? 'ConnectOptions' : 'SubscribeOptions', hasQuestionToken: true },
      ],
      returnType: channel.handleTypeName!,
      statements: [
        (w) =>
          w.write(
            duplex
              ? `return connect${typeArguments(channel)}(client, ${channel.specName!}, params, options);`
              : `return subscribe${typeArguments(channel)}(client, ${channel.specName!}, params, options);`,
          ),
      ],
    },
  ];
}

export const SUBSCRIPTIONS_FILE = 'src/subscriptions.ts';

export function emitSubscriptions(out: EmittedFiles, ctx: EmitContext, sources: string[]): void {
  const typeNames = new Set<string>();
  for (const channel of ctx.api.channels) {
    const messages = [...channel.receives, ...channel.sends];
    const live = channel.transport === 'websocket';
    for (const schema of [...(live ? channel.parameters.map((p) => p.schema) : []), ...messages.map((m) => m.payload)])
      for (const id of referencedIds(schema)) typeNames.add(ctx.types.typeName(id));
    for (const { tag } of channel.receives)
      if (tag) for (const id of referencedIds(tag.schema)) typeNames.add(ctx.types.typeName(id));
  }
  const live = ctx.api.channels.filter((c) => c.transport === 'websocket');
  const statements: Statement[] = [banner(sources)];
  if (typeNames.size > 0) statements.push(schemaTypeImport(ctx, typeNames, './schemas.js'));
  if (live.length > 0) {
    const duplex = live.some((c) => c.outgoingTypeName);
    statements.push(runtimeTypeImport('http', ['ClientCore'], 'src'));
    statements.push(
      runtimeTypeImport(
        'websocket',
        [
          'ChannelSpec',
          ...(live.some((c) => !c.outgoingTypeName) ? (['SubscribeOptions', 'Subscription'] as const) : []),
          ...(duplex ? (['ConnectOptions', 'Connection'] as const) : []),
          ...(live.some((c) => c.outgoingTypeName && !c.requestsTypeName) ? (['RequestReply'] as const) : []),
        ],
        'src',
      ),
    );
    statements.push(
      runtimeValueImport(
        'websocket',
        [
          ...(live.some((c) => c.outgoingTypeName) ? (['connect'] as const) : []),
          ...(live.some((c) => !c.outgoingTypeName) ? (['subscribe'] as const) : []),
        ],
        'src',
      ),
    );
  }
  // What the channels' spec constants name (their exact readers and writers, the shapes those read).
  const named = importsOf([]);
  const specs = new Map<Channel, LiteralValue>();
  for (const channel of live) {
    const spec = channelSpecLiteral(channel, channelShapes(channel, ctx), ctx);
    specs.set(channel, spec);
    importsOf(spec, named);
  }
  for (const [module, names] of [...named.runtime].sort(([a], [b]) => compareCodeUnits(a, b)))
    statements.push(runtimeValueImport(module, names, 'src'));
  for (const [module, names] of [...named.package].sort(([a], [b]) => compareCodeUnits(a, b)))
    statements.push(valueImport(names, `./${module}`));
  statements.push(...ctx.api.channels.flatMap((c) => channelStatements(c, specs.get(c), ctx)));
  printFile(out, SUBSCRIPTIONS_FILE, statements);
}
