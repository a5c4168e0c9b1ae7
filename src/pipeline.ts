/** load -> parse -> passes -> emit (format, compile): everything in memory, each stage timed. */
import path from 'node:path';
import type { Int64Mode, ResolvedConfig } from './config.js';
import { compareCodeUnits } from './compare.js';
import { CodedError, diagnostic, DiagnosticError, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { EmittedPackage, EmittedSources } from './emit/index.js';
import type { ReuseCounts } from './emit/reuse.js';
import type { Api } from './ir/types.js';
import { externalRefs, referencedFiles } from './load/referenced.js';
import { applyOverlays, type AddedOperation } from './load/overlay.js';
import { loadSource, type LoadedSource } from './load/source.js';
import { packageNameFor } from './naming/identifiers.js';
import { circularAllOf } from './passes/check-cycles.js';
import { hoistInlineSchemas } from './passes/hoist.js';
import { linkWebSocketOperations } from './passes/link-websocket.js';
import { nameApi } from './passes/naming.js';
import { SCHEMAS_FILE } from './emit/paths.js';
import { detectPagination } from './passes/pagination.js';
import { splitReadWrite } from './passes/read-write.js';
import { decideInt64 } from './passes/int64.js';
import { decideWire } from './passes/wire.js';
import { resolveApi } from './passes/resolve.js';
import { mergeSockets } from './passes/sockets.js';
import { PARSED_FILE, parsedText, parseKey, readParsed, type ParsedEntry, type SpecKind } from './parse/cache.js';
import { inProcess, type SpecParser } from './parse/off-thread.js';
import type { ParseResults } from './parse/spec.js';
import type { PreviousOutput } from './previous.js';
import { inputFingerprint, STAMP_FILE, stampText } from './stamp.js';

export interface StageTiming {
  stage: string;
  ms: number;
  /** What the stage reused from the previous output, when it did. */
  note?: string;
}

export interface PipelineResult {
  files: Map<string, string>;
  diagnostics: Diagnostic[];
  timings: StageTiming[];
  packageName: string;
  /** What the run made of parts of the specs a reader might otherwise miss (webhooks, callbacks). */
  notes: string[];
}

export type Progress = (timing: StageTiming) => void;

export interface PipelineOptions {
  /** Told of each stage as it ends. */
  progress?: Progress;
  /** The previous run's output, to reuse what is still right in it (see previous.ts). */
  previous?: PreviousOutput;
  /** What parses the specs (default: each on this thread, as it comes). */
  parser?: SpecParser;
}

async function settle<T>(promise: Promise<T> | undefined, diagnostics: Diagnostic[]): Promise<T | undefined> {
  if (!promise) return undefined;
  try {
    return await promise;
  } catch (error) {
    if (error instanceof DiagnosticError) {
      diagnostics.push(...error.diagnostics);
      return undefined;
    }
    throw error;
  }
}

/** Fills in line and column for diagnostics that only carry a JSON pointer; moves what an overlay wrote into it. */
function locate(diagnostics: Diagnostic[], sources: LoadedSource[]): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.pointer === undefined) return d;
    const source = sources.find((s) => s.displayPath === d.file);
    // What an overlay wrote is reported in the overlay, where it can be fixed (wherever the finding was located).
    const written = source?.writtenBy?.(d.pointer);
    if (written) return { ...d, file: written.file, pointer: written.pointer, ...(written.position ?? {}) };
    if (d.line !== undefined) return d;
    const pos = source?.locate(d.pointer);
    return pos ? { ...d, line: pos.line, col: pos.col } : d;
  });
}

export function runPasses(api: Api, options: { int64?: Int64Mode; mocks?: boolean } = {}): Api {
  // int64 before read/write: what the client sends accepts numbers where it receives bigints (an input shape).
  const exact = decideInt64(hoistInlineSchemas(linkWebSocketOperations(mergeSockets(api))), options.int64 ?? 'bigint');
  return resolveApi(decideWire(nameApi(detectPagination(splitReadWrite(exact)))), { msw: options.mocks === true });
}

