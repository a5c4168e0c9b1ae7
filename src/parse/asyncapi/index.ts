/**
 * AsyncAPI 2.x/3.x document -> IR channels (via @asyncapi/parser), one per socket, from the client's side;
 * payloads go through the shared schema converter.
 */
import { Parser } from '@asyncapi/parser';
import type { Perspective } from '../../config.js';
import { diagnostic, DiagnosticError, type Diagnostic } from '../../diagnostics.js';
import type { Channel, Message, NamedSchema, Parameter, RequestReply, SecurityScheme, Server } from '../../ir/types.js';
import { joinPointer, splitPointer, type LoadedSource } from '../../load/source.js';
import { toSecurityScheme } from '../security.js';
import { isRemoteRefFailure, REMOTE_REF_HELP, SchemaRegistry } from '../refs.js';
import { repairRefs } from '../repair-refs.js';
import { isObject, type Json } from '../json.js';
import { convertSchema } from '../schema.js';
import { bundleFiles, scanRefs } from '../openapi/validate.js';

export interface AsyncApiResult {
  channels: Channel[];
  /** Channels no operation uses: their message types are generated, and no client function. */
  unusedChannels: { id: string; messages: number }[];
  schemas: NamedSchema[];
  servers: Server[];
  securitySchemes: SecurityScheme[];
  title: string;
  diagnostics: Diagnostic[];
}

