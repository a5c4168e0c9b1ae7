/** `src/operations/<group>.ts`: params types, descriptors and a standalone function per operation. */
import { StructureKind, VariableDeclarationKind, type WriterFunction } from 'ts-morph';
import type { Api, Operation, Schema } from '../ir/types.js';
import type { RuntimeType, RuntimeValue } from './runtime-symbols.js';
import {
  banner,
  compareCodeUnits,
  createFile,
  errorResponses,
  isJsonMedia,
  mediaBase,
  preferredBody,
  preferredContent,
  referencedIds,
  responseKind,
  runtimeTypeImport,
  schemaTypeImport,
  runtimeValueImport,
  successResponse,
  typeImport,
  writesBinary,
  valueImport,
  type EmitContext,
  type EmittedFiles,
  type Statement,
} from './context.js';
import { channelShapes, INT64_MODULE, operationShapes, shapeLiteral, shapeNames } from './int64.js';
import { Call, Identifier, literalWriter } from './literal-writer.js';
import { securitySpec } from './security.js';
import { docLines, docText, propertyKey, stringLiteral } from './text.js';
import { typeWriter } from './type-writer.js';

const IDEMPOTENCY_HEADER = /^idempotency[-_]?key$/i;

export interface OperationShape {
  op: Operation;
  bodySchema?: Schema;
  bodyMediaType?: string;
  responseSchema?: Schema;
  kind: ReturnType<typeof responseKind>;
  paramsRequired: boolean;
  hasParams: boolean;
}

export function operationShape(op: Operation): OperationShape {
  const body = preferredBody(op);
  const content = preferredContent(successResponse(op));
  const kind = responseKind(content);
  return {
    op,
    ...(body ? { bodySchema: body.schema, bodyMediaType: body.mediaType } : {}),
    ...(content && (kind === 'json' || kind === 'sse') ? { responseSchema: content.schema } : {}),
    kind,
    paramsRequired: op.parameters.some((p) => p.required) || (body !== undefined && op.body?.required === true),
    hasParams: op.parameters.length > 0 || body !== undefined,
  };
}

/** Whether each event of an event stream carries JSON data (else text: the spec says string, or nothing). */
export function eventDataKind(shape: OperationShape): 'json' | 'text' {
  const kind = shape.responseSchema?.kind;
  return kind === undefined || kind === 'string' || kind === 'unknown' ? 'text' : 'json';
}

/** The TypeScript type the operation resolves to (for an event stream: the type of each event's data). */
export function responseTypeWriter(shape: OperationShape, ctx: EmitContext): WriterFunction {
  if (shape.kind === 'json') return typeWriter(shape.responseSchema ?? { kind: 'unknown' }, ctx.types);
  if (shape.kind === 'sse')
    return eventDataKind(shape) === 'json' ? typeWriter(shape.responseSchema!, ctx.types) : (w) => w.write('string');
  if (shape.kind === 'binary') return (w) => w.write('Uint8Array');
  if (shape.kind === 'text') return (w) => w.write('string');
  return (w) => w.write('void');
}

export function operationDoc(op: Operation): string | undefined {
  return docLines([
    op.summary,
    op.description !== op.summary ? op.description : undefined,
    op.deprecated ? '@deprecated' : undefined,
  ]);
}

/** The styles the chosen request content's Encoding object gives its properties, if any. */
function bodyStyles(op: Operation, mediaType: string): Record<string, string> | undefined {
  const encoding = op.body?.contents.find((c) => c.mediaType === mediaType)?.encoding ?? [];
  const styled = encoding.filter((e) => e.style !== undefined);
  return styled.length > 0 ? Object.fromEntries(styled.map((e) => [e.property, e.style!])) : undefined;
}

function descriptorName(op: Operation): string {
  return op.descriptorName!;
}

function paramsInterface(shape: OperationShape, ctx: EmitContext): Statement {
  const { op } = shape;
  const properties = op.parameters.map((p) => {
    const doc = docLines([
      p.description,
      `${p.in} parameter \`${docText(p.name)}\``,
      p.deprecated ? '@deprecated' : undefined,
    ]);
    return {
      name: propertyKey(p.propName!),
      hasQuestionToken: !p.required,
      type: typeWriter(p.schema, { ...ctx.types, numbersForExact: true }),
      docs: doc ? [{ description: doc }] : [],
    };
  });
  if (shape.bodySchema) {
    const doc = docLines([op.body?.description, `Request body (${shape.bodyMediaType}).`]);
    properties.push({
      name: 'body',
      hasQuestionToken: op.body?.required !== true,
      type: typeWriter(shape.bodySchema, ctx.types),
      docs: doc ? [{ description: doc }] : [],
    });
  }
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name: op.paramsTypeName!,
    docs: [{ description: `Parameters of {@link ${op.functionName!}}.` }],
    properties,
  };
}

