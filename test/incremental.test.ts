/**
 * Regeneration after an edit reuses the previous output (parses of unchanged specs, formatted parts,
 * compiled files) and must give exactly the bytes of a run that reuses nothing. Each scenario edits the
 * inputs or the output, regenerates, checks what was reused, then regenerates with --fresh and checks
 * that not one byte changes.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parsedText, readParsed } from '../src/parse/cache.js';
import { repoRoot, runCli, tempDir } from './helpers.js';

let dir: string;
const openapi = 'specs/golem.openapi.yaml';
const asyncapi = 'specs/golem.asyncapi.yaml';
const args = ['run', '--openapi', openapi, '--asyncapi', asyncapi, '--out', 'client', '--name', 'golem-client'];

function readTree(root: string): Map<string, string> {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  return new Map(files.map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
}

function edit(file: string, from: string, to: string): void {
  const abs = path.join(dir, file);
  const text = readFileSync(abs, 'utf8');
  expect(text).toContain(from);
  writeFileSync(abs, text.replace(from, to));
}

/** Regenerates; returns the progress lines' notes by stage ("1 parsed, 1 reused" ...). */
async function regenerate(extra: string[] = []): Promise<Record<string, string | undefined>> {
  const result = await runCli([...args, ...extra], dir);
  expect(result.code, result.stderr).toBe(0);
  const notes: Record<string, string | undefined> = {};
  for (const m of result.stderr.matchAll(/^codegen: (\w+) +\d+ ms(?: \((.*)\))?$/gm)) notes[m[1]!] = m[2];
  return notes;
}

/** A run that reuses nothing rewrites not one byte of what the incremental run wrote. */
async function expectSameAsFresh(): Promise<void> {
  const incremental = readTree(path.join(dir, 'client'));
  const notes = await regenerate(['--fresh']);
  expect(notes.format).toBeUndefined();
  expect(readTree(path.join(dir, 'client'))).toStrictEqual(incremental);
}

beforeEach(async () => {
  dir = tempDir();
  mkdirSync(path.join(dir, 'specs'));
  cpSync(path.join(repoRoot, 'specs/golem-cloud.openapi.yaml'), path.join(dir, openapi));
  cpSync(path.join(repoRoot, 'specs/golem-worker-connect.asyncapi.yaml'), path.join(dir, asyncapi));
  await regenerate();
});

