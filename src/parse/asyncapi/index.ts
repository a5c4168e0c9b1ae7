/**
 * AsyncAPI 2.x/3.x document -> IR channels (via @asyncapi/parser), one per socket, from the client's side;
 * payloads go through the shared schema converter.
 */
import type { Parser } from '@asyncapi/parser';
import type { Perspective } from '../../config.js';
import { diagnostic, DiagnosticError, type Diagnostic } from '../../diagnostics.js';
import type {
  Channel,
  Message,
  NamedSchema,
  Parameter,
  RequestReply,
  SecurityRequirement,
  SecurityScheme,
  Server,
} from '../../ir/types.js';
import { joinPointer, splitPointer, type LoadedSource } from '../../load/source.js';
import { toSecurityScheme } from '../security.js';
import { isRemoteRefFailure, REMOTE_REF_HELP, SchemaRegistry } from '../refs.js';
import { repairRefs } from '../repair-refs.js';
import { isObject, type Json } from '../json.js';
import { convertSchema } from '../schema.js';
import { bundleFiles, scanRefs } from '../openapi/validate.js';
import { parserRuleset } from './structure.js';
import { prepareRulesetCheck } from './ruleset-check.js';
import { asyncApiParser } from './parser-module.js';

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
  const { document, raw, placedNames, diagnostics } = await validated(source);
  return new AsyncApiReader(source, document, raw, placedNames, diagnostics, perspective).read();
}

/**
 * The document as @asyncapi/parser models it, once it has no error a client cannot do without; the document's
 * JSON with the files its `$ref`s reach bundled in (what schemas are read from), and the names of what bundling
 * placed (see bundledNames); and the warnings so far.
 */
