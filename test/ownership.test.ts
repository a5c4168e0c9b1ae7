/**
 * codegen never deletes or overwrites a file it did not write: the output folder of a real app's project,
 * with the app's own files in and around it.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';

const evolve = path.join(repoRoot, 'test/fixtures/evolve/v1.openapi.yaml');

/** A spec with two tags: without `legacy`, the run no longer generates `src/operations/legacy.js` and `.d.ts`. */
function taggedSpec(withLegacy: boolean): string {
  const legacy = withLegacy
    ? `  /old:\n    get:\n      operationId: oldThing\n      tags: [legacy]\n      responses: { '204': { description: gone } }\n`
    : '';
  return `openapi: 3.0.3\ninfo: { title: Owned, version: 1.0.0 }\npaths:\n  /ping:\n    get:\n      operationId: ping\n      tags: [health]\n      responses: { '204': { description: ok } }\n${legacy}`;
}

/** An app's folder: a config, a spec, the app's own source; `out` as given. */
function app(out: string): string {
  const dir = tempDir('codegen-app-');
  mkdirSync(path.join(dir, 'specs'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'specs/api.openapi.yaml'), taggedSpec(true));
  writeFileSync(path.join(dir, 'src/important.ts'), 'export const mine = 1;\n');
  writeFileSync(path.join(dir, 'codegen.config.json'), JSON.stringify({ openapi: 'specs/api.openapi.yaml', out }));
  return dir;
}

