/**
 * `src/operations/<group>.ts`: a params type and a standalone function per operation (the function hands its
 * descriptor, from descriptors.ts, to the request core). Shipped as JavaScript with declarations (keyed.ts).
 */
import { StructureKind, VariableDeclarationKind, type WriterFunction } from 'ts-morph';
import type { Operation, ResolvedOperation } from '../ir/types.js';
import { resolvedOf } from '../passes/resolve.js';
import type { RuntimeType, RuntimeValue } from './runtime-symbols.js';
import {
  banner,
  compareCodeUnits,
  createFile,
  referencedIds,
  runtimeTypeImport,
  schemaTypeImport,
  runtimeValueImport,
  typeImport,
  writesBinary,
  valueImport,
  type EmitContext,
  type EmittedFiles,
  type FinalText,
  type Statement,
} from './context.js';
import { functionDeclaration, returnsWriter, typeDeclaration } from './declarations.js';
import { descriptorsModule } from './descriptors.js';
import type { FunctionShape } from './function-layout.js';
import { docLines, docText, stringLiteral } from './text.js';
import { typeTree, writeTree, type MemberTree, type TypeTree } from './type-writer.js';

/** The TypeScript type the operation resolves to (for an event stream: the type of each event's data). */
export function responseTypeWriter(r: ResolvedOperation, ctx: EmitContext): WriterFunction {
  const tree = responseTree(r, ctx);
  return (writer) => writeTree(writer, tree);
}

function responseTree(r: ResolvedOperation, ctx: EmitContext): TypeTree {
  const { delivery, schema, eventData } = r.result;
  if (delivery === 'json') return typeTree(schema ?? { kind: 'unknown' }, ctx.types);
  if (delivery === 'sse' && eventData === 'json') return typeTree(schema!, ctx.types);
  const word = delivery === 'binary' ? 'Uint8Array' : delivery === 'text' || delivery === 'sse' ? 'string' : 'void';
  return { t: 'word', text: word };
}

/**
 * What calling the operation returns, as the package declares it: `Promise<T>`, an `EventStream<T>` (opened,
 * not awaited), or the linked channel's subscription. The emitters and the public surface print this one.
 */
export function returnTypeWriter(op: Operation, ctx: EmitContext): WriterFunction {
  return returnsWriter(returnShape(op, ctx));
}

/** The return type as `<before><type><after>`: the one place that decides it. */
export function returnShape(op: Operation, ctx: EmitContext): FunctionShape['returns'] {
  const r = resolvedOf(op);
  if (r.result.delivery === 'subscription')
    return {
      before: '',
      type: { t: 'word', text: ctx.channelById.get(op.websocketChannel!)!.handleTypeName! },
      after: '',
    };
  const [before, after] = r.result.delivery === 'sse' ? ['EventStream<', '>'] : ['Promise<', '>'];
  return { before, type: responseTree(r, ctx), after };
}

export function operationDoc(op: Operation): string | undefined {
  return docLines([
    op.summary,
    op.description !== op.summary ? op.description : undefined,
    op.deprecated ? '@deprecated' : undefined,
  ]);
}

function descriptorName(op: Operation): string {
  return op.descriptorName!;
}

function paramsInterface(op: Operation, ctx: EmitContext): Statement | FinalText {
  const r = resolvedOf(op);
  const members: MemberTree[] = op.parameters.map((p) => ({
    doc: docLines([
      p.description,
      `${p.in} parameter \`${docText(p.name)}\``,
      p.deprecated ? '@deprecated' : undefined,
    ]),
    readonly: false,
    name: p.propName!,
    optional: !p.required,
    type: typeTree(p.schema, { ...ctx.types, numbersForExact: true }),
  }));
  if (r.body)
    members.push({
      doc: docLines([op.body?.description, `Request body (${r.body.mediaType}).`]),
      readonly: false,
      name: 'body',
      optional: !r.body.required,
      type: typeTree(r.body.schema, ctx.types),
    });
  return typeDeclaration(op.paramsTypeName!, `Parameters of {@link ${op.functionName!}}.`, members);
}