/** The runtime's body encoder for a media type. */
export function bodyEncoder(mediaType: string): RuntimeValue<'encode'> {
  const base = mediaBase(mediaType);
  if (isJsonMedia(base)) return 'encodeJson';
  if (base === 'multipart/form-data') return 'encodeMultipart';
  if (base === 'application/x-www-form-urlencoded') return 'encodeForm';
  if (base.startsWith('text/')) return 'encodeText';
  return 'encodeBinary';
}

/** What the descriptor reads and writes exactly (64-bit integers): its JSON response, error bodies and JSON body. */
export function exactShapes(shape: OperationShape, ctx: EmitContext) {
  const jsonBody = shape.bodySchema && shape.bodyMediaType && bodyEncoder(shape.bodyMediaType) === 'encodeJson';
  return operationShapes(
    shape.op,
    {
      ...(shape.responseSchema ? { response: shape.responseSchema } : {}),
      ...(jsonBody ? { body: shape.bodySchema } : {}),
    },
    ctx,
  );
}

/** Whether an operation answers with an event stream (the package then needs the runtime's sse modules). */
export function usesEventStreams(api: Api): boolean {
  return api.operations.some((op) => !op.websocketChannel && operationShape(op).kind === 'sse');
}

/** Whether any descriptor reads or writes exact integers (the package then needs the runtime's int64 module). */
export function usesInt64(ctx: EmitContext): boolean {
  const shapes = [
    ...ctx.api.operations.filter((op) => !op.websocketChannel).map((op) => exactShapes(operationShape(op), ctx)),
    ...ctx.api.channels.filter((c) => c.transport === 'websocket').map((c) => channelShapes(c, ctx)),
  ];
  return shapes.some((s) => Object.keys(s).length > 0);
}

/** Whether a parameter's value is an exact (int64) integer, or an array of them. */
function holdsExactInteger(schema: Schema, ctx: EmitContext): boolean {
  const resolved = schema.kind === 'ref' ? ctx.schemaById.get(schema.target)?.schema : schema;
  if (resolved?.kind === 'array') return holdsExactInteger(resolved.items, ctx);
  return resolved?.kind === 'number' && resolved.exact !== undefined;
}

function descriptor(shape: OperationShape, ctx: EmitContext): Statement {
  const { op } = shape;
  const idempotency = op.parameters.find((p) => p.in === 'header' && IDEMPOTENCY_HEADER.test(p.name));
  const exact = exactShapes(shape, ctx);
  const declaredErrors = errorResponses(op).map((r) => r.status);
  return {
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      {
        name: descriptorName(op),
        type: 'OperationSpec',
        initializer: literalWriter({
          id: op.operationId,
          name: op.functionName!,
          method: op.method.toUpperCase(),
          path: op.path,
          params: op.parameters.map((p) => ({
            name: p.name,
            in: p.in,
            prop: p.propName!,
            style: p.style,
            explode: p.explode,
            serialize: p.styledQuery
              ? new Identifier('serializeQueryParam')
              : p.styledPath
                ? new Identifier('serializePathParam')
                : undefined,
            exact: holdsExactInteger(p.schema, ctx) || undefined,
          })),
          body: shape.bodyMediaType
            ? {
                mediaType: shape.bodyMediaType,
                required: op.body?.required === true,
                encode: exact.write
                  ? new Call(new Identifier('exactJsonEncoder'), [shapeLiteral(exact.write)])
                  : new Identifier(bodyEncoder(shape.bodyMediaType)),
                styles: bodyStyles(op, shape.bodyMediaType),
              }
            : undefined,
          response: shape.kind,
          eventData: shape.kind === 'sse' ? eventDataKind(shape) : undefined,
          security: securitySpec(ctx.api, op.security),
          idempotencyHeader: idempotency?.name,
          readJson: exact.read ? new Call(new Identifier('exactJsonReader'), [shapeLiteral(exact.read)]) : undefined,
          readErrorJson: exact.readError
            ? new Call(new Identifier('exactJsonReader'), [shapeLiteral(exact.readError)])
            : undefined,
          errors: declaredErrors.length > 0 ? declaredErrors : undefined,
        }),
      },
    ],
  };
}

