/** AsyncAPI 2.x document -> IR channels (via @asyncapi/parser), with payloads through the shared schema converter. */
import { Parser } from '@asyncapi/parser';
import { diagnostic, DiagnosticError, type Diagnostic } from '../../diagnostics.js';
import type { Channel, Message, NamedSchema, Parameter, SecurityScheme, Server } from '../../ir/types.js';
import { joinPointer, type LoadedSource } from '../../load/source.js';
import { toSecurityScheme } from '../security.js';
import { SchemaRegistry } from '../refs.js';
import { isObject, type Json } from '../json.js';
import { convertSchema } from '../schema.js';

export interface AsyncApiResult {
  channels: Channel[];
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
    throw new DiagnosticError([
      diagnostic({
        code: 'CG004',
        message: 'no `asyncapi` field: this is not an AsyncAPI document',
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

export async function parseAsyncApi(source: LoadedSource): Promise<AsyncApiResult> {
  checkAsyncApiVersion(source);
  // Only the core rules (validity); the recommended ones are style lints the generator does not need.
  const parser = new Parser({ ruleset: { core: true, recommended: false } });
  const { document, diagnostics: found } = await parser.parse(source.text, { source: source.absPath });
  const errors = found
    .filter((d) => d.severity === SPECTRAL_ERROR)
    .map((d) =>
      diagnostic({
        code: d.code === 'invalid-ref' ? 'CG007' : 'CG006',
        message: d.message,
        file: source.displayPath,
        pointer: joinPointer(d.path.map(String)),
        line: d.range.start.line + 1,
        col: d.range.start.character + 1,
      }),
    );
  if (errors.length > 0 || !document) {
    throw new DiagnosticError(
      errors.length > 0
        ? errors
        : [diagnostic({ code: 'CG006', message: 'the AsyncAPI document could not be read', file: source.displayPath })],
    );
  }

  const raw = source.data as Json;
  const diagnostics: Diagnostic[] = [];
  const registry = new SchemaRegistry(raw, source.displayPath, diagnostics);
  // The parser hands back the same objects as `components.messages`: identity tells a component's key.
  const messageKeyOf = new Map<unknown, string>();
  for (const [key, value] of Object.entries(document.components().json().messages ?? {})) messageKeyOf.set(value, key);
  const requirements = (list: { all(): { scheme(): { id(): string } }[] }[]) =>
    list.map((req) => ({ schemes: req.all().map((r) => r.scheme().id()) }));
  const serverSecurity = document
    .servers()
    .all()
    .flatMap((s) => requirements(s.security()));

  const servers: Server[] = document
    .servers()
    .all()
    .map((s) => {
      const protocol = s.protocol();
      const url = s.url();
      return {
        url: /^[a-z]+:\/\//i.test(url) ? url : `${protocol}://${url}`,
        protocol,
        ...(s.description() ? { description: s.description()! } : {}),
      };
    });

  const channels: Channel[] = [];
  for (const channel of document.channels().all()) {
    const address = channel.address() ?? channel.id();
    const channelPointer = joinPointer(['channels', channel.id()]);
    const parameters: Parameter[] = channel
      .parameters()
      .all()
      .map((p) => ({
        name: p.id(),
        in: 'path',
        required: true,
        schema: convertSchema(
          p.schema()?.json() ?? {},
          `${channelPointer}/parameters/${p.id()}/schema`,
          registry.context,
        ),
        ...(p.description() ? { description: p.description()! } : {}),
      }));
    const binding = channel
      .bindings()
      .all()
      .find((b) => b.protocol() === 'ws');
    const method = isObject(binding?.value()) ? (binding!.value() as Json).method : undefined;
    for (const operation of channel.operations().all()) {
      // The document describes the application: what it sends (v2 `subscribe`, v3 `send`) the client receives.
      const action = operation.action();
      const receives = operation.isSend();
      const operationPointer = `${channelPointer}/${action}`;
      const messages: Message[] = operation
        .messages()
        .all()
        .map((m, i) => {
          const key = messageKeyOf.get(m.json());
          const name = key ?? m.name() ?? `${operation.id() ?? action}Message${i === 0 ? '' : i + 1}`;
          // A component message keeps its `$ref`s (and so its named types); an inline one is converted as resolved.
          const payloadId = key
            ? registry.add({
                pointer: joinPointer(['components', 'messages', key, 'payload']),
                name,
                source: 'component',
              })
            : registry.addResolved({
                pointer: `${operationPointer}/message/payload`,
                name,
                raw: m.payload()?.json() ?? {},
              });
          return {
            name,
            ...(m.title() ? { title: m.title()! } : {}),
            ...(m.summary() ? { summary: m.summary()! } : {}),
            ...(m.contentType() ? { contentType: m.contentType()! } : {}),
            payload: { kind: 'ref', target: payloadId },
          };
        });
      const security = requirements(operation.security());
      channels.push({
        operationId: operation.id() ?? `${action} ${address}`,
        address,
        ...(channel.description() ? { description: channel.description()! } : {}),
        ...(operation.summary() ? { summary: operation.summary()! } : {}),
        parameters,
        receives: receives ? messages : [],
        sends: receives ? [] : messages,
        ...(typeof method === 'string' ? { method } : {}),
        servers,
        security: security.length > 0 ? security : serverSecurity,
        origin: { file: source.displayPath, pointer: operationPointer },
      });
    }
  }

  const securitySchemes = document
    .components()
    .securitySchemes()
    .all()
    .map((scheme) => toSecurityScheme(scheme.id(), scheme.json() as Json));
  return { channels, schemas: registry.list(), servers, securitySchemes, title: document.info().title(), diagnostics };
}