function functionDeclarations(op: Operation, ctx: EmitContext): (Statement | FinalText)[] {
  const r = resolvedOf(op);
  const name = op.functionName!;
  const result = responseTypeWriter(r, ctx);
  const paramsParam = {
    name: 'params',
    type: op.paramsTypeName!,
    ...(r.paramsRequired ? {} : { initializer: '{}' }),
  };
  const docs = docLines([operationDoc(op), `\`${op.method.toUpperCase()} ${docText(op.path)}\``]);
  const statements: (Statement | FinalText)[] = [];
  if (r.result.delivery === 'binary') {
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
            { ...paramsParam, initializer: undefined, hasQuestionToken: !r.paramsRequired },
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
    const sse = r.result.delivery === 'sse';
    const result = responseTree(r, ctx);
    statements.push(
      functionDeclaration({
        ...(docs ? { doc: docs } : {}),
        name,
        parameters: [
          { name: 'client', type: 'ClientCore' },
          paramsParam,
          { name: 'options', type: sse ? 'EventStreamOptions' : 'RequestOptions', optional: true },
        ],
        returns: returnShape(op, ctx),
        call: sse
          ? {
              callee: 'openEventStream',
              typeArgument: result,
              args: ['client', descriptorName(op), 'params', 'options'],
            }
          : { callee: 'client.request', typeArgument: result, args: [descriptorName(op), 'params', 'options'] },
      }),
    );
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
  const subscriptionValues = new Set<string>();
  const subscriptionTypes = new Set<string>();
  const sseValues = new Set<RuntimeValue<'sse'>>();
  const sseTypes = new Set<RuntimeType<'sse'>>();
  const descriptors = new Set<string>();
  const body: (Statement | FinalText)[] = [];
  for (const op of operations) {
    if (op.websocketChannel) {
      const channel = ctx.channelById.get(op.websocketChannel!)!;
      subscriptionValues.add(channel.functionName!);
      subscriptionTypes.add(channel.paramsTypeName!);
      body.push(...linkedWebSocket(op, ctx));
      continue;
    }
    const r = resolvedOf(op);
    const schemas = [
      ...op.parameters.map((p) => p.schema),
      ...(r.body ? [r.body.schema] : []),
      ...(r.result.schema ? [r.result.schema] : []),
    ];
    for (const schema of schemas) {
      for (const id of referencedIds(schema)) typeNames.add(ctx.types.typeName(id));
      if (writesBinary(schema)) encodeTypes.add('BinaryInput');
    }
    runtimeTypes.add('ClientCore');
    if (r.result.delivery !== 'sse' || op.pagination) runtimeTypes.add('RequestOptions');
    if (op.pagination) runtimeValues.add('paginate');
    if (r.result.delivery === 'sse') {
      sseValues.add('openEventStream');
      sseTypes.add('EventStream').add('EventStreamOptions');
    }
    descriptors.add(descriptorName(op));
    body.push(paramsInterface(op, ctx), ...functionDeclarations(op, ctx));
  }
  const imports: Statement[] = [];
  if (typeNames.size > 0) imports.push(schemaTypeImport(ctx, typeNames, '../schemas.js'));
  if (encodeTypes.size > 0) imports.push(runtimeTypeImport('encode', encodeTypes, 'src/operations'));
  if (runtimeTypes.size > 0) imports.push(runtimeTypeImport('http', runtimeTypes, 'src/operations'));
  if (runtimeValues.size > 0) imports.push(runtimeValueImport('http', runtimeValues, 'src/operations'));
  if (sseTypes.size > 0) imports.push(runtimeTypeImport('sse', sseTypes, 'src/operations'));
  if (sseValues.size > 0) imports.push(runtimeValueImport('sse', sseValues, 'src/operations'));
  if (descriptors.size > 0) imports.push(valueImport(descriptors, `../${descriptorsModule(group)}`));
  if (subscriptionTypes.size > 0) imports.push(typeImport(subscriptionTypes, '../subscriptions.js'));
  if (subscriptionValues.size > 0) imports.push(valueImport(subscriptionValues, '../subscriptions.js'));
  createFile({ out, path: operationsFile(group), header: [banner(sources), ...imports], sections: [body] });
}

/** The file a group's operations are written to. */
export function operationsFile(group: string): string {
  return `src/operations/${group}.ts`;
}

/** The module of a group's operations, as src/ imports it (`./operations/<group>.js`). */
export function operationsModule(group: string): string {
  return `./operations/${group}.js`;
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