async function validated(source: LoadedSource): Promise<{
  document: AsyncApiDocument;
  raw: Json;
  placedNames: ReadonlyMap<string, string>;
  diagnostics: Diagnostic[];
}> {
  // Spectral's check of this fixed ruleset is left to the tests (ruleset-check.ts).
  prepareRulesetCheck();
  const parser = new (asyncApiParser().Parser)({ ruleset: parserRuleset() });
  // A repaired document is handed over as JSON; the parser's positions are then those of that text.
  const repaired = repairRefs(source);
  // So is a document read leniently (its YAML is not YAML 1.2).
  const input = repaired.data === source.data && !source.readWarnings ? source.text : JSON.stringify(repaired.data);
  // Errors do not stop the parser here: those that do not stop a correct client are warnings (below).
  const { document, diagnostics: found } = await parser.parse(input, {
    source: source.absPath,
    validateOptions: { allowedSeverity: { error: true } },
  });
  const at = (d: (typeof found)[number]) => ({
    file: source.displayPath,
    pointer: joinPointer(d.path.map(String)),
    line: d.range.start.line + 1,
    col: d.range.start.character + 1,
  });
  const warnings = found
    .filter((d) => d.severity === SPECTRAL_ERROR && tolerated(d))
    .map((d) =>
      diagnostic({
        code: 'CG013',
        message: `${d.message} (${d.code}; generated anyway: it does not change what a client sends or receives)`,
        ...at(d),
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
        ...at(d),
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
  const bundled = scanRefs(source, repaired.data).external
    ? await bundleFiles(source, repaired.data)
    : { doc: repaired.data, placedNames: new Map<string, string>() };
  return {
    document,
    raw: bundled.doc as Json,
    placedNames: bundled.placedNames,
    diagnostics: [...(source.readWarnings ?? []), ...repaired.diagnostics, ...warnings],
  };
}

type SecurityList = { all(): { scheme(): { id(): string } }[] }[];

const requirements = (list: SecurityList) => list.map((req) => ({ schemes: req.all().map((r) => r.scheme().id()) }));

/** Reads a validated document, concern by concern: servers, messages (and correlation), channels, operations. */
class AsyncApiReader {
  readonly #source: LoadedSource;
  readonly #document: AsyncApiDocument;
  readonly #diagnostics: Diagnostic[];
  readonly #perspective: Perspective;
  readonly #registry: SchemaRegistry;
  readonly #v2: boolean;
  /** The parser hands back the same objects as `components.messages`: identity tells a component's key. */
  readonly #messageKeyOf = new Map<unknown, string>();
  /** One IR message per spec message, whichever operations and channels list it. */
  readonly #messages = new Map<unknown, Message>();
  readonly #serverSecurity: SecurityRequirement[];
  readonly #unused: { id: string; messages: number }[] = [];
  /** AsyncAPI 3: a channel an operation replies on is used, by that operation (its messages are its replies). */
  readonly #replyChannels: Set<string>;

  constructor(
    source: LoadedSource,
    document: AsyncApiDocument,
    raw: Json,
    placedNames: ReadonlyMap<string, string>,
    diagnostics: Diagnostic[],
    perspective: Perspective,
  ) {
    this.#source = source;
    this.#document = document;
    this.#diagnostics = diagnostics;
    this.#perspective = perspective;
    this.#registry = new SchemaRegistry(raw, source.displayPath, diagnostics, placedNames);
    this.#v2 = document.version().startsWith('2.');
    for (const [key, value] of Object.entries(document.components().json().messages ?? {}))
      this.#messageKeyOf.set(value, key);
    this.#serverSecurity = document
      .servers()
      .all()
      .flatMap((s) => requirements(s.security()));
    this.#replyChannels = new Set(
      this.#v2
        ? []
        : document
            .operations()
            .all()
            .flatMap((o) => (o.reply()?.channel()?.id() ?? []) as string[]),
    );
  }

  read(): AsyncApiResult {
    const channels = this.#document
      .channels()
      .all()
      .flatMap((channel) => this.#channel(channel) ?? []);
    const securitySchemes = this.#document
      .components()
      .securitySchemes()
      .all()
      .map((scheme) => toSecurityScheme(scheme.id(), scheme.json() as Json));
    return {
      channels,
      unusedChannels: this.#unused,
      schemas: this.#registry.list(),
      servers: this.#document
        .servers()
        .all()
        .map((s) => this.#server(s)),
      securitySchemes,
      title: this.#document.info().title(),
      diagnostics: this.#diagnostics,
    };
  }

  #server(s: AsyncApiServer): Server {
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
      url: this.#v2 ? (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `${webSocketScheme(protocol)}://${url}`) : v3Url(s),
      protocol,
      ...(s.description() ? { description: s.description()! } : {}),
      ...(Object.keys(variables).length > 0 ? { variables } : {}),
    };
  }

  #message(m: AsyncApiMessage, hint: string, i: number): Message {
    const known = this.#messages.get(m.json());
    if (known) return known;
    const key = this.#messageKeyOf.get(m.json());
    const explicitId = m.hasMessageId() ? (m.json('messageId' as never) as string) : this.#v2 ? undefined : m.id();
    const name = key ?? m.name() ?? explicitId ?? `${hint} message${i === 0 ? '' : ` ${i + 1}`}`;
    const pointer = String(m.meta('pointer') ?? '');
    // A component message keeps its `$ref`s (and so its named types); an inline one is converted as resolved.
    const payloadId = key
      ? this.#registry.add({
          pointer: joinPointer(['components', 'messages', key, 'payload']),
          name,
          source: 'component',
        })
      : this.#registry.addResolved({ pointer: `${pointer}/payload`, name, raw: m.payload()?.json() ?? {} });
    const correlationPath = this.#correlationPath(m, name, pointer);
    const message: Message = {
      name,
      ...(m.title() ? { title: m.title()! } : {}),
      ...(m.summary() ? { summary: m.summary()! } : {}),
      ...(m.contentType() ? { contentType: m.contentType()! } : {}),
      payload: { kind: 'ref', target: payloadId },
      ...(correlationPath ? { correlationPath } : {}),
    };
    this.#messages.set(m.json(), message);
    return message;
  }

  /** Where the payload carries the message's correlation id; a location outside the payload is CG012. */
  #correlationPath(m: AsyncApiMessage, name: string, pointer: string): string[] | undefined {
    const location = m.correlationId()?.location();
    if (location === undefined) return undefined;
    const match = /^\$message\.payload#(.*)$/.exec(location);
    if (match) return splitPointer(match[1]!);
    this.#diagnostics.push(
      diagnostic({
        code: 'CG012',
        message: `message "${name}": correlation id location ${JSON.stringify(location)} is not in the payload; WebSocket frames have no headers, so its replies are matched in order instead`,
        file: this.#source.displayPath,
        pointer: `${pointer}/correlationId`,
        ...this.#source.locate(`${pointer}/correlationId`),
      }),
    );
    return undefined;
  }

  /** A message whose payload the spec does not describe. */
  #unknownMessage(pointer: string, hint: string): Message {
    const name = `${hint} message`;
    return {
      name,
      payload: { kind: 'ref', target: this.#registry.addResolved({ pointer: `${pointer}/payload`, name, raw: {} }) },
    };
  }

  #parameters(channel: AsyncApiChannel, address: string, channelPointer: string): Parameter[] {
    return (
      channel
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
            this.#registry.context,
          ),
          ...(p.description() ? { description: p.description()! } : {}),
        }))
    );
  }

  /** A channel with no operation: its messages' types; listed as unused, or skipped when it has no message. */
  #declaredOnly(channel: AsyncApiChannel, channelPointer: string): void {
    // Declared only (AsyncAPI 3 allows it): its messages' types, and no client function that delivers nothing.
    channel
      .messages()
      .all()
      .forEach((m, i) => this.#message(m, channel.id(), i));
    const messageCount = channel.messages().all().length;
    if (this.#replyChannels.has(channel.id())) return;
    if (messageCount > 0) this.#unused.push({ id: channel.id(), messages: messageCount });
    else
      this.#diagnostics.push(
        diagnostic({
          code: 'CG022',
          message: `channel "${channel.id()}" has no operation and no message: skipped`,
          file: this.#source.displayPath,
          pointer: channelPointer,
          ...this.#source.locate(channelPointer),
        }),
      );
  }

  /** What the client receives and sends on a channel, and its request/reply calls, from its operations. */
  #operations(
    channel: AsyncApiChannel,
    channelPointer: string,
  ): { receives: Message[]; sends: Message[]; requests: RequestReply[] } {
    const hint = channel.id();
    const receives: Message[] = [];
    const sends: Message[] = [];
    const requests: RequestReply[] = [];
    const addUnique = (list: Message[], items: Message[]) => {
      for (const item of items) if (!list.includes(item)) list.push(item);
    };
    for (const operation of channel.operations().all()) {
      const listed = operation.messages().all();
      // AsyncAPI 3: an operation that lists no message uses the channel's. In v2 the channel's messages are
      // those of both its operations, so they are not this one's.
      const declared = listed.length > 0 || this.#v2 ? listed : channel.messages().all();
      // An operation that names no message (a v2 `publish` without one) still sends or receives: `unknown`.
      const own =
        declared.length > 0
          ? declared.map((m, i) => this.#message(m, hint, i))
          : [
              this.#unknownMessage(
                `${channelPointer}/${operation.id() ?? (operation.isSend() ? 'send' : 'receive')}`,
                operation.id() ?? hint,
              ),
            ];
      const reply = this.#v2 ? undefined : operation.reply();
      const replies = reply
        ? (reply.messages().all().length > 0 ? reply.messages().all() : (reply.channel()?.messages().all() ?? [])).map(
            (m, i) => this.#message(m, `${operation.id()} reply`, i),
          )
        : [];
      const clientReceives = this.#perspective === 'server' ? operation.isSend() : operation.isReceive();
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
    return { receives, sends, requests };
  }

  /**
   * Whether the client can speak the channel's protocol: WebSocket servers (or none named), and not Socket.IO,
   * which runs its own framing (`42["event", ...]`) over a WebSocket.
   */
  #transport(channel: AsyncApiChannel): Pick<Channel, 'transport' | 'protocols'> & { socketIo: boolean } {
    const channelServers = channel.servers().all();
    const protocols = [...new Set(channelServers.map((s) => s.protocol()))];
    const socketIo = [
      ...protocols,
      ...channel
        .bindings()
        .all()
        .map((b) => b.protocol()),
      ...channel
        .operations()
        .all()
        .flatMap((o) =>
          o
            .bindings()
            .all()
            .map((b) => b.protocol()),
        ),
    ].some((name) => SOCKET_IO.test(name));
    const webSocket = channelServers.length === 0 || channelServers.some((s) => isWebSocketProtocol(s.protocol()));
    return { transport: !socketIo && webSocket ? 'websocket' : 'unsupported', protocols, socketIo };
  }

  #channel(channel: AsyncApiChannel): Channel | undefined {
    const address = channel.address() ?? '';
    const channelPointer = String(channel.meta('pointer') ?? joinPointer(['channels', channel.id()]));
    const operations = channel.operations().all();
    if (operations.length === 0) return void this.#declaredOnly(channel, channelPointer);
    const parameters = this.#parameters(channel, address, channelPointer);
    const binding = channel
      .bindings()
      .all()
      .find((b) => isWebSocketProtocol(b.protocol()));
    const method = isObject(binding?.value()) ? (binding!.value() as Json).method : undefined;
    const { receives, sends, requests } = this.#operations(channel, channelPointer);
    const explicitIds = operations.map((o) => (this.#v2 ? o.operationId() : o.id())).filter((id) => id !== undefined);
    const { transport, protocols, socketIo } = this.#transport(channel);
    if (transport === 'unsupported' && (receives.length > 0 || sends.length > 0))
      this.#diagnostics.push(
        diagnostic({
          code: 'CG011',
          message: `channel "${channel.id()}" is served over ${socketIo ? 'Socket.IO' : protocols.join(', ')}, which codegen does not implement: its message types are generated, but no client function`,
          file: this.#source.displayPath,
          pointer: channelPointer,
          ...this.#source.locate(channelPointer),
        }),
      );
    const security = operations.flatMap((o) => requirements(o.security()));
    return {
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
      servers: channel
        .servers()
        .all()
        .filter((s) => isWebSocketProtocol(s.protocol()))
        .map((s) => this.#server(s)),
      security: security.length > 0 ? security : this.#serverSecurity,
      origin: { file: this.#source.displayPath, pointer: channelPointer },
    };
  }
}

type AsyncApiDocument = Awaited<ReturnType<Parser['parse']>>['document'] & object;
type AsyncApiServer = ReturnType<ReturnType<AsyncApiDocument['servers']>['all']>[number];
type AsyncApiMessage = ReturnType<ReturnType<AsyncApiDocument['messages']>['all']>[number];
type AsyncApiChannel = ReturnType<ReturnType<AsyncApiDocument['channels']>['all']>[number];

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
