/** `src/client.ts`: the `Client` interface, `createClient`, the spec's servers and typed error lookups. */
import { StructureKind, VariableDeclarationKind } from 'ts-morph';
import type { Api, Channel, Operation, Schema } from '../ir/types.js';
import {
  banner,
  compareCodeUnits,
  referencedIds,
  runtimeTypeImport,
  schemaTypeImport,
  runtimeValueImport,
  typeImport,
  writesBinary,
  createFile,
  valueImport,
  type EmitContext,
  type EmittedFiles,
  type FinalText,
  type Statement,
} from './context.js';
import { methodsDeclaration, typeDeclaration } from './declarations.js';
import type { MethodShape } from './function-layout.js';
import { docComment, pad } from './type-layout.js';
import { literalWriter } from './literal-writer.js';
import { returnShape } from './operations.js';
import { resolvedOf } from '../passes/resolve.js';
import { docLines, docText, propertyKey, stringLiteral } from './text.js';
import { typeTree, type MemberTree, type TypeTree } from './type-writer.js';

/** A method of the client: its operation function's name, and whether its type is an overload the check casts to. */
export interface BoundMethod {
  name: string;
  cast: boolean;
}

/** A return type that is a type's name (or other text written as it is). */
const named = (text: string): MethodShape['returns'] => ({ before: '', type: { t: 'word', text }, after: '' });

function firstSentence(text: string): string {
  const line = text.split('\n')[0]!;
  const end = line.search(/\.(\s|$)/);
  return end === -1 ? line : line.slice(0, end + 1);
}

function doc(text: string | undefined) {
  return text ? [{ description: text }] : [];
}

/** `doc` as a method's: absent when there is none. */
const methodDoc = (text: string | undefined): { doc?: string } => (text ? { doc: text } : {});

/**
 * The errors an operation declares, as a union by status: `{ status: 404; body: NotFound | string | undefined }`,
 * ranges and `default` as `status: number`. A JSON body is the declared type when it parses, the text when it
 * does not (a proxy's HTML page), `undefined` when there is none; a response declared without a JSON body is
 * `unknown`. `never` when the operation declares no error response.
 */
function errorUnion(op: Operation, ctx: EmitContext): { type: TypeTree; ids: Set<string>; binary: boolean } {
  const errors = resolvedOf(op).errors;
  const byStatus = new Map(errors.map((e) => [e.status, e.typed ? e.bodies : ('unknown' as const)]));
  const ids = new Set<string>();
  const schemas = [...byStatus.values()].flatMap((b) => (b === 'unknown' ? [] : b));
  schemas.forEach((s) => referencedIds(s, ids));
  const word = (text: string): TypeTree => ({ t: 'word', text });
  const bodyType = (body: Schema[] | 'unknown'): TypeTree => {
    if (body === 'unknown') return word('unknown');
    // Several statuses often share one body type: each type once (`ErrorBody`, not `ErrorBody | ErrorBody`).
    const seen = new Set<string>();
    const members: TypeTree[] = [];
    for (const schema of body) {
      const key = JSON.stringify(schema);
      if (seen.has(key)) continue;
      seen.add(key);
      members.push(typeTree(schema, ctx.types));
    }
    return { t: 'union', members: [...members, word('string'), word('undefined')] };
  };
  const member = (name: string, type: TypeTree): MemberTree => ({ name, type, readonly: false, optional: false });
  const entries: TypeTree[] = [...byStatus].map(([status, body]) => ({
    t: 'object',
    inline: true,
    members: [member('status', word(String(status))), member('body', bodyType(body))],
  }));
  return {
    ids,
    binary: schemas.some(writesBinary),
    type: entries.length === 0 ? word('never') : entries.length === 1 ? entries[0]! : { t: 'union', members: entries },
  };
}

/**
 * What `src/client.ts` is made of, gathered operation by operation and channel by channel: each group's
 * methods and error entries, the members of the object `createClient` returns, and what the file imports.
 */