function functionDeclarations(shape: OperationShape, ctx: EmitContext): Statement[] {
  const { op } = shape;
  const name = op.functionName!;
  const result = responseTypeWriter(shape, ctx);
  const paramsParam = {
    name: 'params',
    type: op.paramsTypeName!,
    ...(shape.paramsRequired ? {} : { initializer: '{}' }),
  };
  const docs = docLines([operationDoc(op), `\`${op.method.toUpperCase()} ${docText(op.path)}\``]);
  const call: WriterFunction = (writer) => {
    writer.write(`return client.request<`);
    result(writer);
    writer.write(`>(${descriptorName(op)}, params, options);`);
  };
  const statements: Statement[] = [];
  if (shape.kind === 'binary') {
    statements.push({
      kind: StructureKind.Function,
      isExported: true,
      name,
      docs: docs ? [{ description: docs }] : [],
      overloads: [
        {
          // A required `options` cannot follow an optional `params`: here `params` is always required.
          parameters: [
            { name: 'client', type: 'ClientCore' },
            { name: 'params', type: op.paramsTypeName! },
            { name: 'options', type: "RequestOptions & { binaryAs: 'stream' }" },
          ],
          returnType: 'Promise<ReadableStream<Uint8Array>>',
          docs: docs ? [{ description: docs }] : [],
        },
        {
          parameters: [
            { name: 'client', type: 'ClientCore' },
            { ...paramsParam, initializer: undefined, hasQuestionToken: !shape.paramsRequired },
            { name: 'options', type: 'RequestOptions', hasQuestionToken: true },
          ],
          returnType: 'Promise<Uint8Array>',
        },
      ],
      parameters: [
        { name: 'client', type: 'ClientCore' },
        paramsParam,
        { name: 'options', type: 'RequestOptions', hasQuestionToken: true },
      ],
      returnType: 'Promise<Uint8Array | ReadableStream<Uint8Array>>',
      statements: [
        (w) =>
          w.write(
            `return client.request<Uint8Array | ReadableStream<Uint8Array>>(${descriptorName(op)}, params, options);`,
          ),
      ],
    });
  } else {
    // An event stream is opened, not awaited; everything else resolves to its result.
    const sse = shape.kind === 'sse';
    const wrapped =
      (before: string, after: string): WriterFunction =>
      (writer) => {
        writer.write(before);
        result(writer);
        writer.write(after);
      };
    statements.push({
      kind: StructureKind.Function,
      isExported: true,
      name,
      docs: docs ? [{ description: docs }] : [],
      parameters: [
        { name: 'client', type: 'ClientCore' },
        paramsParam,
        { name: 'options', type: sse ? 'EventStreamOptions' : 'RequestOptions', hasQuestionToken: true },
      ],
      returnType: sse ? wrapped('EventStream<', '>') : wrapped('Promise<', '>'),
      statements: [
        sse ? wrapped('return openEventStream<', `>(client, ${descriptorName(op)}, params, options);`) : call,
      ],
    });
  }
  if (op.pagination) {
    const p = op.pagination;
    const cursorParam = op.parameters.find((x) => x.name === p.cursorParam)!;
    const cursorProp = cursorParam.propName!;
    // A required cursor is there for the first page, and the server's cursor for each next one.
    const cursorArg = cursorParam.required ? `cursor ?? params.${cursorProp}` : 'cursor';
    const itemType: WriterFunction = (writer) => {
      writer.write('NonNullable<');
      result(writer);
      writer.write(`[${stringLiteral(p.itemsField)}]>[number]`);
    };
    statements.push({
      kind: StructureKind.Function,
      isExported: true,
      name: p.iteratorName!,
      docs: [
        {
          description: docText(
            `Every item of {@link ${name}}, page after page: follows \`${p.cursorField}\` until the server returns no further cursor. Pass \`${cursorProp}\` to start from a given page.`,
          ),
        },
      ],
      parameters: [
        { name: 'client', type: 'ClientCore' },
        paramsParam,
        { name: 'options', type: 'RequestOptions', hasQuestionToken: true },
      ],
      returnType: (writer) => {
        writer.write('AsyncGenerator<');
        itemType(writer);
        writer.write(', void, undefined>');
      },
      statements: [
        (writer) => {
          writer.write('return paginate(').inlineBlock(() => {
            writer.writeLine(`start: params.${cursorProp},`);
            writer.writeLine(
              `fetchPage: (cursor) => ${name}(client, { ...params, ${cursorProp}: ${cursorArg} }, options),`,
            );
            writer.writeLine(`items: (page) => page[${stringLiteral(p.itemsField)}],`);
            writer.writeLine(`cursor: (page) => page[${stringLiteral(p.cursorField)}],`);
          });
          writer.write(');');
        },
      ],
    });
  }
  return statements;
}

function linkedWebSocket(op: Operation, ctx: EmitContext): Statement[] {
  const channel = ctx.channelById.get(op.websocketChannel!)!;
  const docs = docLines([
    operationDoc(op),
    `This route upgrades to a WebSocket: it opens the subscriber {@link ${channel.functionName!}} (\`${docText(channel.address)}\`) instead of a fetch call.`,
  ]);
  return [
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: op.paramsTypeName!,
      type: channel.paramsTypeName!,
      docs: [{ description: `Parameters of {@link ${op.functionName!}}.` }],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: docs ? [{ description: docs }] : [],
      declarations: [
        { name: op.functionName!, type: `typeof ${channel.functionName!}`, initializer: channel.functionName! },
      ],
    },
  ];
}