/** The named schemas of cycles of bare references (see check-cycles.ts) as `unknown`, their documentation kept. */
function withoutEmptyCycles(api: Api, empty: ReadonlySet<string>): Api {
  if (empty.size === 0) return api;
  return {
    ...api,
    schemas: api.schemas.map((named) =>
      empty.has(named.id)
        ? {
            ...named,
            schema: {
              kind: 'unknown',
              ...(named.schema.description ? { description: named.schema.description } : {}),
            },
          }
        : named,
    ),
  };
}

/** What every stage shares: its timing, the diagnostics so far, and how to stop with them. */
class Run {
  readonly timings: StageTiming[] = [];
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly progress: Progress) {}

  async time<T>(stage: string, work: () => Promise<T>, note?: () => string | undefined): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.report(stage, performance.now() - started, note?.());
    }
  }

  report(stage: string, ms: number, note?: string): void {
    const timing = { stage, ms, ...(note ? { note } : {}) };
    this.timings.push(timing);
    this.progress(timing);
  }

  fail(): never {
    throw new DiagnosticError(sortDiagnostics(this.diagnostics));
  }
}

/** What each stage function is given besides its own input. */
interface StageContext {
  run: Run;
  config: ResolvedConfig;
  previous?: PreviousOutput | undefined;
  parser: SpecParser;
  /** The emitters' module, once something started loading it. */
  emitters?: Promise<EmitModule>;
}

type EmitModule = typeof import('./emit/index.js');

/** The emitters (ts-morph and TypeScript with them), loaded once. */
function loadEmitters(context: StageContext): Promise<EmitModule> {
  return (context.emitters ??= import('./emit/index.js'));
}

/** The inputs as the stamp fingerprints them: the hashes of the spec texts by path, and the files their `$ref`s reach. */
interface Inputs {
  hashes: Map<string, string>;
  referenced: string[];
}

type Sources = Partial<Record<SpecKind, LoadedSource>>;

async function loadSpecs(
  config: ResolvedConfig,
  run: Run,
): Promise<{ specs: Sources; overlays: LoadedSource[]; added: AddedOperation[] }> {
  const open = (p: string | undefined) =>
    p === undefined ? undefined : loadSource({ absPath: path.resolve(config.root, p), displayPath: p });
  const [loaded, asyncapi, ...overlays] = await run.time('load', async () => [
    await settle(open(config.openapi), run.diagnostics),
    await settle(open(config.asyncapi), run.diagnostics),
    ...(await Promise.all(config.overlays.map((o) => settle(open(o), run.diagnostics)))),
  ]);
  if (hasErrors(run.diagnostics)) run.fail();
  if (overlays.length > 0 && !loaded) {
    run.diagnostics.push(
      diagnostic({ code: 'CG020', message: '"overlays" apply to the OpenAPI spec, and the config names none' }),
    );
    run.fail();
  }
  // The overlays change the spec's data before it is parsed; its text (and positions) stay the vendor's.
  const loadedOverlays = overlays.filter((o): o is LoadedSource => o !== undefined);
  const openapi =
    loaded && loadedOverlays.length > 0
      ? await settle(
          Promise.resolve().then(() => applyOverlays(loaded, loadedOverlays)),
          run.diagnostics,
        )
      : loaded && { source: loaded, added: [] };
  if (hasErrors(run.diagnostics)) run.fail();
  return {
    specs: { ...(openapi ? { openapi: openapi.source } : {}), ...(asyncapi ? { asyncapi } : {}) },
    overlays: loadedOverlays,
    added: openapi?.added ?? [],
  };
}

interface Parsed {
  openapi?: ParseResults['openapi'];
  asyncapi?: ParseResults['asyncapi'];
  /** The parses to keep in `codegen.parsed.json`. */
  kept: Map<string, ParsedEntry>;
}

