/**
 * `src/descriptors/<group>.ts`: what the request core needs to know of each operation of a group (its route,
 * how each parameter and the body go over the wire, its security, what it reads exactly), one exported constant
 * an operation. Shipped as JavaScript with declarations (see keyed.ts): runtime data, which an app's
 * type-checker would otherwise check literal by literal (GitHub's 1,223: 0.87 s of tsc's checking).
 */
import type { BodyEncoding, Delivery, Operation, Parameter, Schema } from '../ir/types.js';
import { resolvedOf } from '../passes/resolve.js';
import { compareCodeUnits } from '../compare.js';
import { PLAIN_SERIALIZERS, type RuntimeValue } from './runtime-symbols.js';
import {
  banner,
  createFile,
  runtimeTypeImport,
  runtimeValueImport,
  valueImport,
  type EmitContext,
  type EmittedFiles,
  type FinalText,
  type Statement,
} from './context.js';
import { constDeclaration } from './declarations.js';
import { channelShapes, operationShapes, shapeLiteral } from './int64.js';
import { Call, importsOf, runtimeRef, type LiteralValue } from './literal-writer.js';
import { securitySpec } from './security.js';

const IDEMPOTENCY_HEADER = /^idempotency[-_]?key$/i;

/** The runtime's encoder of each body encoding. */
const BODY_ENCODERS: Record<BodyEncoding, RuntimeValue<'encode'>> = {
  json: 'encodeJson',
  multipart: 'encodeMultipart',
  form: 'encodeForm',
  text: 'encodeText',
  binary: 'encodeBinary',
};

/** What the descriptor reads and writes exactly (64-bit integers): its JSON response, error bodies and JSON body. */
export function exactShapes(op: Operation, ctx: EmitContext) {
  const r = resolvedOf(op);
  return operationShapes(
    r,
    {
      ...(r.result.schema ? { response: r.result.schema } : {}),
      ...(r.body?.encoding === 'json' ? { body: r.body.schema } : {}),
    },
    ctx,
  );
}

/** Whether any descriptor reads or writes exact integers (the package then needs the runtime's int64 module). */
export function usesInt64(ctx: EmitContext): boolean {
  const shapes = [
    ...ctx.api.operations.filter(hasDescriptor).map((op) => exactShapes(op, ctx)),
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

/** The runtime's decoder of each delivery that goes through the request core (a subscription does not). */
const DECODERS: Record<Exclude<Delivery, 'subscription'>, RuntimeValue<'decode'>> = {
  json: 'decodeJson',
  text: 'decodeText',
  binary: 'decodeBinary',
  none: 'decodeNone',
  sse: 'decodeEventStream',
};

function decoderOf(delivery: Delivery): RuntimeValue<'decode'> {
  if (delivery === 'subscription')
    throw new Error('a linked WebSocket operation has no descriptor (see hasDescriptor)');
  return DECODERS[delivery];
}

/** The runtime serializer of a parameter: a style's, where the wire pass says it needs one, else its place's. */
function paramSerializer(p: Parameter): RuntimeValue<'encode'> {
  if (p.styledQuery) return 'serializeQueryParam';
  if (p.styledPath) return 'serializePathParam';
  return PLAIN_SERIALIZERS[p.in];
}

/** The operation's idempotency-key header, which the request core fills in when the caller passes none. */
function idempotencyParam(op: Operation): Parameter | undefined {
  return op.parameters.find((p) => p.in === 'header' && IDEMPOTENCY_HEADER.test(p.name));
}

/** What the request core reads of an operation, as the literal its descriptor is written as. */
function descriptorLiteral(op: Operation, exact: ReturnType<typeof exactShapes>, ctx: EmitContext): LiteralValue {
  const r = resolvedOf(op);
  const idempotency = idempotencyParam(op);
  const declaredErrors = r.errorStatuses;
  return {
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
      serialize: runtimeRef('encode', paramSerializer(p)),
      check: holdsExactInteger(p.schema, ctx) ? runtimeRef('encode', 'checkExactInteger') : undefined,
      generate: p === idempotency ? runtimeRef('http', 'newIdempotencyKey') : undefined,
    })),
    body: r.body
      ? {
          mediaType: r.body.mediaType,
          required: r.body.required,
          encode: exact.write
            ? new Call(runtimeRef('int64', 'exactJsonEncoder'), [shapeLiteral(exact.write)])
            : runtimeRef('encode', BODY_ENCODERS[r.body.encoding]),
          styles: r.body.styles,
        }
      : undefined,
    decode: runtimeRef('decode', decoderOf(r.result.delivery)),
    accept: r.result.accept,
    eventData: r.result.eventData,
    security: securitySpec(ctx.api, op.security),
    idempotencyHeader: idempotency?.name,
    readJson: exact.read ? new Call(runtimeRef('int64', 'exactJsonReader'), [shapeLiteral(exact.read)]) : undefined,
    readErrorJson: exact.readError
      ? new Call(runtimeRef('int64', 'exactJsonReader'), [shapeLiteral(exact.readError)])
      : undefined,
    errors: declaredErrors.length > 0 ? declaredErrors : undefined,
  };
}

/** The module of a group's descriptors, from src/ (where the group's functions import it from: `../<module>`). */
export function descriptorsModule(group: string): string {
  return `descriptors/${group}.js`;
}

/** The file a group's descriptors are written to. */
export function descriptorsFile(group: string): string {
  return `src/${descriptorsModule(group).replace(/\.js$/, '.ts')}`;
}

/** Whether an operation goes through the request core, with a descriptor (a linked WebSocket operation does not). */
export function hasDescriptor(op: Operation): boolean {
  return op.websocketChannel === undefined;
}

/** Writes the descriptors of a group's operations, each exported for the group's functions. */
export function emitDescriptorGroup(
  out: EmittedFiles,
  ctx: EmitContext,
  group: string,
  operations: Operation[],
  sources: string[],
): void {
  const named = importsOf([]);
  const body: FinalText[] = [];
  for (const op of operations.filter(hasDescriptor)) {
    const literal = descriptorLiteral(op, exactShapes(op, ctx), ctx);
    importsOf(literal, named);
    body.push(constDeclaration(op.descriptorName!, 'OperationSpec', literal, { exported: true }));
  }
  // What the descriptors name, from the runtime module of each, then from the package's (in the modules' order).
  const imports: Statement[] = [
    runtimeTypeImport('http', ['OperationSpec'], 'src/descriptors'),
    ...[...named.runtime]
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([module, names]) => runtimeValueImport(module, names, 'src/descriptors')),
    ...[...named.package]
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([module, names]) => valueImport(names, `../${module}`)),
  ];
  createFile({ out, path: descriptorsFile(group), header: [banner(sources), ...imports], sections: [body] });
}