export function checkAsyncApiVersion(source: LoadedSource): void {
  const data = source.data;
  if (!isObject(data)) {
    throw new DiagnosticError([
      diagnostic({
        code: 'CG004',
        message: 'the document is not a YAML/JSON mapping',
        file: source.displayPath,
        line: 1,
        col: 1,
      }),
    ]);
  }
  if (data.asyncapi === undefined) {
    // A file that other AsyncAPI documents reach through `$ref`s (messages, schemas, components).
    const parts = ['components', 'channels', 'operations', 'messages', 'schemas', 'servers'].filter((k) => k in data);
    throw new DiagnosticError([
      diagnostic({
        code: 'CG004',
        message:
          parts.length > 0
            ? `no \`asyncapi\` field: this looks like a fragment of an AsyncAPI document (it has ${parts.map((p) => `\`${p}\``).join(', ')})`
            : 'no `asyncapi` field: this is not an AsyncAPI document',
        ...(parts.length > 0
          ? {
              help: 'Pass the root document (the one with `asyncapi: 2.x/3.x`); it reaches this file through its `$ref`s.',
            }
          : {}),
        file: source.displayPath,
        line: 1,
        col: 1,
      }),
    ]);
  }
  if (typeof data.asyncapi !== 'string' || !/^[23]\.\d+\.\d+/.test(data.asyncapi)) {
    const pos = source.locate('/asyncapi');
    throw new DiagnosticError([
      diagnostic({
        code: 'CG005',
        message: `AsyncAPI version ${JSON.stringify(data.asyncapi)} is not supported (codegen reads AsyncAPI 2.x and 3.x)`,
        file: source.displayPath,
        pointer: '/asyncapi',
        ...pos,
      }),
    ]);
  }
}

/** Spectral's lint findings (missing tags, contact ...) are not the generator's business; only errors count. */
const SPECTRAL_ERROR = 0;

/**
 * Findings the parser counts as errors that do not stop a correct client: examples that do not match their
 * schema (or use a `$ref` where none is allowed) and a channel parameter its address does not use. Like CG013
 * for OpenAPI, they are warnings (errors under --strict).
 */
function tolerated(finding: { code: string | number; message: string; path: readonly (string | number)[] }): boolean {
  const code = String(finding.code);
  if (/^asyncapi[23]?-message-examples$/.test(code)) return true;
  if (/^asyncapi[23]?-channel-parameters$/.test(code) && /redundant/i.test(finding.message)) return true;
  return /Referencing in this place is not allowed/.test(finding.message) && finding.path.includes('examples');
}

/**
 * `perspective`: which side the document describes. Most describe the server (what it `send`s, v2
 * `subscribe`, the client receives); some describe the client (Speechmatics): then what it sends, it sends.
 */
export async function parseAsyncApi(
  source: LoadedSource,
  perspective: Perspective = 'server',
): Promise<AsyncApiResult> {
  checkAsyncApiVersion(source);
  // Only the core rules (validity); the recommended ones are style lints the generator does not need.
  const parser = new Parser({ ruleset: { core: true, recommended: false } });
  // A repaired document is handed over as JSON; the parser's positions are then those of that text.
  const repaired = repairRefs(source);
  // So is a document read leniently (its YAML is not YAML 1.2).
  const input = repaired.data === source.data && !source.readWarnings ? source.text : JSON.stringify(repaired.data);
  // Errors do not stop the parser here: those that do not stop a correct client are warnings (below).
  const { document, diagnostics: found } = await parser.parse(input, {
    source: source.absPath,
    validateOptions: { allowedSeverity: { error: true } },
  });
  const warnings = found
    .filter((d) => d.severity === SPECTRAL_ERROR && tolerated(d))
    .map((d) =>
      diagnostic({
        code: 'CG013',
        message: `${d.message} (${d.code}; generated anyway: it does not change what a client sends or receives)`,
        file: source.displayPath,
        pointer: joinPointer(d.path.map(String)),
        line: d.range.start.line + 1,
        col: d.range.start.character + 1,
      }),
    );
  const errors = found
    .filter((d) => d.severity === SPECTRAL_ERROR && !tolerated(d))
    .map((d) => {
      const remote = d.code === 'invalid-ref' && isRemoteRefFailure(d.message);
      return diagnostic({
        code: d.code === 'invalid-ref' ? 'CG007' : 'CG006',
        message: remote ? `remote $ref could not be fetched: ${d.message.split('\n')[0]}` : d.message,
        ...(remote ? { help: REMOTE_REF_HELP } : {}),
        file: source.displayPath,
        pointer: joinPointer(d.path.map(String)),
        line: d.range.start.line + 1,
        col: d.range.start.character + 1,
      });
    });
  if (errors.length > 0 || !document) {
    throw new DiagnosticError(
      errors.length > 0
        ? errors
        : [diagnostic({ code: 'CG006', message: 'the AsyncAPI document could not be read', file: source.displayPath })],
    );
  }

  // Schemas are read from the document as written, where a `$ref` into a file beside it is bundled in.
  const raw = (
    scanRefs(source, repaired.data).external ? await bundleFiles(source, repaired.data) : repaired.data
  ) as Json;
  const diagnostics: Diagnostic[] = [...(source.readWarnings ?? []), ...repaired.diagnostics, ...warnings];
  const registry = new SchemaRegistry(raw, source.displayPath, diagnostics);
  const v2 = document.version().startsWith('2.');
  // The parser hands back the same objects as `components.messages`: identity tells a component's key.
  const messageKeyOf = new Map<unknown, string>();
  for (const [key, value] of Object.entries(document.components().json().messages ?? {})) messageKeyOf.set(value, key);
  const requirements = (list: { all(): { scheme(): { id(): string } }[] }[]) =>
    list.map((req) => ({ schemes: req.all().map((r) => r.scheme().id()) }));

  const serverOf = (s: AsyncApiServer): Server => {
    const protocol = s.protocol();
    const url = s.url();
    const variables = Object.fromEntries(
      s
        .variables()
        .all()
        .map((v) => [
          v.id(),
          {
            ...(v.defaultValue() !== undefined ? { default: v.defaultValue()! } : {}),
            ...(v.allowedValues().length > 0 ? { enum: v.allowedValues() } : {}),
            ...(v.description() ? { description: v.description()! } : {}),
          },
        ]),
    );
    return {
      name: s.id(),
      url: v2 ? (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `${webSocketScheme(protocol)}://${url}`) : v3Url(s),
      protocol,
      ...(s.description() ? { description: s.description()! } : {}),
      ...(Object.keys(variables).length > 0 ? { variables } : {}),
    };
  };
  const allServers = document.servers().all();
  const serverSecurity = allServers.flatMap((s) => requirements(s.security()));

  // One IR message per spec message, whichever operations and channels list it.
  const messages = new Map<unknown, Message>();
  const messageOf = (m: AsyncApiMessage, hint: string, i: number): Message => {
    const known = messages.get(m.json());
    if (known) return known;
    const key = messageKeyOf.get(m.json());
    const explicitId = m.hasMessageId() ? (m.json('messageId' as never) as string) : v2 ? undefined : m.id();
    const name = key ?? m.name() ?? explicitId ?? `${hint} message${i === 0 ? '' : ` ${i + 1}`}`;
    const pointer = String(m.meta('pointer') ?? '');
    // A component message keeps its `$ref`s (and so its named types); an inline one is converted as resolved.
    const payloadId = key
      ? registry.add({ pointer: joinPointer(['components', 'messages', key, 'payload']), name, source: 'component' })
      : registry.addResolved({ pointer: `${pointer}/payload`, name, raw: m.payload()?.json() ?? {} });
    const location = m.correlationId()?.location();
    let correlationPath: string[] | undefined;
    if (location !== undefined) {
      const match = /^\$message\.payload#(.*)$/.exec(location);
      if (match) correlationPath = splitPointer(match[1]!);
      else
        diagnostics.push(
          diagnostic({
            code: 'CG012',
            message: `message "${name}": correlation id location ${JSON.stringify(location)} is not in the payload; WebSocket frames have no headers, so its replies are matched in order instead`,
            file: source.displayPath,
            pointer: `${pointer}/correlationId`,
            ...source.locate(`${pointer}/correlationId`),
          }),
        );
    }
    const message: Message = {
      name,
      ...(m.title() ? { title: m.title()! } : {}),
      ...(m.summary() ? { summary: m.summary()! } : {}),
      ...(m.contentType() ? { contentType: m.contentType()! } : {}),
      payload: { kind: 'ref', target: payloadId },
      ...(correlationPath ? { correlationPath } : {}),
    };
    messages.set(m.json(), message);
    return message;
  };
  const addUnique = (list: Message[], items: Message[]) => {
    for (const item of items) if (!list.includes(item)) list.push(item);
  };

  /** A message whose payload the spec does not describe. */
  const unknownMessage = (pointer: string, hint: string): Message => {
    const name = `${hint} message`;
    return {
      name,
      payload: { kind: 'ref', target: registry.addResolved({ pointer: `${pointer}/payload`, name, raw: {} }) },
    };
  };

  const channels: Channel[] = [];
  const unused: { id: string; messages: number }[] = [];
  // AsyncAPI 3: a channel an operation replies on is used, by that operation (its messages are its replies).
  const replyChannels = new Set(
    v2
      ? []
      : document
          .operations()
          .all()
          .flatMap((o) => (o.reply()?.channel()?.id() ?? []) as string[]),
  );
  for (const channel of document.channels().all()) {
    const address = channel.address() ?? '';
    const channelPointer = String(channel.meta('pointer') ?? joinPointer(['channels', channel.id()]));
    const hint = channel.id();
    const parameters: Parameter[] = channel
      .parameters()
      .all()
      // A parameter the address does not use (CG013 above) is nothing the client fills in.
      .filter((p) => address.includes(`{${p.id()}}`))
      .map((p) => ({
        name: p.id(),
        in: 'path',
        required: true,
        schema: convertSchema(
          p.schema()?.json() ?? { type: 'string' },
          `${channelPointer}/parameters/${p.id()}/schema`,
          registry.context,
        ),
        ...(p.description() ? { description: p.description()! } : {}),
      }));
    const binding = channel
      .bindings()
      .all()
      .find((b) => isWebSocketProtocol(b.protocol()));
    const method = isObject(binding?.value()) ? (binding!.value() as Json).method : undefined;
    const operations = channel.operations().all();
    const receives: Message[] = [];
    const sends: Message[] = [];
    const requests: RequestReply[] = [];
    if (operations.length === 0) {
      // Declared only (AsyncAPI 3 allows it): its messages' types, and no client function that delivers nothing.
      channel
        .messages()
        .all()
        .forEach((m, i) => messageOf(m, hint, i));
      const messageCount = channel.messages().all().length;
      if (replyChannels.has(channel.id())) continue;
      if (messageCount > 0) unused.push({ id: channel.id(), messages: messageCount });
      else
        diagnostics.push(
          diagnostic({
            code: 'CG022',
            message: `channel "${channel.id()}" has no operation and no message: skipped`,
            file: source.displayPath,
            pointer: channelPointer,
            ...source.locate(channelPointer),
          }),
        );
      continue;
    }
    for (const operation of operations) {
      const listed = operation.messages().all();
      // AsyncAPI 3: an operation that lists no message uses the channel's. In v2 the channel's messages are
      // those of both its operations, so they are not this one's.
      const declared = listed.length > 0 || v2 ? listed : channel.messages().all();
      // An operation that names no message (a v2 `publish` without one) still sends or receives: `unknown`.
      const own =
        declared.length > 0
          ? declared.map((m, i) => messageOf(m, hint, i))
          : [
              unknownMessage(
                `${channelPointer}/${operation.id() ?? (operation.isSend() ? 'send' : 'receive')}`,
                operation.id() ?? hint,
              ),
            ];
      const reply = v2 ? undefined : operation.reply();
      const replies = reply
        ? (reply.messages().all().length > 0 ? reply.messages().all() : (reply.channel()?.messages().all() ?? [])).map(
            (m, i) => messageOf(m, `${operation.id()} reply`, i),
          )
        : [];
      const clientReceives = perspective === 'server' ? operation.isSend() : operation.isReceive();
      if (clientReceives) {
        addUnique(receives, own);
        addUnique(sends, replies);
      } else {
        addUnique(sends, own);
        addUnique(receives, replies);
        if (reply)
          requests.push({
            operationId: operation.id()!,
            ...(operation.summary() ? { summary: operation.summary()! } : {}),
            request: own,
            replies,
          });
      }
    }
    const explicitIds = operations.map((o) => (v2 ? o.operationId() : o.id())).filter((id) => id !== undefined);
    const channelServers = channel.servers().all();
    const protocols = [...new Set(channelServers.map((s) => s.protocol()))];
    const wsServers = channelServers.filter((s) => isWebSocketProtocol(s.protocol()));
    // Socket.IO runs its own framing (`42["event", ...]`) over a WebSocket: not a socket codegen can speak.
    const socketIo = [
      ...protocols,
      ...channel
        .bindings()
        .all()
        .map((b) => b.protocol()),
      ...operations.flatMap((o) =>
        o
          .bindings()
          .all()
          .map((b) => b.protocol()),
      ),
    ].some((name) => SOCKET_IO.test(name));
    const transport = !socketIo && (channelServers.length === 0 || wsServers.length > 0) ? 'websocket' : 'unsupported';
    if (transport === 'unsupported' && (receives.length > 0 || sends.length > 0))
      diagnostics.push(
        diagnostic({
          code: 'CG011',
          message: `channel "${channel.id()}" is served over ${socketIo ? 'Socket.IO' : protocols.join(', ')}, which codegen does not implement: its message types are generated, but no client function`,
          file: source.displayPath,
          pointer: channelPointer,
          ...source.locate(channelPointer),
        }),
      );
    const security = operations.flatMap((o) => requirements(o.security()));
    channels.push({
      id: channel.id(),
      ...(operations.length === 1 && explicitIds.length === 1 ? { operationId: explicitIds[0]! } : {}),
      address,
      ...(channel.description() ? { description: channel.description()! } : {}),
      ...(operations.length === 1 && operations[0]!.summary() ? { summary: operations[0]!.summary()! } : {}),
      parameters,
      receives,
      sends,
      requests,
      ...(typeof method === 'string' ? { method } : {}),
      transport,
      protocols,
      servers: wsServers.map(serverOf),
      security: security.length > 0 ? security : serverSecurity,
      origin: { file: source.displayPath, pointer: channelPointer },
    });
  }

  const securitySchemes = document
    .components()
    .securitySchemes()
    .all()
    .map((scheme) => toSecurityScheme(scheme.id(), scheme.json() as Json));
  return {
    channels,
    unusedChannels: unused,
    schemas: registry.list(),
    servers: allServers.map(serverOf),
    securitySchemes,
    title: document.info().title(),
    diagnostics,
  };
}