/** Parses each spec, or takes its parse from the previous output when its bytes are the same. */
async function parseSpecs(
  input: { sources: Sources; externals: Map<string, string[]>; overlays: LoadedSource[] },
  context: StageContext,
): Promise<Parsed> {
  const { sources, externals } = input;
  // A parse of the OpenAPI spec holds while the spec's bytes and its overlays' bytes stay the same.
  const overlayKey = input.overlays.map((o) => `${o.displayPath}\0${o.text}`).join('\0');
  const { run } = context;
  const earlier = readParsed(context.previous?.text(PARSED_FILE));
  const kept = new Map<string, ParsedEntry>();
  let reused = 0;
  const parse = async <K extends SpecKind>(kind: K): Promise<ParseResults[K] | undefined> => {
    const source = sources[kind];
    if (!source) return undefined;
    const options = { perspective: context.config.perspective };
    const key = parseKey(kind, source, kind === 'asyncapi' ? JSON.stringify(options) : overlayKey);
    const entry = earlier.get(source.displayPath);
    if (entry?.key === key) {
      kept.set(source.displayPath, entry);
      reused++;
      return JSON.parse(entry.json) as ParseResults[K];
    }
    const parsing = context.parser.parse(kind, source, options);
    // While a spec parses on another thread, this one loads the emitters (it needs them next).
    if (context.parser.offThread(kind)) loadEmitters(context).catch(() => {});
    const result = await parsing;
    // Only a self-contained spec is kept: its bytes alone say whether its parse still holds.
    if (externals.get(source.displayPath)!.length === 0)
      kept.set(source.displayPath, { key, json: JSON.stringify(result) });
    return result;
  };
  const [openapi, asyncapi] = await run.time(
    'parse',
    () => Promise.all([settle(parse('openapi'), run.diagnostics), settle(parse('asyncapi'), run.diagnostics)]),
    () => (reused > 0 ? `${Object.keys(sources).length - reused} parsed, ${reused} reused` : undefined),
  );
  return { ...(openapi ? { openapi } : {}), ...(asyncapi ? { asyncapi } : {}), kept };
}

/** Both parses as one IR, checked for cycles, through the passes. */
function mergeAndPass(
  input: { parsed: Parsed; added: AddedOperation[]; locateAll: (d: Diagnostic[]) => Diagnostic[] },
  { config, run }: StageContext,
): Api {
  const { openapi, asyncapi } = input.parsed;
  const merged: Api = {
    info: openapi?.api.info ?? { title: asyncapi!.title, version: '0.0.0' },
    sources: {
      ...(config.openapi ? { openapi: config.openapi } : {}),
      ...(config.asyncapi ? { asyncapi: config.asyncapi } : {}),
    },
    servers: openapi?.api.servers ?? [],
    schemas: [...(openapi?.api.schemas ?? []), ...(asyncapi?.schemas ?? [])],
    // Operations an overlay added say which (the generated README lists them).
    operations: (openapi?.api.operations ?? []).map((op) => {
      const from = input.added.find((a) => a.method === op.method && a.path === op.path);
      return from ? { ...op, overlay: from.overlay } : op;
    }),
    channels: asyncapi?.channels ?? [],
    securitySchemes: [...(openapi?.api.securitySchemes ?? []), ...(asyncapi?.securitySchemes ?? [])],
    tags: openapi?.api.tags ?? [],
    ...(openapi?.api.webhooks ? { webhooks: openapi.api.webhooks } : {}),
    ...(asyncapi ? { perspective: config.perspective } : {}),
    ...(asyncapi?.unusedChannels?.length ? { unusedChannels: asyncapi.unusedChannels } : {}),
  };
  const cycles = circularAllOf(merged);
  const located = input.locateAll(cycles.diagnostics);
  run.diagnostics.push(...located);
  if (hasErrors(located)) run.fail();
  const api = runPasses(withoutEmptyCycles(merged, cycles.empty), { int64: config.int64, mocks: config.mocks });
  const untyped = api.operations.filter((op) => op.websocketChannel && isUntypedChannel(api, op.websocketChannel));
  const warnings = input.locateAll(
    untyped.map((op) =>
      diagnostic({
        code: 'CG015',
        message: `${op.method.toUpperCase()} ${op.path} upgrades to a WebSocket (101), and no AsyncAPI document describes it: ${op.functionName!} subscribes with events of type unknown`,
        file: op.origin.file,
        pointer: `${op.origin.pointer}/responses/101`,
      }),
    ),
  );
  run.diagnostics.push(...(config.strict ? warnings.map((d) => ({ ...d, severity: 'error' as const })) : warnings));
  if (hasErrors(run.diagnostics)) run.fail();
  return api;
}