class ClientFile {
  /** Each group's methods and error bodies, declared in a block of their own (see `groupBlocks`). */
  readonly groups = new Map<string, { methods: MethodShape[]; errors: MemberTree[] }>();
  readonly channelMethods: MethodShape[] = [];
  /** The members of the object `createClient` returns: each method bound to the core. */
  readonly members: BoundMethod[] = [];
  readonly schemaTypes = new Set<string>();
  /** Response and error types are written inline here: they may need the BinaryInput type. */
  needsBinary = false;
  eventStreams = false;
  readonly #values = new Map<string, Set<string>>();
  readonly #types = new Map<string, Set<string>>();
  readonly #ctx: EmitContext;

  constructor(ctx: EmitContext) {
    this.#ctx = ctx;
  }

  #import(map: Map<string, Set<string>>, module: string, name: string): void {
    map.set(module, (map.get(module) ?? new Set()).add(name));
  }

  #bound(name: string, cast = false): void {
    this.members.push({ name, cast });
  }

  #schemaTypes(schema: Schema): void {
    for (const id of referencedIds(schema)) this.schemaTypes.add(this.#ctx.types.typeName(id));
    this.needsBinary ||= writesBinary(schema);
  }

  addOperation(op: Operation): void {
    const ctx = this.#ctx;
    const module = `./operations/${op.group!}.js`;
    if (!this.groups.has(op.group!)) this.groups.set(op.group!, { methods: [], errors: [] });
    const { methods, errors } = this.groups.get(op.group!)!;
    const name = op.functionName!;
    this.#import(this.#values, module, name);
    this.#import(this.#types, module, op.paramsTypeName!);
    // The summary and the route; the full description stays on the standalone function, linked here.
    const docs = methodDoc(
      docLines([
        op.summary ?? (op.description ? firstSentence(op.description) : undefined),
        `\`${op.method.toUpperCase()} ${docText(op.path)}\` ({@link ${name}})`,
        op.deprecated ? '@deprecated' : undefined,
      ]),
    );
    if (op.websocketChannel) {
      const channel = ctx.channelById.get(op.websocketChannel)!;
      this.#import(this.#types, './subscriptions.js', channel.handleTypeName!);
      methods.push({
        name,
        ...docs,
        parameters: [
          { name: 'params', type: op.paramsTypeName! },
          { name: 'options', type: channel.outgoingTypeName ? 'ConnectOptions' : 'SubscribeOptions', optional: true },
        ],
        returns: returnShape(op, ctx),
      });
      this.#bound(name);
      return;
    }
    const r = resolvedOf(op);
    if (r.result.schema) this.#schemaTypes(r.result.schema);
    const paramsParam = { name: 'params', type: op.paramsTypeName!, optional: !r.paramsRequired };
    if (r.result.delivery === 'binary') {
      methods.push(
        {
          name,
          ...docs,
          parameters: [
            { ...paramsParam, optional: false },
            { name: 'options', type: "RequestOptions & { binaryAs: 'stream' }" },
          ],
          returns: named('Promise<ReadableStream<Uint8Array>>'),
        },
        {
          name,
          parameters: [paramsParam, { name: 'options', type: 'RequestOptions', optional: true }],
          returns: named('Promise<Uint8Array>'),
        },
      );
      // The streaming overload cannot be inferred from the function alone (see `clientCheckText`).
      this.#bound(name, true);
    } else {
      const sse = r.result.delivery === 'sse';
      this.eventStreams ||= sse;
      methods.push({
        name,
        ...docs,
        parameters: [
          paramsParam,
          { name: 'options', type: sse ? 'EventStreamOptions' : 'RequestOptions', optional: true },
        ],
        returns: returnShape(op, ctx),
      });
      this.#bound(name);
    }
    if (op.pagination) {
      const iterator = op.pagination.iteratorName!;
      this.#import(this.#values, module, iterator);
      methods.push({
        name: iterator,
        doc: `Every item of {@link Client.${name}}, following the cursor page after page.`,
        parameters: [paramsParam, { name: 'options', type: 'RequestOptions', optional: true }],
        returns: named(`ReturnType<typeof ${iterator}>`),
      });
      this.#bound(iterator);
    }
    const errorBody = errorUnion(op, ctx);
    errorBody.ids.forEach((id) => this.schemaTypes.add(ctx.types.typeName(id)));
    this.needsBinary ||= errorBody.binary;
    errors.push({ name, type: errorBody.type, readonly: false, optional: false });
  }

  addChannel(channel: Channel): void {
    const name = channel.functionName!;
    this.#import(this.#values, './subscriptions.js', name);
    this.#import(this.#types, './subscriptions.js', channel.paramsTypeName!);
    this.#import(this.#types, './subscriptions.js', channel.handleTypeName!);
    const duplex = channel.outgoingTypeName !== undefined;
    this.channelMethods.push({
      name,
      ...methodDoc(
        docLines([
          channel.summary,
          `${duplex ? 'Connects to' : 'Subscribes to'} the WebSocket \`${docText(channel.address)}\`.`,
        ]),
      ),
      parameters: [
        { name: 'params', type: channel.paramsTypeName!, optional: channel.parameters.length === 0 },
        { name: 'options', type: duplex ? 'ConnectOptions' : 'SubscribeOptions', optional: true },
      ],
      returns: named(channel.handleTypeName!),
    });
    this.#bound(name);
  }

  header(sources: string[]): Statement[] {
    const { api, channelById } = this.#ctx;
    const live = api.channels.filter((c) => c.transport === 'websocket');
    const linked = api.operations.flatMap((op) => (op.websocketChannel ? [channelById.get(op.websocketChannel)!] : []));
    const optionTypes = [
      ...([...live, ...linked].some((c) => !c.outgoingTypeName) ? (['SubscribeOptions'] as const) : []),
      ...([...live, ...linked].some((c) => c.outgoingTypeName) ? (['ConnectOptions'] as const) : []),
    ];
    const header: Statement[] = [banner(sources)];
    header.push(runtimeValueImport('http', ['bindMethods'], 'src'));
    header.push(runtimeValueImport('http-extended', ['createExtendedCore'], 'src'));
    header.push(runtimeTypeImport('http', ['ClientConfig', 'ClientCore', 'RequestOptions'], 'src'));
    header.push(runtimeValueImport('errors', ['ApiError'], 'src'));
    if (optionTypes.length > 0) header.push(runtimeTypeImport('websocket', optionTypes, 'src'));
    if (this.needsBinary) header.push(runtimeTypeImport('encode', ['BinaryInput'], 'src'));
    if (this.eventStreams) header.push(runtimeTypeImport('sse', ['EventStream', 'EventStreamOptions'], 'src'));
    if (this.schemaTypes.size > 0) header.push(schemaTypeImport(this.#ctx, this.schemaTypes, './schemas.js'));
    for (const [module, names] of [...this.#values].sort(([a], [b]) => compareCodeUnits(a, b)))
      header.push(valueImport(names, module));
    for (const [module, names] of [...this.#types].sort(([a], [b]) => compareCodeUnits(a, b)))
      header.push(typeImport(names, module));
    return header;
  }
}

/** `servers`, the server variables, `OperationErrors`, `isOperationError`, `Client` and `createClient`. */
function mainStatements(api: Api, members: BoundMethod[]): (Statement | FinalText)[] {
  const variables = api.servers[0]?.variables;
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [{ description: 'The servers the spec lists; the first is the default `baseUrl`.' }],
      declarations: [
        {
          name: 'servers',
          initializer: (w) => (literalWriter(api.servers.map((s) => s.url))(w), w.write(' as const')),
        },
      ],
    },
    ...serverVariableStatements(api),
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        {
          name: 'defaultBaseUrl',
          type: 'string | undefined',
          initializer: variables ? 'serverUrl()' : api.servers.length > 0 ? 'servers[0]' : 'undefined',
        },
      ],
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: 'OperationErrors',
      docs: [
        {
          description:
            "The error responses each operation declares, by the name of its method: a union by `status` (ranges and `default` as `number`), so that checking the status narrows the body. A JSON body is the declared type, or the text when it is not JSON (a proxy's HTML page), or `undefined` when the response had none. Declared group by group below.",
        },
      ],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: 'isOperationError',
      docs: [
        {
          description:
            "Narrows a caught error to an {@link ApiError} of one operation whose status the operation declares (a listed status, its range, or `default`), with the body that status declares. Other statuses (a proxy's 502) stay plain `ApiError`s.",
        },
      ],
      typeParameters: [{ name: 'K', constraint: 'keyof OperationErrors' }],
      parameters: [
        { name: 'error', type: 'unknown' },
        { name: 'operation', type: 'K' },
      ],
      returnType: 'error is ApiError & OperationErrors[K]',
      statements: ['return error instanceof ApiError && error.operation === operation && error.declared;'],
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: 'Client',
      docs: [
        {
          description: docLines([
            `A client for ${api.info.title} ${api.info.version}.`,
            'Create one with {@link createClient}. Its methods are declared group by group below.',
          ])!,
        },
      ],
      properties: [
        {
          name: 'core',
          isReadonly: true,
          type: 'ClientCore',
          docs: [{ description: 'The configured core the standalone functions take as their first argument.' }],
        },
      ],
    },
    createClient(members, variables !== undefined),
  ];
}

/** What `createClient` is made of: its doc, the type of its config, the line that makes the core. */
function createClientParts(variables: boolean) {
  return {
    doc: 'Creates a client with every operation as a method. `baseUrl` defaults to the first server of the spec.',
    configType: variables ? 'ClientConfig & { serverVariables?: ServerVariables }' : 'ClientConfig',
    core: `const core = createExtendedCore({ ...config, baseUrl: config.baseUrl ?? ${variables ? 'serverUrl(config.serverVariables)' : 'defaultBaseUrl'} });`,
  };
}

/** `createClient`'s last statement: the core and the operation functions, as methods (see `bindMethods`). */
const BIND = 'return bindMethods<Client>(core, {';
/** The functions are exactly the `Client` methods: none missing, none left over (their types: see `clientCheckText`). */
const SATISFIES = "satisfies Record<Exclude<keyof Client, 'core'>, unknown>";

/**
 * `createClient` in final form, as prettier lays it out: every line fits but a method's, which is a name alone
 * (shorthand) and which prettier leaves as it is, however long.
 */
export function createClientText(members: BoundMethod[], variables: boolean): string {
  const { doc, configType, core } = createClientParts(variables);
  const call =
    members.length === 0
      ? [`${pad(1)}${BIND}} ${SATISFIES});`]
      : [`${pad(1)}${BIND}`, ...members.map((m) => `${pad(2)}${m.name},`), `${pad(1)}} ${SATISFIES});`];
  const lines = [
    ...docComment(doc, 0, 'jsdoc'),
    `export function createClient(config: ${configType} = {}): Client {`,
    `${pad(1)}${core}`,
    ...call,
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/** `createClient`: the core, and every method bound to it. */
function createClient(members: BoundMethod[], variables: boolean): FinalText {
  return { final: createClientText(members, variables) };
}

/**
 * A module for codegen's `--typecheck` only, never written: each `Client` method as the type-checker infers it
 * from its operation function with the core bound, checked against the method `Client` declares. The package
 * binds the methods without that inference (`bindMethods`), which a type-checker would otherwise repeat for
 * every method of every client on every build.
 */
export function clientCheckText(members: BoundMethod[]): string {
  const lines = [
    "import type { Client } from './client.js';",
    "import type { ClientCore } from './runtime/http.js';",
    "import * as api from './index.js';",
    '',
    'declare function bind<P, O, R>(fn: (core: ClientCore, params: P, options?: O) => R): (params: P, options?: O) => R;',
    '',
    "export const methods: Omit<Client, 'core'> = {",
    // The streaming overload of a binary download cannot be inferred through `bind`: the cast keeps both.
    ...members.map((m) => `  ${m.name}: bind(api.${m.name})${m.cast ? ` as Client['${m.name}']` : ''},`),
    '};',
  ];
  return lines.join('\n') + '\n';
}

/** Where the check of the client's methods stands among the sources while they are type-checked. */
export const CLIENT_CHECK_FILE = 'src/client.check.ts';

/** Emits `src/client.ts`; returns the check of its methods for `--typecheck` (`clientCheckText`). */
export function emitClient(out: EmittedFiles, ctx: EmitContext, sources: string[]): string {
  const file = new ClientFile(ctx);
  for (const op of ctx.api.operations) file.addOperation(op);
  for (const channel of ctx.api.channels) if (channel.transport === 'websocket') file.addChannel(channel);
  const sections = [
    mainStatements(ctx.api, file.members),
    ...[...file.groups].map(([group, declared]) => groupBlocks(group, declared)),
  ];
  if (file.channelMethods.length > 0) sections.push([clientBlock('The WebSocket subscriptions', file.channelMethods)]);
  createFile({ out, path: 'src/client.ts', header: file.header(sources), sections });
  return clientCheckText(file.members);
}

/**
 * The default server's `{variables}`: a typed `ServerVariables` (enums as unions) and `serverUrl()`, which
 * fills them in, the spec's defaults where a value is not given.
 */
function serverVariableStatements(api: Api): Statement[] {
  const server = api.servers[0];
  if (!server?.variables) return [];
  const entries = Object.entries(server.variables);
  const parts = server.url.split(/(\{[^}]+\})/).filter((part) => part !== '');
  return [
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: 'ServerVariables',
      docs: [{ description: `Values for the variables of the default server URL \`${docText(server.url)}\`.` }],
      properties: entries.map(([name, v]) => ({
        name: propertyKey(name),
        hasQuestionToken: v.default !== undefined,
        type: v.enum ? v.enum.map(stringLiteral).join(' | ') : 'string',
        docs: doc(
          docLines([v.description, v.default !== undefined ? `Default: \`${docText(v.default)}\`.` : undefined]),
        ),
      })),
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: 'serverUrl',
      docs: [
        { description: "The default server URL with its variables filled in (the spec's defaults where not given)." },
      ],
      parameters: [
        {
          name: 'variables',
          type: 'ServerVariables',
          ...(entries.every(([, v]) => v.default !== undefined) ? { initializer: '{}' } : {}),
        },
      ],
      returnType: 'string',
      statements: [
        (writer) => {
          writer.write('return ');
          parts.forEach((part, i) => {
            if (i > 0) writer.write(' + ');
            const name = /^\{([^}]+)\}$/.exec(part)?.[1];
            const variable = name === undefined ? undefined : server.variables![name];
            if (name === undefined || variable === undefined) writer.write(stringLiteral(part));
            else
              writer.write(
                `(variables${/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${stringLiteral(name)}]`}${variable.default !== undefined ? ` ?? ${stringLiteral(variable.default)}` : ''})`,
              );
          });
          writer.write(';');
        },
      ],
    },
  ];
}

/** A block of `Client` methods; TypeScript merges the blocks into one interface. */
function clientBlock(what: string, methods: MethodShape[]): Statement | FinalText {
  return methodsDeclaration('Client', `${what} of {@link Client}.`, methods);
}

/**
 * One group's `OperationErrors` entries and `Client` methods, declared apart from the other groups', so
 * that an edit to one operation changes (and re-formats) only its group's part of the file.
 */
function groupBlocks(
  group: string,
  declared: { methods: MethodShape[]; errors: MemberTree[] },
): (Statement | FinalText)[] {
  const blocks: (Statement | FinalText)[] = [];
  if (declared.errors.length > 0)
    blocks.push(
      typeDeclaration(
        'OperationErrors',
        `The declared errors of the \`${docText(group)}\` operations.`,
        declared.errors,
      ),
    );
  blocks.push(clientBlock(`The \`${docText(group)}\` operations`, declared.methods));
  return blocks;
}
