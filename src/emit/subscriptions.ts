/** `src/subscriptions.ts`: a typed WebSocket subscriber per AsyncAPI channel operation. */
import { StructureKind, VariableDeclarationKind, type WriterFunction } from 'ts-morph';
import type { Channel, Message } from '../ir/types.js';
import {
  banner,
  printFile,
  referencedIds,
  runtimeTypeImport,
  runtimeValueImport,
  typeImport,
  type EmitContext,
  type EmittedFiles,
  type Statement,
} from './context.js';
import { literalWriter } from './literal-writer.js';
import { channelCredentials } from './security.js';
import { docLines, docText, propertyKey, stringLiteral } from './text.js';
import { typeWriter, writeType } from './type-writer.js';

/** `{ [K in Tag]: Omit<Payload, 'type'> & { type: K } }[Tag]`: a union that narrows on its tag (see passes/wire.ts). */
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

function channelStatements(channel: Channel, ctx: EmitContext): Statement[] {
  const tags = channel.receives.map((m) => m.tag);
  const allTagged = tags.length > 0 && tags.every((tag) => tag !== undefined);
  const values = allTagged ? [...new Set(tags.flatMap((tag) => tag!.values))] : [];
  const eventType = channel.eventTypeName!;
  const specName = `${channel.functionName!}Channel`;
  const docs = docLines([
    channel.summary,
    channel.description,
    `Opens the WebSocket \`${docText(channel.address)}\` and delivers each message as a typed event. Iterate it with \`for await\` or attach handlers; \`close()\` or the \`signal\` ends it.`,
  ]);
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
          type: typeWriter(p.schema, ctx.types),
          docs: doc ? [{ description: doc }] : [],
        };
      }),
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: eventType,
      docs: [
        {
          description: docLines([
            `An event received from {@link ${channel.functionName!}}${allTagged ? '; narrow it on `type`' : ''}.`,
            ...channel.receives.map((m) => m.title ?? m.summary),
          ])!,
        },
      ],
      type:
        channel.receives.length === 0
          ? 'never'
          : (writer) => {
              channel.receives.forEach((m, i) => {
                if (i > 0) writer.write(' | ');
                eventMemberWriter(m, ctx)(writer);
              });
            },
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        {
          name: specName,
          type: 'ChannelSpec',
          initializer: literalWriter({
            id: channel.operationId,
            address: channel.address,
            params: channel.parameters.map((p) => ({ name: p.name, prop: p.propName! })),
            discriminator: allTagged ? { property: tags[0]!.property, values } : undefined,
            security: channelCredentials(ctx.api, channel.security),
            servers: channel.servers.map((s) => s.url),
          }),
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
        { name: 'params', type: channel.paramsTypeName! },
        { name: 'options', type: 'SubscribeOptions', hasQuestionToken: true },
      ],
      returnType: `Subscription<${eventType}>`,
      statements: [(w) => w.write(`return subscribe<${eventType}>(client, ${specName}, params, options);`)],
    },
  ];
}

export const SUBSCRIPTIONS_FILE = 'src/subscriptions.ts';

export function emitSubscriptions(out: EmittedFiles, ctx: EmitContext, sources: string[]): void {
  const typeNames = new Set<string>();
  for (const channel of ctx.api.channels) {
    for (const schema of [...channel.parameters.map((p) => p.schema), ...channel.receives.map((m) => m.payload)]) {
      for (const id of referencedIds(schema)) typeNames.add(ctx.types.typeName(id));
    }
    for (const { tag } of channel.receives)
      if (tag) for (const id of referencedIds(tag.schema)) typeNames.add(ctx.types.typeName(id));
  }
  const statements: Statement[] = [banner(sources)];
  if (typeNames.size > 0) statements.push(typeImport(typeNames, './schemas.js'));
  statements.push(runtimeTypeImport('http', ['ClientCore'], 'src'));
  statements.push(runtimeTypeImport('websocket', ['ChannelSpec', 'SubscribeOptions', 'Subscription'], 'src'));
  statements.push(runtimeValueImport('websocket', ['subscribe'], 'src'));
  statements.push(...ctx.api.channels.flatMap((c) => channelStatements(c, ctx)));
  printFile(out, SUBSCRIPTIONS_FILE, statements);
}
