import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';

const openapi = path.join(repoRoot, 'specs/golem-cloud.openapi.yaml');

describe('codegen CLI', () => {
  it('prints help and version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('codegen run --openapi <file>');
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  });

  it('exits 2 on usage errors', async () => {
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['build'])).code).toBe(2);
    expect((await runCli(['run', '--bogus'])).code).toBe(2);
    const noOut = await runCli(['run', '--openapi', openapi]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out <dir> is required');
  });

  it('exits 2 on a bad config file, naming the field', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'codegen.config.json'), JSON.stringify({ openapi: 1, outdir: 'x' }));
    const result = await runCli(['run'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('codegen.config.json: error CG020: "openapi" must be a string (at #/openapi)');
    expect(result.stderr).toContain('unknown field "outdir"');
    writeFileSync(
      path.join(dir, 'codegen.config.json'),
      JSON.stringify({ openapi: 'a.yaml', perspective: 'sideways' }),
    );
    const side = await runCli(['run'], dir);
    expect([side.code, side.stderr]).toStrictEqual([
      2,
      expect.stringContaining('"perspective" must be "server" or "client"'),
    ]);
    const flag = await runCli(['run', '--asyncapi', 'x.yaml', '--out', 'o', '--perspective', 'up'], dir);
    expect([flag.code, flag.stderr]).toStrictEqual([
      2,
      expect.stringContaining('--perspective must be server or client'),
    ]);
  });

  it('says "did you mean" for a mistyped flag or config field, and where a config file stops being JSON', async () => {
    const flag = await runCli(['run', '--fail-on-braking']);
    expect([flag.code, flag.stderr]).toStrictEqual([
      2,
      'codegen: unknown option --fail-on-braking; did you mean --fail-on-breaking?\nRun `codegen --help` for usage.\n',
    ]);
    expect((await runCli(['run', '--zzzzzz'])).stderr).toContain('unknown option --zzzzzz\n');
    const dir = tempDir();
    writeFileSync(path.join(dir, 'codegen.config.json'), JSON.stringify({ openapi: 'a.yaml', ouput: 'x' }));
    const field = await runCli(['run'], dir);
    expect([field.code, field.stderr]).toStrictEqual([
      2,
      expect.stringContaining('error CG020: unknown field "ouput"; did you mean "out"? (known: '),
    ]);
    writeFileSync(path.join(dir, 'codegen.config.json'), '{\n  "openapi": "a.yaml",\n  "out": "x",\n}\n');
    const syntax = await runCli(['run'], dir);
    expect([syntax.code, syntax.stderr]).toStrictEqual([
      2,
      expect.stringContaining(
        'codegen.config.json:4:1: error CG020: codegen.config.json is not valid JSON: property name expected',
      ),
    ]);
  });

  it('generates ad hoc from one spec, then --check passes, and reports staleness', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'client');
    const first = await runCli(['run', '--openapi', openapi, '--out', out, '--name', 'my-client', '--quiet'], dir);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')).name).toBe('my-client');
    // Golem's 101 route, with no AsyncAPI document given: a subscription with unknown events (CG015).
    expect(existsSync(path.join(out, 'src/subscriptions.ts'))).toBe(true);
    expect(
      (await runCli(['run', '--openapi', openapi, '--out', out, '--name', 'my-client', '--check'], dir)).code,
    ).toBe(0);

    const schemas = readFileSync(path.join(out, 'src/schemas.d.ts'), 'utf8');
    writeFileSync(path.join(out, 'src/schemas.d.ts'), schemas + '// edited\n');
    writeFileSync(path.join(out, 'stray.txt'), 'x');
    const stale = await runCli(['run', '--openapi', openapi, '--out', out, '--name', 'my-client', '--check'], dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('  changed  src/schemas.d.ts');
    // A file codegen did not write is never removed (see ownership.test.ts).
    expect(stale.stderr).toContain('  kept     stray.txt (not written by codegen; left as it is)');
    expect(readFileSync(path.join(out, 'src/schemas.d.ts'), 'utf8')).toBe(schemas + '// edited\n');
  });

  it('reports spec errors with file:line:col, exits 1 and leaves the previous output untouched', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'specs'));
    cpSync(openapi, path.join(dir, 'specs/api.openapi.yaml'));
    writeFileSync(
      path.join(dir, 'codegen.config.json'),
      JSON.stringify({ openapi: 'specs/api.openapi.yaml', out: 'out' }),
    );
    expect((await runCli(['run', '-q'], dir)).code).toBe(0);
    const before = readFileSync(path.join(dir, 'out/src/schemas.d.ts'), 'utf8');

    const broken = readFileSync(openapi, 'utf8').replace(
      "$ref: '#/components/schemas/WorkerId'\n    get:",
      "$ref: '#/components/schemas/Nope'\n    get:",
    );
    writeFileSync(path.join(dir, 'specs/api.openapi.yaml'), broken);
    const result = await runCli(['run'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/specs\/api\.openapi\.yaml:\d+:\d+: error CG007: .*Nope/);
    expect(result.stderr).toContain('nothing was written');
    expect(readFileSync(path.join(dir, 'out/src/schemas.d.ts'), 'utf8')).toBe(before);
  });

  it('skips all work when inputs and outputs are unchanged (no-op fast path), and not otherwise', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'specs'));
    cpSync(openapi, path.join(dir, 'specs/api.openapi.yaml'));
    expect((await runCli(['run'], dir)).stderr).toContain('codegen: parse');
    const again = await runCli(['run'], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('codegen: generated/client is up to date (inputs unchanged since the last run)\n');
    expect((await runCli(['run', '--check'], dir)).code).toBe(0);
    // The fast path loads none of the heavy modules (TypeScript through ts-morph, prettier, the parsers).
    const probe = [
      `const { main } = await import(${JSON.stringify(pathToFileURL(path.join(repoRoot, 'dist/cli.js')).href)});`,
      `const code = await main(['run', '--quiet']);`,
      `const loaded = Object.keys((await import('node:module')).createRequire(import.meta.url).cache);`,
      `console.log(JSON.stringify({ code, heavy: loaded.filter((f) => /ts-morph|prettier|@asyncapi|swagger-parser/.test(f)) }));`,
    ].join('\n');
    const fast = execFileSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(fast)).toStrictEqual({ code: 0, heavy: [] });

    // An edited output file is noticed and restored.
    const schemas = path.join(dir, 'generated/client/src/schemas.d.ts');
    const original = readFileSync(schemas, 'utf8');
    writeFileSync(schemas, original + '// edited\n');
    expect((await runCli(['run', '--check'], dir)).code).toBe(1);
    expect((await runCli(['run'], dir)).stderr).toContain('1 changed');
    expect(readFileSync(schemas, 'utf8')).toBe(original);

    // A changed spec runs the pipeline.
    writeFileSync(
      path.join(dir, 'specs/api.openapi.yaml'),
      readFileSync(openapi, 'utf8').replace('title: Golem Cloud API', 'title: Golem Cloud API v2'),
    );
    const changed = await runCli(['run'], dir);
    expect(changed.stderr).toContain('codegen: parse');
    expect(changed.stderr).toMatch(/wrote generated\/client \(golem-cloud-v2-client\)/);
  });

  it('gives one package byte for byte whichever checks ran (--strict, --typecheck change no file)', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'specs'));
    cpSync(path.join(repoRoot, 'test/fixtures/evolve/v1.openapi.yaml'), path.join(dir, 'specs/api.openapi.yaml'));
    expect((await runCli(['run', '-q'], dir)).code).toBe(0);
    const out = path.join(dir, 'generated/client');
    const files = () =>
      readdirSync(out, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => [
          path.relative(out, path.join(e.parentPath, e.name)),
          readFileSync(path.join(e.parentPath, e.name), 'utf8'),
        ]);
    const before = files();
    const strict = await runCli(['run', '--check', '--strict'], dir);
    expect([strict.code, strict.stderr]).toStrictEqual([0, expect.stringContaining('is up to date')]);
    const checked = await runCli(['run', '--typecheck'], dir);
    expect(checked.code).toBe(0);
    expect(checked.stderr).toContain('0 added, 0 changed, 0 removed');
    expect(files()).toStrictEqual(before);
    expect((await runCli(['run', '--typecheck', '--strict', '--check'], dir)).code).toBe(0);

    // A spec with warnings: the fast path does not hide them from --strict.
    writeFileSync(
      path.join(dir, 'specs/api.openapi.yaml'),
      readFileSync(path.join(repoRoot, 'test/fixtures/diagnostics/unknown-type.yaml'), 'utf8'),
    );
    expect((await runCli(['run', '-q'], dir)).code).toBe(0);
    const warned = await runCli(['run', '--strict', '--check'], dir);
    expect([warned.code, warned.stderr]).toStrictEqual([1, expect.stringContaining('error CG010')]);
  });

  it('without a config file, applies the overlays in specs/ to the OpenAPI spec found there', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'specs'));
    cpSync(path.join(repoRoot, 'test/fixtures/overlays/base.openapi.yaml'), path.join(dir, 'specs/base.openapi.yaml'));
    cpSync(path.join(repoRoot, 'test/fixtures/overlays/add.overlay.yaml'), path.join(dir, 'specs/add.overlay.yaml'));
    const result = await runCli(['run'], dir);
    expect(result.code).toBe(0);
    const readme = readFileSync(path.join(dir, 'generated/client/README.md'), 'utf8');
    expect(readme).toContain('## Operations from overlays');
    expect(readme).toContain('from `specs/add.overlay.yaml`');
  });

  it("resolves an AsyncAPI document's relative $refs against its own file, from any working folder", async () => {
    const fixtures = path.join(repoRoot, 'test/fixtures/features');
    const out = path.join(tempDir(), 'out');
    for (const [cwd, spec] of [
      [fixtures, 'sibling-refs-asyncapi-2.yaml'],
      [repoRoot, 'test/fixtures/features/sibling-refs-asyncapi-2.yaml'],
      [path.join(fixtures, 'external'), '../sibling-refs-asyncapi-2.yaml'],
    ] as const) {
      const result = await runCli(['run', '--asyncapi', spec, '--out', out, '--fresh', '-q'], cwd);
      expect([result.code, result.stderr]).toStrictEqual([0, '']);
      expect(readFileSync(path.join(out, 'src/schemas.d.ts'), 'utf8')).toContain('export type Thing =');
    }
  });

  it('generates an AsyncAPI document whose messages refer to the components of the OpenAPI document beside it', async () => {
    const dir = path.join(repoRoot, 'test/fixtures/shared-components');
    const out = path.join(tempDir(), 'out');
    const result = await runCli(
      ['run', '--openapi', 'api.openapi.yaml', '--asyncapi', 'events.asyncapi.yaml', '--out', out, '-q'],
      dir,
    );
    expect([result.code, result.stderr]).toStrictEqual([0, '']);
    const schemas = readFileSync(path.join(out, 'src/schemas.d.ts'), 'utf8');
    expect(schemas).toContain('export interface ThingChanged {');
    expect(schemas).toMatch(/thing\?: \w+;/);
  });

  it('reports malformed YAML with its position', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bad.yaml'), 'openapi: 3.0.1\ninfo:\n  title: [unclosed\n');
    const result = await runCli(['run', '--openapi', 'bad.yaml', '--out', 'out'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^bad\.yaml:\d+:\d+: error CG003: /m);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('reports a referenced file that does not parse (writing nothing), and finds schema mistakes in a referenced file too (warnings; errors with --strict)', async () => {
    const dir = tempDir();
    const spec = (ref: string) =>
      `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '${ref}'\n`;
    writeFileSync(path.join(dir, 'api.yaml'), spec('./broken.yaml#/X'));
    writeFileSync(path.join(dir, 'broken.yaml'), 'X: [unclosed\n');
    const broken = await runCli(['run', '--openapi', 'api.yaml', '--out', 'out'], dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^api\.yaml(:\d+:\d+)?: error CG00\d: .*broken\.yaml/m);
    // The referenced file is bundled in before validation: its mistakes are found too.
    writeFileSync(path.join(dir, 'api.yaml'), spec('./part.yaml#/X'));
    writeFileSync(path.join(dir, 'part.yaml'), 'X:\n  type: object\n  required: yes\n');
    const invalid = await runCli(['run', '--openapi', 'api.yaml', '--out', 'warned-out'], dir);
    expect([invalid.code, invalid.stderr]).toStrictEqual([0, expect.stringContaining('warning CG013: must be array')]);
    const strict = await runCli(['run', '--openapi', 'api.yaml', '--out', 'strict-out', '--strict'], dir);
    expect([strict.code, strict.stderr]).toStrictEqual([1, expect.stringContaining('error CG013: must be array')]);
    expect([existsSync(path.join(dir, 'warned-out')), existsSync(path.join(dir, 'strict-out'))]).toStrictEqual([
      true,
      false,
    ]);
    // A reference that is not valid percent-encoding is a missing file, not a crash.
    writeFileSync(path.join(dir, 'api.yaml'), spec('./bad%ZZ.yaml#/X'));
    const malformed = await runCli(['run', '--openapi', 'api.yaml', '--out', 'out'], dir);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/error CG007: .*bad%ZZ\.yaml/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('reports a missing file and a non-spec document', async () => {
    const dir = tempDir();
    const missing = await runCli(['run', '--openapi', 'nope.yaml', '--out', 'out'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.yaml: error CG001: file not found: nope.yaml');
    writeFileSync(path.join(dir, 'swagger.yaml'), 'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\n');
    const swagger = await runCli(['run', '--openapi', 'swagger.yaml', '--out', 'out'], dir);
    expect(swagger.code).toBe(1);
    expect(swagger.stderr).toContain('swagger.yaml:1:10: error CG005: Swagger 2.0 is not supported');
  });
});

describe('codegen run with nothing to read', () => {
  it('exits 2 and says where specs are looked for', async () => {
    const result = await runCli(['run'], tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error CG020: no spec to read');
    expect(result.stderr).toContain('hint: Run `codegen --help`');
  });
});

// --typecheck checks the package where it is written: the packages it imports (msw, for the mocks) resolve from
// that folder's node_modules, as its own type-checker resolves them; where one is not installed, the run says so.
describe('codegen run --typecheck with mocks', () => {
  const config = (out: string) =>
    JSON.stringify({ openapi: path.join(repoRoot, 'test/fixtures/features/schemas-3.1.yaml'), out, mocks: true });

  it('resolves msw from the project that holds the output', async () => {
    // A folder inside this repository: its node_modules has msw, as a project that uses the mocks has.
    const dir = path.join(repoRoot, 'test/.tmp', `typecheck-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(path.join(dir, 'codegen.config.json'), config('out'));
      const result = await runCli(['run', '--typecheck', '--quiet'], dir);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(existsSync(path.join(dir, 'out/src/mocks.js'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says which package is not installed (CG024), not that codegen has a bug, and writes nothing', async () => {
    // The OS temp folder: no node_modules above it.
    const dir = tempDir();
    writeFileSync(path.join(dir, 'codegen.config.json'), config('out'));
    const result = await runCli(['run', '--typecheck'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error CG024: the generated code imports msw, which is not installed/);
    expect(result.stderr).toContain('npm install --save-dev msw');
    expect(result.stderr).not.toContain('CG090');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
