/**
 * GitHub's REST API description (@octokit/openapi: about 1,100 operations and 900 component schemas)
 * generates without errors, the output type-checks under tsc --strict, and its fake data is valid.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { pascalCase, safeIdentifier } from '../../src/naming/identifiers.js';
import { runPipeline, type PipelineResult } from '../../src/pipeline.js';
import { formatTypeScript } from '../../src/format.js';
import { plan, write } from '../../src/write.js';
import { repoRoot, tempDir } from '../helpers.js';

const spec = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
let result: PipelineResult;
let out: string;

beforeAll(async () => {
  const config = resolveConfig({
    cwd: repoRoot,
    adHoc: true,
    // The strict check reads the TypeScript of the modules shipped as JavaScript (the validators' bodies) too.
    flags: { openapi: spec, out: 'unused', name: 'github-client', typecheck: true },
  });
  result = await runPipeline(config);
  out = tempDir('codegen-github-');
  await write(out, result.files, await plan(out, result.files));
});

describe("GitHub's REST API", () => {
  it('generates every operation with no error diagnostics', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toStrictEqual([]);
    const doc = JSON.parse(readFileSync(spec, 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: object };
    };
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
    const operations = Object.values(doc.paths).reduce(
      (n, item) => n + Object.keys(item).filter((k) => methods.includes(k)).length,
      0,
    );
    expect(operations).toBeGreaterThan(1000);
    const descriptors = [...result.files]
      .filter(([f]) => f.startsWith('src/descriptors/') && f.endsWith('.d.ts'))
      .reduce((n, [, text]) => n + (text.match(/Operation: OperationSpec;/g)?.length ?? 0), 0);
    expect(descriptors).toBe(operations);
    const schemas = result.files.get('src/schemas.d.ts')!;
    const exported = new Set([...schemas.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]));
    const missing = Object.keys(doc.components.schemas).filter(
      (name) => !exported.has(safeIdentifier(pascalCase(name), 'Schema', 'type')),
    );
    expect(missing).toStrictEqual([]);
  });

  it('lays out its TypeScript (schemas, client) as prettier does, most of it printed in final form without prettier', async () => {
    // The TypeScript shipped as such (the operations are JavaScript with declarations, printed by the compiler).
    const laidOut = ['src/schemas.d.ts', 'src/client.ts'];
    const files = [...result.files].filter(([f]) => laidOut.includes(f));
    expect(files.map(([f]) => f).sort()).toStrictEqual([...laidOut].sort());
    for (const [file, text] of files) expect(await formatTypeScript(text, file), file).toBe(text);
  });

  it('type-checks under tsc --strict as shipped (the validators and tables as declarations)', () => {
    expect(readdirSync(path.join(out, 'src')).filter((f) => /^(validators|mocks|int64)\./.test(f))).toStrictEqual([
      'int64.d.ts',
      'int64.js',
      'mocks.d.ts',
      'mocks.js',
      'validators.d.ts',
      'validators.js',
    ]);
    const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '-p', path.join(out, 'tsconfig.json')], {
      stdio: 'pipe',
    });
  });

  it('makes fake data of every schema type that its validator accepts', async () => {
    const { fake } = (await import(pathToFileURL(path.join(out, 'dist/mocks.js')).href)) as {
      fake: Record<string, (options?: { seed?: number }) => unknown>;
    };
    const failed: string[] = [];
    for (const [name, make] of Object.entries(fake))
      try {
        for (const seed of [1, 2, 3]) make({ seed });
      } catch {
        failed.push(name);
      }
    expect(Object.keys(fake).length).toBeGreaterThan(6000);
    expect(failed).toStrictEqual([]);
  }, 120_000);
});
