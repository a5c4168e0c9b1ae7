/**
 * A spec split over files (test/fixtures/multi-file): path items and models in files of their own, each
 * referring to the others relative to itself; a discriminator mapping of file references (one to a file that
 * does not exist); a properties map given by reference, in another file and in the root one. And what is done
 * to the root document before bundling (an overlay) survives the bundling.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { runPipeline } from '../src/pipeline.js';
import { repoRoot, runCli, tempDir } from './helpers.js';

const fixture = 'test/fixtures/multi-file/api.yaml';

async function generate(overlays: string[] = []) {
  const config = resolveConfig({
    cwd: repoRoot,
    adHoc: true,
    flags: { openapi: fixture, out: 'unused', typecheck: true, overlays },
  });
  return runPipeline(config);
}

describe('a spec split over files', () => {
  it('resolves every reference from the file it is written in: path items, nested models, mappings, maps', async () => {
    const result = await generate();
    const schemas = result.files.get('src/schemas.d.ts')!;
    await expect(schemas).toMatchFileSnapshot('__snapshots__/multi-file/schemas.ts');
    // The mapping's files are the union's members, by their own names, and narrow by `kind`.
    expect(schemas).toContain("export type Pet = (Cat & { kind: 'cat' }) | (Dog & { kind: 'dog' });");
    expect(schemas).toMatch(/export interface Cat \{\n(.*\n)*?\s+lives\?: number;/);
    expect(schemas).toMatch(/export interface Toy \{\n(.*\n)*?\s+squeaks\?: boolean;/);
    expect(result.files.get('src/operations/default.d.ts')).toMatch(/listPets\(.*\): Promise<Pet\[\]>/);
    expect(result.diagnostics.map((d) => [d.severity, d.code, d.line, d.pointer])).toStrictEqual([
      ['warning', 'CG018', 24, '/components/schemas/Pet/discriminator/mapping/hamster'],
    ]);
  });

  it("reads a map of properties given by reference in another file as that map, wherever bundling puts it, and names a file's schema after the file", async () => {
    // Each map is met more than once: bundling inlines the first and writes the others as references to it.
    const config = resolveConfig({
      cwd: repoRoot,
      adHoc: true,
      flags: { openapi: 'test/fixtures/map-refs/api.yaml', out: 'unused', typecheck: true },
    });
    const result = await runPipeline(config);
    expect(result.diagnostics).toStrictEqual([]);
    const operations = result.files.get('src/operations/default.d.ts')!;
    const schemas = result.files.get('src/schemas.d.ts')!;
    // Each schema written in a file of its own is a type named after the file, wherever bundling placed it.
    expect(operations).toContain('body: ThingCreate;');
    expect(operations).toContain('Promise<Thing>;');
    expect(schemas).toMatch(/export interface ThingBase \{\n\s+name: string;\n\s+home\?: Address;\n\}/);
    expect(schemas).toMatch(/export interface GetThingResponse \{\n\s+thing\?: Thing;\n\s+shippedTo\?: Address;/);
    // A fragment of a file used in several places: named after its key in that file, not where it was first used.
    expect(schemas).toMatch(/export interface Address \{\n\s+city: string;\n\}/);
    // The maps read in place: one alternative of the body requires the ids, the other the tag.
    expect(schemas).toMatch(
      /export type ThingCreate =\n\s+\| \(\{\n\s+ids: number\[\];\n\s+\} & ThingBase\)\n\s+\| \(\{\n\s+tag: string;\n\s+\} & ThingBase\);/,
    );
    expect(schemas).toMatch(
      /export type Thing = ThingBase & \{\n\s+ids\?: number\[\];\n\} & \{\n\s+tag\?: string;\n\};/,
    );
    expect(schemas).toMatch(/export interface GetThingResponseTags \{\n\s+tag\?: string;\n\}/);
    expect(`${operations}${schemas}`).not.toContain('$ref');
  });

  it('gives the same package whichever folder codegen runs from', async () => {
    const outs = [tempDir(), tempDir()];
    const fromRoot = await runCli(['run', '--openapi', fixture, '--out', outs[0]!]);
    const fromFixture = await runCli(
      ['run', '--openapi', 'api.yaml', '--out', outs[1]!],
      path.join(repoRoot, 'test/fixtures/multi-file'),
    );
    expect([fromRoot.code, fromFixture.code]).toStrictEqual([0, 0]);
    const { readFileSync } = await import('node:fs');
    const schemas = outs.map((out) => readFileSync(path.join(out, 'src/schemas.d.ts'), 'utf8').split('\n').slice(1));
    expect(schemas[1]).toStrictEqual(schemas[0]);
  });

  it('keeps an overlay applied to the root document when the files it refers to are bundled in', async () => {
    const overlay = path.join(tempDir(), 'toys.overlay.yaml');
    writeFileSync(
      overlay,
      [
        'overlay: 1.0.0',
        'info: { title: Toys, version: 1.0.0 }',
        'actions:',
        '  - target: $.components.schemas.Toy',
        '    update:',
        '      description: A toy, as the overlay describes it.',
      ].join('\n'),
    );
    const schemas = (await generate([path.relative(repoRoot, overlay)])).files.get('src/schemas.d.ts')!;
    expect(schemas).toContain('/** A toy, as the overlay describes it. */\nexport interface Toy {');
  });
});
