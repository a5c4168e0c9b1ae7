/**
 * Several clients in one config (`clients` in codegen.config.json): generated in one process, each with its
 * specs, overlays, output and name; `--check` covers all; a failing client fails the run and leaves every
 * output as it was; the no-op fast path works per client.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';

function project(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'specs'));
  copyFileSync(path.join(repoRoot, 'test/fixtures/evolve/v1.openapi.yaml'), path.join(dir, 'specs/registry.yaml'));
  copyFileSync(path.join(repoRoot, 'test/fixtures/overlays/base.openapi.yaml'), path.join(dir, 'specs/worker.yaml'));
  copyFileSync(
    path.join(repoRoot, 'test/fixtures/overlays/add.overlay.yaml'),
    path.join(dir, 'specs/worker.overlay.yaml'),
  );
  writeFileSync(
    path.join(dir, 'codegen.config.json'),
    JSON.stringify({
      version: '1.2.0',
      clients: [
        { name: 'registry-client', openapi: 'specs/registry.yaml', out: 'generated/registry' },
        {
          name: 'worker-client',
          openapi: 'specs/worker.yaml',
          overlays: ['specs/worker.overlay.yaml'],
          out: 'generated/worker',
        },
      ],
    }),
  );
  return dir;
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('several clients in one config', () => {
  it('generates each, with its own specs, overlays, output, name and the shared version', async () => {
    const dir = project();
    const run = await runCli(['run'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('codegen [registry-client]: wrote generated/registry (registry-client)');
    expect(run.stderr).toContain('codegen [worker-client]: wrote generated/worker (worker-client)');
    expect(JSON.parse(read(dir, 'generated/registry/package.json'))).toMatchObject({
      name: 'registry-client',
      version: '1.2.0',
    });
    // Each client has its own operations.
    const declared = (client: string) =>
      readdirSync(path.join(dir, client, 'src/operations'))
        .filter((f) => f.endsWith('.d.ts'))
        .map((f) => read(dir, `${client}/src/operations/${f}`))
        .join('\n');
    expect(declared('generated/worker')).toContain('export declare function getPetPhoto(');
    expect(declared('generated/registry')).toContain('export declare function fetchItem(');
    expect(declared('generated/registry')).not.toContain('getPetPhoto');
  });

  it('takes the fast path per client, and --check covers all of them', async () => {
    const dir = project();
    expect((await runCli(['run'], dir)).code).toBe(0);
    const again = await runCli(['run'], dir);
    expect(again.stderr).toContain(
      'codegen [registry-client]: generated/registry is up to date (inputs unchanged since the last run)',
    );
    expect(again.stderr).toContain(
      'codegen [worker-client]: generated/worker is up to date (inputs unchanged since the last run)',
    );
    // An edit to one client's overlay: that client is stale, the other still up to date.
    const overlay = path.join(dir, 'specs/worker.overlay.yaml');
    writeFileSync(
      overlay,
      read(dir, 'specs/worker.overlay.yaml').replace('tag: { type: string }', 'nickname: { type: string }'),
    );
    const check = await runCli(['run', '--check'], dir);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('codegen [registry-client]: generated/registry is up to date');
    expect(check.stderr).toContain('codegen [worker-client]: generated/worker is stale');
    const regenerated = await runCli(['run'], dir);
    expect(regenerated.stderr).toContain('codegen [registry-client]: generated/registry is up to date');
    expect(regenerated.stderr).toContain('codegen [worker-client]: wrote generated/worker');
    expect(regenerated.stderr).toContain('codegen [worker-client]: 2 changes to the package');
  });

  it('one failing client fails the run and leaves every output as it was', async () => {
    const dir = project();
    expect((await runCli(['run'], dir)).code).toBe(0);
    const before = [read(dir, 'generated/registry/src/client.ts'), read(dir, 'generated/worker/src/client.ts')];
    // The registry spec gains an operation; the worker overlay now targets nothing.
    writeFileSync(
      path.join(dir, 'specs/registry.yaml'),
      read(dir, 'specs/registry.yaml').replace('operationId: fetchItem', 'operationId: getItem'),
    );
    writeFileSync(
      path.join(dir, 'specs/worker.overlay.yaml'),
      read(dir, 'specs/worker.overlay.yaml').replace(
        "$.paths['/pets'].get.responses['200']",
        "$.paths['/animals'].get",
      ),
    );
    const run = await runCli(['run'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/specs\/worker\.overlay\.yaml:\d+:\d+: error CG016/);
    expect(run.stderr).toContain('codegen: 1 error; no output was written.');
    expect([read(dir, 'generated/registry/src/client.ts'), read(dir, 'generated/worker/src/client.ts')]).toStrictEqual(
      before,
    );
  });

  it('refuses per-client fields at the top level, and two clients with one output', async () => {
    const dir = project();
    const config = JSON.parse(read(dir, 'codegen.config.json'));
    writeFileSync(path.join(dir, 'codegen.config.json'), JSON.stringify({ ...config, out: 'x' }));
    const misplaced = await runCli(['run'], dir);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('with "clients", put "out" in each client');
    config.clients[1].out = 'generated/registry';
    writeFileSync(path.join(dir, 'codegen.config.json'), JSON.stringify(config));
    const twice = await runCli(['run'], dir);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('two clients write to "generated/registry"');
  });
});
