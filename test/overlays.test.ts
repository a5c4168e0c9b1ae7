/**
 * OpenAPI Overlays (test/fixtures/overlays): each action kind applied to a small spec, the generated result,
 * and the diagnostics that point into the overlay file. The vendor spec is never written to.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { DiagnosticError, formatDiagnostic } from '../src/diagnostics.js';
import { applyOverlays } from '../src/load/overlay.js';
import { parseSource } from '../src/load/source.js';
import { runPipeline } from '../src/pipeline.js';
import { repoRoot, runCli, tempDir } from './helpers.js';

const dir = 'test/fixtures/overlays';
const base = `${dir}/base.openapi.yaml`;

async function generate(overlays: string[], openapi = base) {
  const config = resolveConfig({
    cwd: repoRoot,
    adHoc: true,
    flags: { openapi, out: 'unused', typecheck: true, overlays },
  });
  return runPipeline(config);
}

async function diagnostics(overlays: string[]): Promise<string[]> {
  try {
    await generate(overlays);
  } catch (error) {
    if (error instanceof DiagnosticError) return error.diagnostics.map((d) => formatDiagnostic(d).split('\n')[0]!);
    throw error;
  }
  throw new Error('expected the run to fail');
}

describe('overlays', () => {
  it('update merges into objects, adds operations and response bodies, appends to arrays; the spec file is untouched', async () => {
    const before = readFileSync(path.join(repoRoot, base), 'utf8');
    const result = await generate([`${dir}/add.overlay.yaml`]);
    expect(readFileSync(path.join(repoRoot, base), 'utf8')).toBe(before);
    const schemas = result.files.get('src/schemas.d.ts')!;
    expect(schemas).toContain('export interface Pet {\n  name?: string;\n  tag?: string;\n}');
    expect(schemas).toContain('export interface Error_ {');
    const client = result.files.get('src/client.ts')!;
    expect(result.files.get('src/operations/pets.d.ts')).toContain(
      'listPets(client: ClientCore, params?: ListPetsParams, options?: RequestOptions): Promise<Pet[]>;',
    );
    expect(result.files.get('src/operations/pets.d.ts')).toContain('export declare function getPetPhoto(');
    // The filter selected every operation tagged pets, the one the overlay added included.
    for (const op of ['listPets', 'addPet', 'deletePet', 'getPetPhoto'])
      expect(client).toContain(`  ${op}: { status: number; body: Error_ | string | undefined };`);
    expect(result.files.get('README.md')).toContain(
      '- `getPetPhoto` (`GET /pets/{id}/photo`), from `test/fixtures/overlays/add.overlay.yaml`',
    );
  });

  it('remove deletes what its target selects; overlays apply in the order given', async () => {
    const removed = (await generate([`${dir}/remove.overlay.yaml`])).files.get('src/operations/pets.d.ts')!;
    expect(removed).toContain('export declare function listPets(');
    expect(removed).not.toContain('export declare function addPet(');
    expect(removed).not.toContain('export declare function deletePet(');
    // Added, then removed: the second overlay sees what the first one did.
    const both = (await generate([`${dir}/add.overlay.yaml`, `${dir}/remove.overlay.yaml`])).files.get(
      'src/operations/pets.d.ts',
    )!;
    expect(both).toContain('export declare function getPetPhoto(');
    expect(both).not.toContain('export declare function deletePet(');
  });

  it.each([
    [
      'an action whose target matches nothing',
      'no-match.overlay.yaml',
      [
        `${dir}/no-match.overlay.yaml:6:13: error CG016: action 2: target "$.paths['/animals'].get" matches nothing in ${base} (at #/actions/1/target)`,
      ],
    ],
    [
      'a document that is not an overlay',
      'not-an-overlay.yaml',
      [
        `${dir}/not-an-overlay.yaml:1:1: error CG017: ${dir}/not-an-overlay.yaml is not an overlay document (no top-level "overlay: 1.0.0")`,
      ],
    ],
    [
      'a target that is not a JSONPath, an action without update or remove, an update of a string',
      'bad-action.overlay.yaml',
      [
        `${dir}/bad-action.overlay.yaml:4:13: error CG017: "$.paths[" is not a JSONPath: unclosed bracketed selection ('$.paths[':8) (at #/actions/0/target)`,
        `${dir}/bad-action.overlay.yaml:6:5: error CG017: action 2 has neither "update" nor "remove: true" (at #/actions/1)`,
        `${dir}/bad-action.overlay.yaml:7:13: error CG017: action 3: "$.paths['/pets'].get.operationId" selects a string; "update" merges an object into an object, or appends to an array (at #/actions/2/target)`,
      ],
    ],
  ])('%s is an error located in the overlay', async (_, file, want) => {
    expect(await diagnostics([`${dir}/${file}`])).toStrictEqual(want);
  });

  it('through the CLI: exit 1, the error in the overlay, nothing written; an edited overlay is not a no-op', async () => {
    const out = tempDir();
    const failed = await runCli(['run', '--openapi', base, '--overlay', `${dir}/no-match.overlay.yaml`, '--out', out]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('no-match.overlay.yaml:6:13: error CG016');

    const work = tempDir();
    const overlay = path.join(work, 'edit.overlay.yaml');
    writeFileSync(overlay, readFileSync(path.join(repoRoot, dir, 'add.overlay.yaml'), 'utf8'));
    const args = ['run', '--openapi', base, '--overlay', overlay, '--out', out];
    expect((await runCli(args)).code).toBe(0);
    writeFileSync(
      overlay,
      readFileSync(overlay, 'utf8').replace('tag: { type: string }', 'nickname: { type: string }'),
    );
    expect((await runCli([...args, '--check'])).code).toBe(1);
    expect((await runCli(args)).code).toBe(0);
    expect(readFileSync(path.join(out, 'src/schemas.d.ts'), 'utf8')).toContain('nickname?: string;');
  });
});

describe('overlay actions on their own', () => {
  const spec = (text: string) => parseSource({ absPath: '/s/spec.yaml', displayPath: 'spec.yaml', text });
  const overlay = (actions: string) =>
    parseSource({
      absPath: '/s/o.yaml',
      displayPath: 'o.yaml',
      text: `overlay: 1.0.0\ninfo: { title: t, version: '1' }\nactions:\n${actions}`,
    });

  it('remove deletes exactly what each target selects, whatever order the selection has', () => {
    const doc = spec('parameters: [p1, p2, p3, p4]\na: { b: { b: 1, c: 2 } }\n');
    const { source } = applyOverlays(doc, [
      overlay(
        [
          "  - { target: '$.parameters[2,0]', remove: true }",
          "  - { target: '$.parameters[-1:]', remove: true }",
          "  - { target: '$..b', remove: true }",
        ].join('\n') + '\n',
      ),
    ]);
    expect(source.data).toStrictEqual({ parameters: ['p2'], a: {} });
  });

  it('removes array elements from the highest index down when the selection is in reverse order', () => {
    const doc = spec('xs: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n');
    const { source } = applyOverlays(doc, [overlay("  - { target: '$.xs[11,10,2,1]', remove: true }\n")]);
    expect(source.data).toStrictEqual({ xs: [0, 3, 4, 5, 6, 7, 8, 9] });
  });

  it('says where in the overlay a node it wrote came from, down to the key', () => {
    const doc = spec('paths: {}\n');
    const { source } = applyOverlays(doc, [
      overlay(
        "  - target: '$.paths'\n    update:\n      /x:\n        get:\n          responses:\n            '200': { $ref: '#/nope' }\n",
      ),
    ]);
    expect(source.writtenBy!('/paths/~1x/get/responses/200')).toStrictEqual({
      file: 'o.yaml',
      pointer: '/actions/0/update/~1x/get/responses/200',
      position: { line: 9, col: 13 },
    });
    expect(source.writtenBy!('/info')).toBeUndefined();
  });
});

describe('a dangling $ref an overlay adds', () => {
  it('is reported at its line in the overlay, not in the spec', async () => {
    const work = tempDir();
    const file = path.join(work, 'dangling.overlay.yaml');
    writeFileSync(
      file,
      [
        'overlay: 1.0.0',
        'info: { title: adds a broken op, version: 1.0.0 }',
        'actions:',
        "  - target: $.paths['/pets']",
        '    update:',
        '      put:',
        '        operationId: replacePets',
        '        responses:',
        "          '200':",
        '            description: ok',
        '            content:',
        "              application/json: { schema: { $ref: '#/components/schemas/Nope' } }",
        '',
      ].join('\n'),
    );
    const found = await diagnostics([path.relative(repoRoot, file)]);
    expect(found).toStrictEqual([expect.stringMatching(/dangling\.overlay\.yaml:12:\d+: error CG007: .*Nope/)]);
  });
});
