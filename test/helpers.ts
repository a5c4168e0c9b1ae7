import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { main, type Io } from '../src/cli.js';

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
