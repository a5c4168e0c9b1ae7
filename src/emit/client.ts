/** `src/client.ts`: the `Client` type, `createClient`, the spec's servers and typed error lookups. */
import { StructureKind, VariableDeclarationKind } from 'ts-morph';
import type { Api, Channel, Operation, Schema } from '../ir/types.js';
import {
  banner,
  compareCodeUnits,
  referencedIds,
  runtimeTypeImport,
  schemaTypeImport,
  runtimeValueImport,
  writesBinary,
  createFile,
  valueImport,
  type EmitContext,
  type EmittedFiles,
  type FinalText,
  type Statement,
} from './context.js';
import { typeDeclaration } from './declarations.js';
import { literalWriter } from './literal-writer.js';
import { operationsModule } from './operations.js';
import { resolvedOf } from '../passes/resolve.js';
import { docLines, docText, propertyKey, stringLiteral } from './text.js';
import { typeTree, type MemberTree, type TypeTree } from './type-writer.js';

function doc(text: string | undefined) {
  return text ? [{ description: text }] : [];
}

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
 * What `src/client.ts` is made of, gathered operation by operation and channel by channel: the modules whose
 * functions are the methods (each imported whole, as a namespace), the channels' functions, each group's error
 * entries, and the types the errors read.
 */
class ClientFile {
  /** Each group's error entries, declared in a block of their own (see `errorBlock`). */
  readonly groups = new Map<string, MemberTree[]>();
  /** Each group's module, by the name client.ts imports it as. */
  readonly modules = new Map<string, string>();
  /** The channels' functions: methods too, picked from `./subscriptions.js` (which exports more). */
  readonly channelFunctions: string[] = [];
  readonly schemaTypes = new Set<string>();
  /** Error types are written inline here: they may need the BinaryInput type. */
  needsBinary = false;
  readonly #ctx: EmitContext;

  constructor(ctx: EmitContext) {
    this.#ctx = ctx;
  }

  addOperation(op: Operation): void {
    const ctx = this.#ctx;
    if (!this.groups.has(op.group!)) {
      this.groups.set(op.group!, []);
      this.modules.set(op.groupBinding!, operationsModule(op.group!));
    }
    if (op.websocketChannel) return;
    const errorBody = errorUnion(op, ctx);
    errorBody.ids.forEach((id) => this.schemaTypes.add(ctx.types.typeName(id)));
    this.needsBinary ||= errorBody.binary;
    this.groups
      .get(op.group!)!
      .push({ name: op.functionName!, type: errorBody.type, readonly: false, optional: false });
  }

  addChannel(channel: Channel): void {
    this.channelFunctions.push(channel.functionName!);
  }

  header(sources: string[]): Statement[] {
    const header: Statement[] = [banner(sources)];
    header.push(runtimeValueImport('http', ['bindMethods'], 'src'));
    header.push(runtimeValueImport('http-extended', ['createExtendedCore'], 'src'));
    header.push(runtimeTypeImport('http', ['BoundMethods', 'ClientConfig', 'ClientCore'], 'src'));
    header.push(runtimeValueImport('errors', ['ApiError'], 'src'));
    if (this.needsBinary) header.push(runtimeTypeImport('encode', ['BinaryInput'], 'src'));
    if (this.schemaTypes.size > 0) header.push(schemaTypeImport(this.#ctx, this.schemaTypes, './schemas.js'));
    for (const [binding, module] of [...this.modules].sort(([, a], [, b]) => compareCodeUnits(a, b)))
      header.push({ kind: StructureKind.ImportDeclaration, namespaceImport: binding, moduleSpecifier: module });
    if (this.channelFunctions.length > 0) header.push(valueImport(this.channelFunctions, SUBSCRIPTIONS_MODULE));
    return header;
  }

  /**
   * `Client`'s type: the core, and the functions of every operations module (and the channels' functions) as
   * methods. The methods are worked out from the functions (`BoundMethods`), so they cannot differ from them,
   * and a type-checker works out only those an app calls.
   */
  clientType(): string {
    const parts = [
      '{\n/** The configured core the standalone functions take as their first argument. */\nreadonly core: ClientCore;\n}',
      ...[...this.modules.keys()].map((binding) => `BoundMethods<typeof ${binding}>`),
    ];
    if (this.channelFunctions.length > 0)
      parts.push(
        `BoundMethods<Pick<typeof import(${stringLiteral(SUBSCRIPTIONS_MODULE)}), ${this.channelFunctions.map(stringLiteral).join(' | ')}>>`,
      );
    return parts.join(' & ');
  }

  /** What `createClient` binds: every operations module, and the channels' functions. */
  bound(): string[] {
    return [
      ...this.modules.keys(),
      ...(this.channelFunctions.length > 0 ? [`{ ${this.channelFunctions.join(', ')} }`] : []),
    ];
  }
}

const SUBSCRIPTIONS_MODULE = './subscriptions.js';

/** `servers`, the server variables, `OperationErrors`, `isOperationError`, `Client` and `createClient`. */
function mainStatements(api: Api, bound: string[], clientType: string): (Statement | FinalText)[] {
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
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: 'Client',
      docs: [
        {
          description: docLines([
            `A client for ${api.info.title} ${api.info.version}.`,
            "Create one with {@link createClient}. Each method is an operation function with the core bound (`client.getThing(params)` is `getThing(client.core, params)`): its parameters, result and documentation are the function's.",
          ])!,
        },
      ],
      type: clientType,
    },
    createClient(bound, variables !== undefined),
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

/** `createClient`: the core, and the functions of `bound` (see `ClientFile.bound`) as its methods. */
function createClient(bound: string[], variables: boolean): Statement {
  const { doc, configType, core } = createClientParts(variables);
  return {
    kind: StructureKind.Function,
    isExported: true,
    name: 'createClient',
    docs: [{ description: doc }],
    parameters: [{ name: 'config', type: configType, initializer: '{}' }],
    returnType: 'Client',
    statements: [core, `return bindMethods<Client>(core, ${bound.join(', ')});`],
  };
}

/**
 * A module for codegen's `--typecheck` only, never written: every method of `Client` is a function (an
 * operation function that does not take the core first would leave `never` there, which no app could call).
 */
export function clientCheckText(): string {
  const lines = [
    "import type { Client } from './client.js';",
    '',
    '/** The names of the methods that are not functions: none. */',
    'type NotMethods = { [K in keyof Client]: [Client[K]] extends [never] ? K : never }[keyof Client];',
    'export const everyMethodIsAFunction: [NotMethods] extends [never] ? true : NotMethods = true;',
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
    mainStatements(ctx.api, file.bound(), file.clientType()),
    ...[...file.groups].flatMap(([group, errors]) => (errors.length > 0 ? [[errorBlock(group, errors)]] : [])),
  ];
  createFile({ out, path: 'src/client.ts', header: file.header(sources), sections });
  return clientCheckText();
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

/**
 * One group's `OperationErrors` entries, declared apart from the other groups', so that an edit to one
 * operation changes (and re-formats) only its group's part of the file.
 */
function errorBlock(group: string, errors: MemberTree[]): Statement | FinalText {
  return typeDeclaration('OperationErrors', `The declared errors of the \`${docText(group)}\` operations.`, errors);
}
