import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { main, type Io } from '../src/cli.js';
import { resolveConfig } from '../src/config.js';
import { runPipeline } from '../src/pipeline.js';
import { plan, write } from '../src/write.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const seedsDir = path.resolve(repoRoot, '..', 'shared', 'seeds');

export function tempDir(prefix = 'codegen-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(
  args: string[],
  cwd = repoRoot,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (t) => (stdout += t + '\n'), stderr: (t) => (stderr += t + '\n'), color: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** The compiler's diagnostics for consumer files of generated packages, under `strict` (Node ESM, DOM types). */
export function strictDiagnostics(files: string[]): readonly ts.Diagnostic[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program);
}

/**
 * Generates the package of one spec (`openapi` or `asyncapi` by the file's name unless `kind` says) into
 * `out`, as `codegen run --openapi <spec> --out <out>` would; returns the pipeline's result too.
 */
export async function generatePackage(
  spec: string,
  out: string,
  options: { kind?: 'openapi' | 'asyncapi'; flags?: Record<string, string> } = {},
): Promise<Awaited<ReturnType<typeof runPipeline>>> {
  const kind = options.kind ?? (path.basename(spec).includes('asyncapi') ? 'asyncapi' : 'openapi');
  const config = resolveConfig({
    cwd: repoRoot,
    adHoc: true,
    flags: { [kind]: path.relative(repoRoot, spec), out: 'unused', ...options.flags },
  });
  const result = await runPipeline(config);
  mkdirSync(out, { recursive: true });
  await write(out, result.files, await plan(out, result.files));
  return result;
}

/**
 * Every AsyncAPI document among the fixtures (Golem's and the features'), and with `invalid` those the parser
 * finds errors in, as paths from the repository root: what the parses that must agree are compared on.
 */
export function asyncApiDocuments(options: { invalid?: boolean } = {}): string[] {
  const under = (dir: string, keep: (file: string) => boolean) =>
    readdirSync(path.join(repoRoot, dir))
      .filter(keep)
      .map((f) => `${dir}/${f}`);
  return [
    'specs/golem-worker-connect.asyncapi.yaml',
    ...under('test/fixtures/features', (f) => /asyncapi-\d\.yaml$/.test(f)),
    ...(options.invalid ? under('test/fixtures/diagnostics', (f) => f.startsWith('asyncapi-')) : []),
  ];
}

/** A parse's outcome as data: its result, or the diagnostics it stopped with. */
export async function parseOutcome(parse: Promise<unknown>): Promise<unknown> {
  try {
    return { result: await parse };
  } catch (error) {
    if (error instanceof Error && 'diagnostics' in error) return { diagnostics: error.diagnostics };
    throw error;
  }
}