function isUntypedChannel(api: Api, channelId: string): boolean {
  return api.channels.some((c) => c.id === channelId && c.untyped === true);
}

/**
 * load -> parse -> passes: the IR, and what the stamp needs of the inputs. The loaded documents are not
 * kept past this: on a large spec they are the biggest thing in memory before the output is.
 */
async function readSpecs(context: StageContext): Promise<{ api: Api; inputs: Inputs; kept: Map<string, ParsedEntry> }> {
  const { run, config } = context;
  const { specs: byKind, overlays, added } = await loadSpecs(config, run);
  const sources = Object.values(byKind);
  const externals = new Map(sources.map((source) => [source.displayPath, externalRefs(source.data)]));
  const inputs: Inputs = {
    // Overlays are inputs too: an edit to one is an edit to the spec it applies to.
    hashes: new Map([...sources, ...overlays].map((source) => [source.displayPath, source.hash])),
    referenced: [...new Set(sources.flatMap((s) => referencedFiles(s.absPath, externals.get(s.displayPath)!)))]
      .map((file) => path.relative(config.root, file).split(path.sep).join('/'))
      .sort(compareCodeUnits),
  };
  const parsed = await parseSpecs({ sources: byKind, externals, overlays }, context);
  const { diagnostics } = run;
  diagnostics.push(...(parsed.openapi?.diagnostics ?? []), ...(parsed.asyncapi?.diagnostics ?? []));
  const located = locate(diagnostics, [...sources, ...overlays]);
  diagnostics.length = 0;
  diagnostics.push(...(config.strict ? located.map((d) => ({ ...d, severity: 'error' as const })) : located));
  if (hasErrors(diagnostics) || (!parsed.openapi && !parsed.asyncapi)) run.fail();
  const api = await run.time('passes', async () =>
    mergeAndPass({ parsed, added, locateAll: (found) => locate(found, sources) }, context),
  );
  return { api, inputs, kept: parsed.kept };
}

/** What the run keeps of the specs once their IR is emitted: the IR itself is garbage from then on. */
interface Emitted {
  sources: EmittedSources;
  packageName: string;
  inputs: Inputs;
  /** The parse cache's text, when a spec's parse is kept. */
  parsed: string | undefined;
  /** The spec files the output is generated from, as the stamp names them. */
  sourceFiles: string[];
  notes: string[];
}

/**
 * read -> passes -> emit. The IR lives only in this stage function's frame: format and compile, which make
 * the largest texts of a run, do not hold it (GitHub: the IR and the emit context are tens of MiB).
 */
async function readAndEmit(context: StageContext): Promise<Emitted> {
  const { api, inputs, kept } = await readSpecs(context);
  const { run, config } = context;
  const packageName = config.name ?? packageNameFor(api.info.title);
  const sourceFiles = Object.values(api.sources);
  try {
    // ts-morph and prettier are loaded only once the specs have parsed cleanly (or while one parses elsewhere).
    const { emitSources } = await loadEmitters(context);
    const sources = await emitSources(api, {
      packageName,
      packageVersion: config.version,
      // The check reads the TypeScript of every module, those shipped as JavaScript too: they are emitted.
      typecheck: config.typecheck,
      ...(context.previous ? { previous: context.previous } : {}),
    });
    const parsed = kept.size > 0 ? parsedText(kept, sourceFiles) : undefined;
    return { sources, packageName, inputs, parsed, sourceFiles, notes: summaryNotes(api) };
  } catch (error) {
    throw emitFailure(error, run);
  }
}

