/** load -> parse -> passes -> emit (format, compile): everything in memory, each stage timed. */
import path from 'node:path';
import type { ResolvedConfig } from './config.js';
import { compareCodeUnits } from './compare.js';
import { diagnostic, DiagnosticError, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { EmittedPackage } from './emit/index.js';
import type { ReuseCounts } from './emit/reuse.js';
import type { Api } from './ir/types.js';
import { externalRefs, referencedFiles } from './load/referenced.js';
import { loadSource, type LoadedSource } from './load/source.js';
import { packageNameFor } from './naming/identifiers.js';
import { circularAllOf } from './passes/check-cycles.js';
import { hoistInlineSchemas } from './passes/hoist.js';
import { linkWebSocketOperations } from './passes/link-websocket.js';
import { nameApi } from './passes/naming.js';
import { detectPagination } from './passes/pagination.js';
import { decideWire } from './passes/wire.js';
import { PARSED_FILE, parsedText, parseKey, readParsed, type ParsedEntry, type SpecKind } from './parse/cache.js';
import { parseSpec, type ParseResults } from './parse/spec.js';
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
}

export type Progress = (timing: StageTiming) => void;

export interface PipelineOptions {
  /** Told of each stage as it ends. */
  progress?: Progress;
  /** The previous run's output, to reuse what is still right in it (see previous.ts). */
  previous?: PreviousOutput;
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

/** Fills in line and column for diagnostics that only carry a JSON pointer. */
function locate(diagnostics: Diagnostic[], sources: LoadedSource[]): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.line !== undefined || d.pointer === undefined) return d;
    const source = sources.find((s) => s.displayPath === d.file);
    const pos = source?.locate(d.pointer);
    return pos ? { ...d, line: pos.line, col: pos.col } : d;
  });
}

export function runPasses(api: Api): Api {
  return decideWire(nameApi(detectPagination(hoistInlineSchemas(linkWebSocketOperations(api)))));
}