export function emitOperationGroup(
  out: EmittedFiles,
  ctx: EmitContext,
  group: string,
  operations: Operation[],
  sources: string[],
): void {
  const typeNames = new Set<string>();
  const runtimeTypes = new Set<RuntimeType<'http'>>();
  const runtimeValues = new Set<RuntimeValue<'http'>>();
  const encodeTypes = new Set<RuntimeType<'encode'>>();
  const encodeValues = new Set<RuntimeValue<'encode'>>();
  const subscriptionValues = new Set<string>();
  const subscriptionTypes = new Set<string>();
  const int64Values = new Set<RuntimeValue<'int64'>>();
  const sseValues = new Set<RuntimeValue<'sse'>>();
  const sseTypes = new Set<RuntimeType<'sse'>>();
  const shapeConsts = new Set<string>();
  const body: Statement[] = [];
  for (const op of operations) {
    if (op.websocketChannel) {
      const channel = ctx.channelById.get(op.websocketChannel!)!;
      subscriptionValues.add(channel.functionName!);
      subscriptionTypes.add(channel.paramsTypeName!);
      body.push(...linkedWebSocket(op, ctx));
      continue;
    }
    const shape = operationShape(op);
    const schemas = [
      ...op.parameters.map((p) => p.schema),
      ...(shape.bodySchema ? [shape.bodySchema] : []),
      ...(shape.responseSchema ? [shape.responseSchema] : []),
    ];
    for (const schema of schemas) {
      for (const id of referencedIds(schema)) typeNames.add(ctx.types.typeName(id));
      if (writesBinary(schema)) encodeTypes.add('BinaryInput');
    }
    runtimeTypes.add('ClientCore').add('OperationSpec');
    if (shape.kind !== 'sse' || op.pagination) runtimeTypes.add('RequestOptions');
    const exact = exactShapes(shape, ctx);
    if (exact.read || exact.readError) int64Values.add('exactJsonReader');
    if (exact.write) int64Values.add('exactJsonEncoder');
    for (const node of [exact.read, exact.readError, exact.write]) shapeNames(node, shapeConsts);
    if (op.pagination) runtimeValues.add('paginate');
    if (shape.kind === 'sse') {
      sseValues.add('openEventStream');
      sseTypes.add('EventStream').add('EventStreamOptions');
    }
    if (shape.bodyMediaType && !exact.write) encodeValues.add(bodyEncoder(shape.bodyMediaType));
    if (op.parameters.some((p) => p.styledQuery)) encodeValues.add('serializeQueryParam');
    if (op.parameters.some((p) => p.styledPath)) encodeValues.add('serializePathParam');
    body.push(paramsInterface(shape, ctx), descriptor(shape, ctx), ...functionDeclarations(shape, ctx));
  }
  const imports: Statement[] = [];
  if (typeNames.size > 0) imports.push(schemaTypeImport(ctx, typeNames, '../schemas.js'));
  if (encodeTypes.size > 0) imports.push(runtimeTypeImport('encode', encodeTypes, 'src/operations'));
  if (encodeValues.size > 0) imports.push(runtimeValueImport('encode', encodeValues, 'src/operations'));
  if (runtimeTypes.size > 0) imports.push(runtimeTypeImport('http', runtimeTypes, 'src/operations'));
  if (runtimeValues.size > 0) imports.push(runtimeValueImport('http', runtimeValues, 'src/operations'));
  if (int64Values.size > 0) imports.push(runtimeValueImport('int64', int64Values, 'src/operations'));
  if (sseTypes.size > 0) imports.push(runtimeTypeImport('sse', sseTypes, 'src/operations'));
  if (sseValues.size > 0) imports.push(runtimeValueImport('sse', sseValues, 'src/operations'));
  if (shapeConsts.size > 0) imports.push(valueImport(shapeConsts, `../${INT64_MODULE}`));
  if (subscriptionTypes.size > 0) imports.push(typeImport(subscriptionTypes, '../subscriptions.js'));
  if (subscriptionValues.size > 0) imports.push(valueImport(subscriptionValues, '../subscriptions.js'));
  createFile({ out, path: operationsFile(group), header: [banner(sources), ...imports], sections: [body] });
}

/** The file a group's operations are written to. */
export function operationsFile(group: string): string {
  return `src/operations/${group}.ts`;
}

export function operationGroups(operations: Operation[]): [string, Operation[]][] {
  const groups = new Map<string, Operation[]>();
  for (const op of operations) {
    const list = groups.get(op.group!) ?? [];
    list.push(op);
    groups.set(op.group!, list);
  }
  return [...groups.entries()].sort(([a], [b]) => compareCodeUnits(a, b));
}