/** Every file below `dir` with its text, to show that a refused run changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Object.fromEntries(
    files.map((e) => {
      const file = path.join(e.parentPath, e.name);
      return [path.relative(dir, file), readFileSync(file, 'utf8')];
    }),
  );
}

describe('the output folder', () => {
  it('is refused when it is the project folder, or the folder of a spec (config error, nothing read or written)', async () => {
    for (const [out, what] of [
      ['.', 'holds the config file, codegen.config.json'],
      ['specs', 'holds an input, specs/api.openapi.yaml'],
      ['./specs/..', 'holds the config file'],
    ] as const) {
      const dir = app(out);
      const before = snapshot(dir);
      const result = await runCli(['run'], dir);
      expect([result.code, result.stderr]).toStrictEqual([2, expect.stringContaining(what)]);
      expect(result.stderr).toContain('codegen.config.json: error CG020: the output folder');
      expect(result.stderr).toContain('(at #/out)');
      expect(snapshot(dir)).toStrictEqual(before);
    }
    // The same for --out, and for a folder that holds an overlay.
    const dir = app('generated/client');
    mkdirSync(path.join(dir, 'overlays'));
    writeFileSync(path.join(dir, 'overlays/x.overlay.yaml'), 'overlay: 1.0.0\n');
    writeFileSync(
      path.join(dir, 'codegen.config.json'),
      JSON.stringify({ openapi: 'specs/api.openapi.yaml', overlays: ['overlays/x.overlay.yaml'], out: 'overlays' }),
    );
    const before = snapshot(dir);
    const overlay = await runCli(['run'], dir);
    expect([overlay.code, overlay.stderr]).toStrictEqual([
      2,
      expect.stringContaining('the output folder "overlays" holds an input, overlays/x.overlay.yaml'),
    ]);
    expect(snapshot(dir)).toStrictEqual(before);
    const flag = await runCli(['run', '--openapi', 'specs/api.openapi.yaml', '--out', 'specs'], dir);
    expect([flag.code, flag.stderr]).toStrictEqual([
      2,
      expect.stringContaining('holds an input, specs/api.openapi.yaml'),
    ]);
  });

  it('that holds files and no stamp is not written into; --take-over writes beside them and keeps them', async () => {
    const dir = app('src');
    const before = snapshot(dir);
    const refused = await runCli(['run'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'src: error CG021: src holds 1 file that codegen did not write, and no codegen.stamp.json (important.ts); nothing was written',
    );
    expect(refused.stderr).toContain('--take-over');
    expect(snapshot(dir)).toStrictEqual(before);
    expect((await runCli(['run', '--check'], dir)).code).toBe(1);

    const taken = await runCli(['run', '--take-over'], dir);
    expect(taken.code).toBe(0);
    expect(taken.stderr).toContain('left 1 file that codegen did not write as it is: important.ts');
    expect(readFileSync(path.join(dir, 'src/important.ts'), 'utf8')).toBe('export const mine = 1;\n');
    expect(existsSync(path.join(dir, 'src/src/operations/legacy.d.ts'))).toBe(true);

    // From now on the folder has a stamp: later runs remove only what codegen wrote.
    writeFileSync(path.join(dir, 'specs/api.openapi.yaml'), taggedSpec(false));
    const later = await runCli(['run'], dir);
    expect(later.code).toBe(0);
    expect(later.stderr).toMatch(/[1-9]\d* removed/);
    expect(existsSync(path.join(dir, 'src/src/operations/legacy.d.ts'))).toBe(false);
    expect(readFileSync(path.join(dir, 'src/important.ts'), 'utf8')).toBe('export const mine = 1;\n');
  });

  it('keeps a file added by hand beside the generated ones; --check names it and passes', async () => {
    const dir = app('generated/client');
    expect((await runCli(['run', '-q'], dir)).code).toBe(0);
    const out = path.join(dir, 'generated/client');
    writeFileSync(path.join(out, 'src/helpers.ts'), 'export const help = 1;\n');
    writeFileSync(path.join(out, 'NOTES.md'), '# ours\n');

    const check = await runCli(['run', '--check', '--fresh'], dir);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain('  kept     NOTES.md (not written by codegen; left as it is)');
    expect(check.stderr).toContain('  kept     src/helpers.ts (not written by codegen; left as it is)');
    // The no-op fast path still holds: the hand-added files do not make the output stale.
    expect((await runCli(['run'], dir)).stderr).toContain('is up to date');

    writeFileSync(path.join(dir, 'specs/api.openapi.yaml'), taggedSpec(false));
    const run = await runCli(['run'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('left 2 files that codegen did not write as they are: NOTES.md, src/helpers.ts');
    expect(readFileSync(path.join(out, 'src/helpers.ts'), 'utf8')).toBe('export const help = 1;\n');
    expect(readFileSync(path.join(out, 'NOTES.md'), 'utf8')).toBe('# ours\n');
    expect(existsSync(path.join(out, 'src/operations/legacy.d.ts'))).toBe(false);
  });

  it('with a stale stamp from another project protects the files that are not what that stamp recorded', async () => {
    // Another project's generated package, then the stamp alone copied into an app's folder of its own files.
    const other = app('generated/client');
    expect((await runCli(['run', '-q'], other)).code).toBe(0);
    const dir = app('lib');
    mkdirSync(path.join(dir, 'lib/src'), { recursive: true });
    cpSync(path.join(other, 'generated/client/codegen.stamp.json'), path.join(dir, 'lib/codegen.stamp.json'));
    writeFileSync(path.join(dir, 'lib/package.json'), '{ "name": "my-lib" }\n');
    writeFileSync(path.join(dir, 'lib/src/index.ts'), 'export * from "./mine.js";\n');
    const before = snapshot(dir);
    const result = await runCli(['run'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'lib: error CG021: codegen would overwrite 2 files in lib that it did not write (package.json, src/index.ts); nothing was written',
    );
    expect(snapshot(dir)).toStrictEqual(before);
  });

  it('restores a generated file edited by hand, and refuses one replaced by a file without its banner', async () => {
    const dir = app('generated/client');
    expect((await runCli(['run', '-q'], dir)).code).toBe(0);
    const out = path.join(dir, 'generated/client');
    const client = path.join(out, 'src/client.ts');
    const original = readFileSync(client, 'utf8');
    writeFileSync(client, original + '// a local tweak\n');
    expect((await runCli(['run'], dir)).stderr).toContain('1 changed');
    expect(readFileSync(client, 'utf8')).toBe(original);

    writeFileSync(path.join(out, 'package.json'), '{ "name": "replaced" }\n');
    const refused = await runCli(['run'], dir);
    expect([refused.code, refused.stderr]).toStrictEqual([
      1,
      expect.stringContaining(
        'codegen would overwrite 1 file in generated/client that it did not write (package.json)',
      ),
    ]);
    expect(readFileSync(path.join(out, 'package.json'), 'utf8')).toBe('{ "name": "replaced" }\n');
    expect((await runCli(['run', '--take-over', '-q'], dir)).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')).name).toBe('owned-client');
  });

  it('ad hoc into the current folder, which holds the spec', async () => {
    const dir = tempDir();
    cpSync(evolve, path.join(dir, 'api.yaml'));
    const result = await runCli(['run', '--openapi', 'api.yaml', '--out', '.'], dir);
    expect([result.code, result.stderr]).toStrictEqual([2, expect.stringContaining('holds an input, api.yaml')]);
    expect(readdirSync(dir)).toStrictEqual(['api.yaml']);
  });
});
