/**
 * Emit stage: IR -> the generated package's files (sources via ts-morph, then prettier, then compiled
 * JavaScript and declarations), all in memory. Nothing here reads a spec.
 */
import type { Api } from '../ir/types.js';
import type { PreviousOutput } from '../previous.js';
import type { PartStamp } from '../stamp.js';
import { CLIENT_CHECK_FILE, emitClient } from './client.js';
import { compareCodeUnits, createEmitContext, groupParts, type EmittedFiles } from './context.js';
import { emitIndex } from './index-file.js';
import { keyedFiles, keyedInputs } from './keyed.js';
import { usesInt64 } from './descriptors.js';
import { packageJson, tsconfigJson } from './package-files.js';
import { readme } from './readme.js';
import { runtimeFiles } from './runtime.js';
import { compileReusing, fileTaker, formatReusing, javaScriptFiles, type ReuseCounts } from './reuse.js';
import { missingPackages } from './compile.js';
import { CodedError } from '../diagnostics.js';
import { bannerText } from './context.js';
import { surfaceOf } from '../surface/build.js';
import { SURFACE_FILE, surfaceText } from '../surface/model.js';

export interface EmitOptions {
  packageName: string;
  packageVersion: string;
  /** Type-check the whole package under `strict` before compiling it (slower; catches generator bugs). */
  typecheck?: boolean;
  /** The previous run's output: formatted parts and compiled files that are still right are taken from it. */
  previous?: PreviousOutput;
  /**
   * Where the package is written (absolute): `typecheck` resolves the packages the package imports (msw, for
   * the mocks) from there, as the package's own type-checker would. Without it they cannot be found.
   */
  packageDir?: string;
}

export class GeneratedCodeError extends Error {
  constructor(readonly errors: string[]) {
    super(
      `the generated code does not type-check (a codegen bug, please report it):\n${errors.slice(0, 20).join('\n')}`,
    );
  }
}

export interface EmitTimings {
  emit: number;
  format: number;
  compile: number;
}

export interface EmittedPackage {
  /** Every file of the package (but the stamp), sorted by path. */
  files: Map<string, string>;
  /** What the stamp records of each formatted file's parts. */
  parts: Map<string, PartStamp[]>;
  /** What the stamp records of the keyed files' emitter inputs. */
  emitKeys: Map<string, string>;
  timings: EmitTimings;
  /** How many keyed files were emitted, parts formatted and files compiled, against how many were reused. */
  reuse: { emit: ReuseCounts; format: ReuseCounts; compile: ReuseCounts };
}

/** Everything the IR gives a package, before formatting: what is left to do needs no IR. */
export interface EmittedSources {
  /** Files to format (by part), by path. */
  raw: EmittedFiles;
  /** Files printed in final form, with their dist/ files (see printed.ts). */
  printed: EmittedFiles;
  /** Files taken whole from the previous output. */
  taken: ReturnType<typeof fileTaker>['taken'];
  /** The modules shipped as JavaScript with declarations (see keyed.ts), by their TypeScript path. */
  javascript: Set<string>;
  /** The runtime templates, kept prettier-formatted in the repository (a test checks it): copied as they are. */
  runtime: Map<string, string>;
  /** package.json, tsconfig.json, README.md and the surface: final as they are. */
  finished: Map<string, string>;
  /** Modules that `--typecheck` checks with the package and that are not part of it (see `clientCheckText`). */
  checks: Map<string, string>;
  emitMs: number;
}

/**
 * The emit stage proper: the IR read once into texts. A caller that lets go of the IR afterwards (the pipeline
 * does) does not hold it while the much larger formatted and compiled output is made.
 */