export async function runPipeline(config: ResolvedConfig, options: PipelineOptions = {}): Promise<PipelineResult> {
  const progress = options.progress ?? (() => {});
  const timings: StageTiming[] = [];
  const time = async <T>(stage: string, work: () => Promise<T>, note?: () => string | undefined): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      const said = note?.();
      const timing = { stage, ms: performance.now() - started, ...(said ? { note: said } : {}) };
      timings.push(timing);
      progress(timing);
    }
  };
  const diagnostics: Diagnostic[] = [];
  const fail = (): never => {
    throw new DiagnosticError(sortDiagnostics(diagnostics));
  };

  const open = (p: string | undefined) =>
    p === undefined ? undefined : loadSource({ absPath: path.resolve(config.root, p), displayPath: p });
  const [openapiSource, asyncapiSource] = await time(
    'load',
    async () =>
      [await settle(open(config.openapi), diagnostics), await settle(open(config.asyncapi), diagnostics)] as const,
  );
  if (hasErrors(diagnostics)) fail();
  const sources = [openapiSource, asyncapiSource].filter((s): s is LoadedSource => s !== undefined);

  /** Where each spec's `$ref`s point outside it: such a spec's parse is never kept (see parse/cache.ts). */
  const externals = new Map(sources.map((source) => [source.displayPath, externalRefs(source.data)]));
  const earlier = readParsed(options.previous?.text(PARSED_FILE));
  const parsed = new Map<string, ParsedEntry>();
  let reusedSpecs = 0;
  /** Parses a spec, or takes its parse from the previous output when its bytes are the same. */
  const parse = async <K extends SpecKind>(kind: K, source: LoadedSource): Promise<ParseResults[K]> => {
    const key = parseKey(kind, source);
    const entry = earlier.get(source.displayPath);
    if (entry?.key === key) {
      parsed.set(source.displayPath, entry);
      reusedSpecs++;
      return JSON.parse(entry.json) as ParseResults[K];
    }
    const result = await parseSpec(kind, source);
    if (externals.get(source.displayPath)!.length === 0)
      parsed.set(source.displayPath, { key, json: JSON.stringify(result) });
    return result;
  };
  const [openapi, asyncapi] = await time(
    'parse',
    () =>
      Promise.all([
        settle(openapiSource && parse('openapi', openapiSource), diagnostics),
        settle(asyncapiSource && parse('asyncapi', asyncapiSource), diagnostics),
      ]),
    () => (reusedSpecs > 0 ? `${sources.length - reusedSpecs} parsed, ${reusedSpecs} reused` : undefined),
  );
  diagnostics.push(...(openapi?.diagnostics ?? []), ...(asyncapi?.diagnostics ?? []));
  const located = locate(diagnostics, sources);
  diagnostics.length = 0;
  diagnostics.push(...(config.strict ? located.map((d) => ({ ...d, severity: 'error' as const })) : located));
  if (hasErrors(diagnostics) || (!openapi && !asyncapi)) fail();

  const api = await time('passes', async () => {
    const merged: Api = {
      info: openapi?.api.info ?? { title: asyncapi!.title, version: '0.0.0' },
      sources: {
        ...(config.openapi ? { openapi: config.openapi } : {}),
        ...(config.asyncapi ? { asyncapi: config.asyncapi } : {}),
      },
      servers: openapi?.api.servers ?? [],
      schemas: [...(openapi?.api.schemas ?? []), ...(asyncapi?.schemas ?? [])],
      operations: openapi?.api.operations ?? [],
      channels: asyncapi?.channels ?? [],
      securitySchemes: [...(openapi?.api.securitySchemes ?? []), ...(asyncapi?.securitySchemes ?? [])],
      tags: openapi?.api.tags ?? [],
    };
    const cycles = locate(circularAllOf(merged), sources);
    if (cycles.length > 0) {
      diagnostics.push(...cycles);
      fail();
    }
    return runPasses(merged);
  });

  const packageName = config.name ?? packageNameFor(api.info.title);
  let emitted: EmittedPackage;
  try {
    // ts-morph and prettier are loaded only once the specs have parsed cleanly.
    const { emitPackage } = await import('./emit/index.js');
    emitted = await emitPackage(api, {
      packageName,
      packageVersion: config.version,
      typecheck: config.typecheck,
      ...(options.previous ? { previous: options.previous } : {}),
    });
  } catch (error) {
    if (error instanceof Error && !(error instanceof DiagnosticError)) {
      diagnostics.push(diagnostic({ code: 'CG090', message: error.message }));
      fail();
    }
    throw error;
  }
  const { files, reuse } = emitted;
  const notes = {
    emit: reuseNote(reuse.emit, 'file'),
    format: reuseNote(reuse.format, 'part'),
    compile: reuseNote(reuse.compile, 'file'),
  };
  for (const stage of ['emit', 'format', 'compile'] as const) {
    const note = notes[stage];
    const timing = { stage, ms: emitted.timings[stage], ...(note ? { note } : {}) };
    timings.push(timing);
    progress(timing);
  }
  if (parsed.size > 0) files.set(PARSED_FILE, parsedText(parsed, Object.values(api.sources)));
  const referenced = [...new Set(sources.flatMap((s) => referencedFiles(s.absPath, externals.get(s.displayPath)!)))]
    .map((file) => path.relative(config.root, file).split(path.sep).join('/'))
    .sort(compareCodeUnits);
  const fingerprint = inputFingerprint(config, {
    loaded: new Map(sources.map((source) => [source.displayPath, source.text])),
    referenced,
  });
  if (fingerprint !== undefined)
    files.set(
      STAMP_FILE,
      stampText({
        fingerprint,
        referenced,
        compile: config.typecheck ? 'typecheck' : 'transpile',
        files,
        parts: emitted.parts,
        emitted: emitted.emitKeys,
        sources: Object.values(api.sources),
      }),
    );
  return { files, diagnostics: sortDiagnostics(diagnostics), timings, packageName };
}

/** "3 parts, 40 reused": said only when something was reused. */
function reuseNote(counts: ReuseCounts, unit: string): string | undefined {
  if (counts.reused === 0) return undefined;
  return `${counts.done} ${unit}${counts.done === 1 ? '' : 's'}, ${counts.reused} reused`;
}