describe('regeneration after an edit', () => {
  it("an operation's summary: the AsyncAPI parse and every other part are reused", async () => {
    edit(openapi, 'summary: Get a component in the environment by name', 'summary: Get one component by its name');
    const notes = await regenerate();
    expect(notes.parse).toBe('1 parsed, 1 reused');
    // Only the edited operation's group is emitted again; the schemas, the other groups, the subscriptions are taken.
    // Only the operation's file: the descriptors, validators and mocks read what goes over the wire, which a
    // summary leaves.
    expect(notes.emit).toBe('1 file, 12 reused');
    expect(notes.compile).toMatch(/^\d+ files?, \d+ reused$/);
    expect(readFileSync(path.join(dir, 'client/src/operations/component.d.ts'), 'utf8')).toContain(
      'Get one component by its name',
    );
    await expectSameAsFresh();
  });

  it('a parameter added to an operation', async () => {
    edit(
      openapi,
      '        - name: component_name\n          in: path\n          required: true\n          schema:\n            type: string\n',
      '        - name: component_name\n          in: path\n          required: true\n          schema:\n            type: string\n        - name: include-deleted\n          in: query\n          schema:\n            type: boolean\n',
    );
    const notes = await regenerate();
    // A query parameter is not checked by the validators nor read by the mocks: the operation's file and its
    // group's descriptors alone.
    expect(notes.emit).toBe('2 files, 11 reused');
    expect(notes.format).toMatch(/reused/);
    expect(readFileSync(path.join(dir, 'client/src/descriptors/component.js'), 'utf8')).toContain('"include-deleted"');
    await expectSameAsFresh();
  });

  it('a property added to a schema', async () => {
    edit(
      openapi,
      '    GolemError:\n      type: object\n      properties:\n',
      '    GolemError:\n      type: object\n      properties:\n        code:\n          type: integer\n',
    );
    const notes = await regenerate();
    // Every keyed file reads the schemas: all are emitted again; formatting and compiling still reuse.
    expect(notes.emit).toBeUndefined();
    expect(notes.compile).toMatch(/reused/);
    expect(readFileSync(path.join(dir, 'client/src/schemas.d.ts'), 'utf8')).toMatch(/code\?: number;/);
    await expectSameAsFresh();
  });

  it('the AsyncAPI spec: the OpenAPI parse is reused', async () => {
    edit(
      asyncapi,
      'description: Golem Cloud managed hosted service (WebSocket).',
      'description: Golem Cloud (WebSocket).',
    );
    const notes = await regenerate();
    expect(notes.parse).toBe('1 parsed, 1 reused');
    await expectSameAsFresh();
  });

  it('output written by another generator version: nothing is reused', async () => {
    edit('client/codegen.stamp.json', '"generator": "', '"generator": "0');
    edit(openapi, 'summary: Get a component in the environment by name', 'summary: Get one component by its name');
    const notes = await regenerate();
    expect(notes).toStrictEqual({
      load: undefined,
      parse: undefined,
      passes: undefined,
      emit: undefined,
      format: undefined,
      compile: undefined,
      write: undefined,
    });
    await expectSameAsFresh();
  });

  it('a deleted output file and a hand-edited one are made again, the rest reused', async () => {
    rmSync(path.join(dir, 'client/dist/client.js'));
    const handEdited = path.join(dir, 'client/src/schemas.d.ts');
    writeFileSync(
      handEdited,
      readFileSync(handEdited, 'utf8').replace('export interface', '// hand edit\nexport interface'),
    );
    const stamp = JSON.parse(readFileSync(path.join(dir, 'client/codegen.stamp.json'), 'utf8')) as {
      parts: Record<string, unknown[]>;
    };
    const parts = stamp.parts['src/schemas.d.ts']!.length;
    const notes = await regenerate();
    // Nothing in the specs changed: both parses are reused; only the two damaged files are made again
    // (every part of the hand-edited one is formatted again; it is a declaration file, its own dist/ file: only
    // the deleted file's source is compiled).
    expect(notes.parse).toBe('0 parsed, 2 reused');
    expect(notes.emit).toBe('1 file, 12 reused');
    expect(notes.format).toMatch(new RegExp(`^${parts} parts?, \\d+ reused$`));
    expect(notes.compile).toMatch(/^1 file, \d+ reused$/);
    expect(readFileSync(handEdited, 'utf8')).not.toContain('// hand edit');
    await expectSameAsFresh();
  });
});

describe('codegen.parsed.json', () => {
  it('reads back what it wrote, results as written, whatever the spec paths hold', () => {
    const entries = new Map([
      ['specs/b "quoted" \\ path.yaml', { key: 'b'.repeat(64), json: '{"api":{"x":[1,"},\\n"]}}' }],
      ['specs/a.json', { key: 'a'.repeat(64), json: '{"channels":[]}' }],
    ]);
    const text = parsedText(entries, ['specs/a.json']);
    expect(JSON.parse(text).specs['specs/a.json']).toStrictEqual({ key: 'a'.repeat(64), result: { channels: [] } });
    expect(readParsed(text)).toStrictEqual(new Map([...entries].sort(([a], [b]) => (a < b ? -1 : 1))));
    expect(readParsed(undefined)).toStrictEqual(new Map());
    expect(readParsed('not the file')).toStrictEqual(new Map());
  });

  it('keeps no parse of a spec that refers to other files', async () => {
    mkdirSync(path.join(dir, 'specs/parts'));
    writeFileSync(path.join(dir, 'specs/parts/error.yaml'), 'type: object\nproperties:\n  error:\n    type: string\n');
    edit(
      openapi,
      '    GolemError:\n      type: object\n',
      "    GolemError:\n      $ref: './parts/error.yaml'\n    Unused:\n      type: object\n",
    );
    await regenerate();
    const parsed = readParsed(readFileSync(path.join(dir, 'client/codegen.parsed.json'), 'utf8'));
    expect([...parsed.keys()]).toStrictEqual([asyncapi]);
    // The referenced file changes, the spec does not: its parse must not be reused.
    writeFileSync(path.join(dir, 'specs/parts/error.yaml'), 'type: object\nproperties:\n  reason:\n    type: string\n');
    const notes = await regenerate();
    expect(notes.parse).toBe('1 parsed, 1 reused');
    expect(readFileSync(path.join(dir, 'client/src/schemas.d.ts'), 'utf8')).toMatch(/reason\?: string;/);
    await expectSameAsFresh();
  });
});