export async function emitSources(api: Api, options: EmitOptions): Promise<EmittedSources> {
  const started = performance.now();
  const ctx = createEmitContext(api);
  const openapi = api.sources.openapi ? [api.sources.openapi] : [];
  const asyncapi = api.sources.asyncapi ? [api.sources.asyncapi] : [];
  const both = [...openapi, ...asyncapi];
  const raw: EmittedFiles = new Map();
  const { taken, take } = fileTaker(options.previous, { keepTypeScript: options.typecheck === true });
  const javascript = new Set<string>();
  // Each keyed file is emitted from its view of the IR alone, and taken from the last run when the view is the same.
  const inputs = keyedInputs();
  for (const keyed of keyedFiles(api)) {
    if (keyed.javascript) javascript.add(keyed.file);
    if (!take(keyed.file, inputs.key(keyed), keyed)) keyed.emit(raw, inputs.context(keyed.view), keyed.sources);
  }
  const shapes = api.schemas.some((s) => s.holdsExact);
  const clientCheck = emitClient(raw, ctx, both);
  const checks = new Map(options.typecheck ? [[CLIENT_CHECK_FILE, clientCheck]] : []);
  const withInt64 = shapes || usesInt64(ctx);
  emitIndex(raw, api, both, { withInt64 });
  const runtime = await runtimeFiles({ ...api.runtimeParts!, int64: withInt64 });
  const finished = new Map<string, string>();
  finished.set(
    'package.json',
    packageJson(api, { name: options.packageName, version: options.packageVersion, sources: both }),
  );
  finished.set('tsconfig.json', tsconfigJson(both));
  finished.set('README.md', readme(ctx, { name: options.packageName, sources: both, withInt64 }));
  // What callers of the package see, kept for the next run's change report.
  finished.set(SURFACE_FILE, surfaceText(surfaceOf(ctx), both));
  const printed = new Map([...raw].filter(([path]) => path.startsWith('dist/')));
  for (const path of printed.keys()) raw.delete(path);
  return { raw, printed, taken, javascript, runtime, finished, checks, emitMs: performance.now() - started };
}

/** Format and compile what the emit stage made: the package's files. `emitted.raw` is emptied once formatted. */
export async function finishPackage(
  emitted: EmittedSources,
  options: Pick<EmitOptions, 'typecheck' | 'previous' | 'packageDir'>,
): Promise<EmittedPackage> {
  const { raw, printed, taken, javascript, runtime } = emitted;
  const timings: EmitTimings = { emit: emitted.emitMs, format: 0, compile: 0 };
  let started = performance.now();
  const formatted = await formatReusing(groupParts(raw), options.previous, javascript);
  raw.clear();
  const sources = new Map([...formatted.texts, ...taken.texts, ...runtime].sort(([a], [b]) => compareCodeUnits(a, b)));
  timings.format = performance.now() - started;

  started = performance.now();
  const compiled = compileReusing(sources, {
    typecheck: options.typecheck === true,
    checks: emitted.checks,
    ...(options.packageDir === undefined ? {} : { packageDir: options.packageDir }),
    previous: options.previous,
    printed,
  });
  if (compiled.errors.length > 0) {
    const missing = missingPackages(compiled.errors);
    // Packages the package imports that are not installed where it is written: the project's to install.
    if (missing.length > 0)
      throw new CodedError(
        'CG024',
        `the generated code imports ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed where the package is written: --typecheck cannot check it`,
      );
    throw new GeneratedCodeError(compiled.errors);
  }
  timings.compile = performance.now() - started;

  const files = new Map([...emitted.finished, ...taken.javascript]);
  for (const [path, text] of sources) files.set(path, text);
  for (const [path, text] of compiled.outputs) {
    const base = path.replace(/^dist\//, 'src/').replace(/\.d\.ts$|\.js$/, '');
    files.set(path, withBanner(text, sourceBanner(sources.get(`${base}.ts`) ?? sources.get(`${base}.d.ts`))));
  }
  // A module shipped as JavaScript: its dist/ files stand in src/ for its TypeScript, which only the check read.
  for (const path of javascript) {
    if (!files.delete(path)) continue;
    const [srcJs, srcDts, distJs, distDts] = javaScriptFiles(path);
    files.set(srcJs!, files.get(distJs!)!);
    files.set(srcDts!, files.get(distDts!)!);
  }
  return {
    files: new Map([...files].sort(([a], [b]) => compareCodeUnits(a, b))),
    parts: new Map([...formatted.parts, ...taken.parts]),
    emitKeys: taken.keys,
    timings,
    reuse: { emit: taken.counts, format: formatted.counts, compile: compiled.counts },
  };
}

/** The whole emit stage at once (tests; the pipeline calls the two halves, to let go of the IR in between). */
export async function emitPackage(api: Api, options: EmitOptions): Promise<EmittedPackage> {
  return finishPackage(await emitSources(api, options), options);
}

function sourceBanner(source: string | undefined): string {
  const first = source?.split('\n', 1)[0] ?? '';
  return first.startsWith('// Generated by codegen') ? first : `// ${bannerText([])}`;
}

/** Declaration files lose the leading comment; put the banner back where it is missing. */
function withBanner(text: string, banner: string): string {
  return text.startsWith(banner) ? text : `${banner}\n${text}`;
}