type AsyncApiDocument = Awaited<ReturnType<Parser['parse']>>['document'] & object;
type AsyncApiServer = ReturnType<ReturnType<AsyncApiDocument['servers']>['all']>[number];
type AsyncApiMessage = ReturnType<ReturnType<AsyncApiDocument['messages']>['all']>[number];

/** Socket.IO, as servers and bindings name it (`socketio`, `socket.io`, `x-socketio`). */
const SOCKET_IO = /socket\.?io/i;

/** `ws`, `wss`, `WebSocket`, `websockets`: protocol names are compared case-insensitively. */
function isWebSocketProtocol(protocol: string): boolean {
  return /^(wss?|websockets?)$/i.test(protocol);
}

/** The URL scheme of a WebSocket protocol name (`WebSocket` alone says nothing of TLS: wss). */
function webSocketScheme(protocol: string): string {
  const lower = protocol.toLowerCase();
  return lower === 'ws' ? 'ws' : isWebSocketProtocol(lower) ? 'wss' : lower;
}

/** AsyncAPI 3: scheme from the protocol, then host and pathname as written. */
function v3Url(server: AsyncApiServer): string {
  const host = String(server.json('host' as never) ?? '');
  const pathname = String(server.json('pathname' as never) ?? '');
  return `${webSocketScheme(server.protocol())}://${host}${pathname}`;
}
