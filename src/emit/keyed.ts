/**
 * The files an earlier run's output can stand in for, each with the part of the IR its emitter reads: the
 * emitter is given that view and nothing else, so the file's reuse key, the hash of the view, cannot miss an
 * input. Views share their unchanged parts with the Api (the same objects), and each part is hashed once.
 */
import type { Api, Operation } from '../ir/types.js';
import { textKey, textsKey } from '../stamp.js';
import { createEmitContext, type EmitContext, type EmittedFiles } from './context.js';
import { descriptorsFile, emitDescriptorGroup, hasDescriptor } from './descriptors.js';
import { emitInt64Shapes, INT64_FILE } from './int64.js';
import { emitOperationGroup, operationGroups, operationsFile } from './operations.js';
import { SCHEMAS_FILE } from './paths.js';
import { emitSchemas } from './schemas.js';
import { emitSubscriptions, SUBSCRIPTIONS_FILE } from './subscriptions.js';
import { emitValidators, VALIDATORS_FILE } from './validators.js';
import { emitMocks, MOCKS_FILE } from './mocks.js';

export interface KeyedFile {
  file: string;
  /** What the emitter reads: an Api with only the operations (or none) that the file is made of. */
  view: Api;
  /** The specs the file's banner names. */
  sources: string[];
  emit(out: EmittedFiles, ctx: EmitContext, sources: string[]): void;
  /**
   * Shipped as JavaScript with declarations (`src/x.js` and `src/x.d.ts`, as in dist/) instead of TypeScript:
   * the generated checks and tables that no one reads, and the operation functions, whose one-line bodies a
   * reader does not need (their declarations say it all); megabytes that an app's type-checker would otherwise
   * parse, bind and check whole. Their TypeScript is kept in memory, for `--typecheck`.
   */
  javascript?: true;
}

export function keyedFiles(api: Api): KeyedFile[] {
  const openapi = api.sources.openapi ? [api.sources.openapi] : [];
  const asyncapi = api.sources.asyncapi ? [api.sources.asyncapi] : [];
  const both = [...openapi, ...asyncapi];
  // Schemas, subscriptions and int64 shapes read no operation.
  const shared: Api = { ...api, operations: [] };
  const files: KeyedFile[] = [{ file: SCHEMAS_FILE, view: shared, sources: both, emit: emitSchemas }];
  for (const [group, operations] of operationGroups(api.operations)) {
    const view = { ...shared, operations };
    files.push({
      file: operationsFile(group),
      view,
      sources: operations.some((o) => o.websocketChannel) ? both : openapi,
      emit: (out, ctx, sources) => emitOperationGroup(out, ctx, group, ctx.api.operations, sources),
      javascript: true,
    });
    // The descriptors read what goes over the wire: a summary or a description edited leaves them as they were.
    if (operations.some(hasDescriptor))
      files.push({
        file: descriptorsFile(group),
        view: { ...shared, operations: operations.map(withoutDocs) },
        sources: openapi,
        emit: (out, ctx, sources) => emitDescriptorGroup(out, ctx, group, ctx.api.operations, sources),
        javascript: true,
      });
  }
  if (api.channels.length > 0)
    files.push({ file: SUBSCRIPTIONS_FILE, view: shared, sources: asyncapi, emit: emitSubscriptions });
  // The validators check every schema, channel and operation (what goes over the wire, not how a call is
  // written: a parameter or a summary edited leaves them as they were).
  const wire: Api = { ...api, operations: api.operations.map(onTheWire) };
  files.push({ file: VALIDATORS_FILE, view: wire, sources: both, emit: emitValidators, javascript: true });
  // Fake data reads the schemas only; the MSW handlers (with `"mocks": true`) the operations too.
  files.push({
    file: MOCKS_FILE,
    view: api.runtimeParts?.msw ? wire : shared,
    sources: both,
    emit: emitMocks,
    javascript: true,
  });
  // Where each type holds exact integers: data the operations pass to the runtime, read by no one.
  if (api.schemas.some((s) => s.holdsExact))
    files.push({ file: INT64_FILE, view: shared, sources: both, emit: emitInt64Shapes, javascript: true });
  return files;
}

/** An operation without what only its documentation reads. */
function withoutDocs(op: Operation): Operation {
  const { summary, description, deprecated, ...rest } = op;
  return { ...rest, parameters: op.parameters.map(({ description, deprecated, ...p }) => p) };
}

/** An operation as what checks or imitates the wire reads it: its names, its route and its resolved model. */
function onTheWire(op: Operation): Operation {
  return {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    tags: [],
    parameters: [],
    responses: [],
    security: [],
    origin: op.origin,
    ...(op.functionName === undefined ? {} : { functionName: op.functionName }),
    ...(op.resolved === undefined ? {} : { resolved: op.resolved }),
  };
}

/** A list's items as JSON, one at a time (after a mark that tells a list from other values). */
function* jsonItems(list: unknown[]): Generator<string> {
  yield '[';
  for (const item of list) yield JSON.stringify(item) ?? 'undefined';
}

/**
 * The keys of keyed files, and the contexts their emitters are given: each top-level part of a view is hashed
 * once however many views hold it, and views with the same schemas and channels share one lookup.
 */
export function keyedInputs(): {
  key(file: KeyedFile): string[];
  context(view: Api): EmitContext;
} {
  const hashes = new WeakMap<object, string>();
  const contexts = new WeakMap<object, EmitContext>();
  const hash = (value: unknown): string => {
    if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
    let known = hashes.get(value);
    if (known === undefined) {
      // A list (the schemas, a group's operations) item by item: see textsKey.
      known = Array.isArray(value) ? textsKey(jsonItems(value)) : textKey(JSON.stringify(value));
      hashes.set(value, known);
    }
    return known;
  };
  return {
    key: (file) => [
      file.file,
      ...file.sources,
      ...Object.keys(file.view)
        .sort()
        .map((part) => `${part}:${hash(file.view[part as keyof Api])}`),
    ],
    context: (view) => {
      // The lookups read the schemas, channels and runtime aliases, which every view shares with the Api.
      const base = contexts.get(view.schemas) ?? createEmitContext(view);
      contexts.set(view.schemas, base);
      return base.api === view ? base : { ...base, api: view };
    },
  };
}
