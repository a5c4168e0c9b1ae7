/**
 * `codegen run --watch` end to end, as a user runs it: a watcher process, an edit, the new output, an invalid
 * edit (diagnostics, the last output kept), a good edit, then Ctrl-C (SIGINT): exit 0.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from './helpers.js';

const spec = (operations: string[]) =>
  [
    'openapi: 3.0.3',
    'info: { title: Watched, version: 1.0.0 }',
    'paths:',
    ...operations.flatMap((id) => [
      `  /${id}:`,
      '    get:',
      `      operationId: ${id}`,
      "      responses: { '200': { description: ok, content: { application/json: { schema: { type: string } } } } }",
    ]),
  ].join('\n');

async function until(what: string, test: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** How many runs the watcher has reported (a line each, printed once the run's files are written). */
const runLines = (stderr: string): number =>
  stderr.match(/^codegen: watch: (\d+ files? written|nothing to write|the run failed)/gm)?.length ?? 0;

/** `codegen run --watch` in `dir`: its stderr so far, and its exit code once it stops. */
function startWatch(dir: string, args: string[] = []) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/codegen.js'), 'run', '--watch', ...args], {
    cwd: dir,
  });
  const output = { stderr: '' };
  child.stderr.on('data', (chunk) => (output.stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

/** An operation's function, as its group's declarations show it. */
const declared = (name: string) => `export declare function ${name}(`;

describe('codegen run --watch', () => {
  it('regenerates on each good save, keeps the last output on a bad one, and stops on SIGINT with exit 0', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'api.yaml');
    const operations = path.join(dir, 'out/src/operations/default.d.ts');
    writeFileSync(file, spec(['first']));
    const { child, output, exited } = startWatch(dir, ['--openapi', 'api.yaml', '--out', 'out']);
    try {
      await until('the first output', () => output.stderr.includes('watching'));
      expect(readFileSync(operations, 'utf8')).toContain(declared('first'));

      writeFileSync(file, spec(['first', 'second']));
      await until(
        'the second operation',
        () => existsSync(operations) && readFileSync(operations, 'utf8').includes(declared('second')),
      );
      await until('its line', () => /1 change for callers/.test(output.stderr));

      writeFileSync(file, `${spec(['first', 'second'])}\n  broken: [`);
      await until('the failed run', () => output.stderr.includes('the last output is kept'));
      expect(output.stderr).toMatch(/api\.yaml:\d+:\d+: error CG003/);
      expect(readFileSync(operations, 'utf8')).toContain(declared('second'));

      writeFileSync(file, spec(['first', 'third']));
      await until('the third operation', () => readFileSync(operations, 'utf8').includes(declared('third')));
      expect(readFileSync(operations, 'utf8')).not.toContain(declared('second'));
      await until('the breaking line', () => /BREAKING/.test(output.stderr));

      // The watcher remembers what it wrote; an output file edited by hand since is read again, and restored.
      const runtime = path.join(dir, 'out/src/runtime/http.ts');
      const original = readFileSync(runtime, 'utf8');
      writeFileSync(runtime, `${original}// edited by hand\n`);
      const before = runLines(output.stderr);
      writeFileSync(file, spec(['first', 'third', 'fourth']));
      // The run's line comes once every file is written (src/operations/ is written before src/runtime/).
      await until("the fourth run's line", () => runLines(output.stderr) > before);
      expect(readFileSync(operations, 'utf8')).toContain(declared('fourth'));
      expect(readFileSync(runtime, 'utf8')).toBe(original);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 120_000);

  it('reads the config file again when it changes', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'api.yaml'), spec(['only']));
    const config = (name: string) => JSON.stringify({ openapi: 'api.yaml', out: 'out', name });
    writeFileSync(path.join(dir, 'codegen.config.json'), config('first-name'));
    const { child, output, exited } = startWatch(dir);
    const packageName = () =>
      (JSON.parse(readFileSync(path.join(dir, 'out/package.json'), 'utf8')) as { name: string }).name;
    try {
      await until('the first output', () => output.stderr.includes('watching'));
      expect(packageName()).toBe('first-name');
      writeFileSync(path.join(dir, 'codegen.config.json'), config('second-name'));
      await until('the renamed package', () => packageName() === 'second-name');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 120_000);
});