/**
 * An error in the emitters is a generator bug: reported as CG090, and the run fails; a CodedError (a package
 * the output imports that is not installed, for --typecheck) is reported under its own code.
 */
function emitFailure(error: unknown, run: Run): unknown {
  if (error instanceof Error && !(error instanceof DiagnosticError)) {
    run.diagnostics.push(
      diagnostic({ code: error instanceof CodedError ? error.code : 'CG090', message: error.message }),
    );
    run.fail();
  }
  return error;
}

/** format -> compile, with the emit stage's own timings reported as stages. */
async function finishStage(sources: EmittedSources, context: StageContext): Promise<EmittedPackage> {
  const { run, config } = context;
  let emitted: EmittedPackage;
  try {
    const { finishPackage } = await loadEmitters(context);
    emitted = await finishPackage(sources, {
      typecheck: config.typecheck,
      packageDir: path.resolve(config.root, config.out),
      ...(context.previous ? { previous: context.previous } : {}),
    });
  } catch (error) {
    throw emitFailure(error, run);
  }
  const { reuse, timings } = emitted;
  run.report('emit', timings.emit, reuseNote(reuse.emit, 'file'));
  run.report('format', timings.format, reuseNote(reuse.format, 'part'));
  run.report('compile', timings.compile, reuseNote(reuse.compile, 'file'));
  return emitted;
}

export async function runPipeline(config: ResolvedConfig, options: PipelineOptions = {}): Promise<PipelineResult> {
  const run = new Run(options.progress ?? (() => {}));
  const context: StageContext = { run, config, previous: options.previous, parser: options.parser ?? inProcess };
  const { sources, packageName, inputs, parsed, sourceFiles, notes } = await readAndEmit(context);
  const emitted = await finishStage(sources, context);
  const files = emitted.files;
  if (parsed !== undefined) files.set(PARSED_FILE, parsed);
  const fingerprint = inputFingerprint(config, { loaded: inputs.hashes, referenced: inputs.referenced });
  if (fingerprint !== undefined)
    files.set(
      STAMP_FILE,
      stampText({
        fingerprint,
        referenced: inputs.referenced,
        compile: 'transpile',
        warnings: run.diagnostics.filter((d) => d.severity === 'warning').length,
        files,
        parts: emitted.parts,
        emitted: emitted.emitKeys,
        sources: sourceFiles,
        knownHash: options.previous?.hashOf,
      }),
    );
  return {
    files,
    diagnostics: sortDiagnostics(run.diagnostics),
    timings: run.timings,
    packageName,
    notes,
  };
}

/** What the run made of parts of the specs a reader might otherwise miss: unused channels, webhooks, callbacks. */
function summaryNotes(api: Api): string[] {
  const notes: string[] = [];
  for (const channel of api.channels)
    if (channel.mergedFrom)
      notes.push(
        `channels ${channel.mergedFrom.map((id) => `"${id}"`).join(', ')} are one socket (${channel.address}): one client function, ${channel.functionName!}`,
      );
  for (const channel of api.unusedChannels ?? [])
    notes.push(
      `channel "${channel.id}" is used by no operation: its message types are in ${SCHEMAS_FILE}, no client function`,
    );
  for (const [kind, map] of [
    ['webhook', 'Webhooks'],
    ['callback', 'Callbacks'],
  ] as const) {
    const count = new Set((api.webhooks ?? []).filter((h) => h.kind === kind).map((h) => h.name)).size;
    if (count > 0)
      notes.push(
        `${count} ${kind}${count === 1 ? '' : 's'}: payload types in the ${map} type (${SCHEMAS_FILE}), no client calls`,
      );
  }
  return notes;
}

/** "3 parts, 40 reused": said only when something was reused. */
function reuseNote(counts: ReuseCounts, unit: string): string | undefined {
  if (counts.reused === 0) return undefined;
  return `${counts.done} ${unit}${counts.done === 1 ? '' : 's'}, ${counts.reused} reused`;
}
