/**
 * What changed for callers of the package: the classifier given two surfaces (table-tested), and the report
 * of a real regeneration after a spec was edited in each of the ways it classifies.
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSurfaces, surfaceChanges, surfaceText, typeChange, type Surface } from '../src/surface.js';
import { repoRoot, runCli, tempDir } from './helpers.js';

const surface = (parts: Partial<Surface>): Surface => ({
  version: 1,
  operations: {},
  schemas: {},
  events: {},
  ...parts,
});
const op = (extra: Partial<Surface['operations'][string]> = {}) => ({
  method: 'GET',
  path: '/x',
  params: {},
  result: 'void',
  ...extra,
});
const verdicts = (before: Surface, after: Surface) =>
  compareSurfaces(before, after).map((c) => `${c.breaking ? 'breaking' : 'ok'}: ${c.kind} ${c.subject}: ${c.detail}`);

describe('the change classifier', () => {
  it.each<[string, string, string, ReturnType<typeof typeChange>]>([
    ['same', 'string', 'string', 'same'],
    ['a member added', '"a" | "b"', '"a" | "b" | "c"', 'widened'],
    ['a member removed', 'string | null', 'string', 'narrowed'],
    ['another type', 'string', 'number', 'changed'],
    ['unions inside are one member', '(A | B)[]', '(A | B | C)[]', 'changed'],
  ])('typeChange: %s', (_, before, after, want) => {
    expect(typeChange(before, after)).toBe(want);
  });

  it.each<[string, Surface, Surface, string[]]>([
    ['operation added', surface({}), surface({ operations: { a: op() } }), ['ok: operation a: added (GET /x)']],
    [
      'operation removed',
      surface({ operations: { a: op() } }),
      surface({}),
      ['breaking: operation a: removed (GET /x)'],
    ],
    [
      'operation renamed (same route)',
      surface({ operations: { a: op() } }),
      surface({ operations: { b: op() } }),
      ['breaking: operation a: renamed to `b` (GET /x)'],
    ],
    [
      'operation renamed with its path parameter (same method, same path shape)',
      surface({ operations: { getWorker: op({ path: '/w/{worker_name}' }) } }),
      surface({ operations: { getAgent: op({ path: '/w/{agent_name}' }) } }),
      ['breaking: operation getWorker: renamed to `getAgent` (GET /w/{worker_name})'],
    ],
    [
      'parameters added required and optional, removed',
      surface({ operations: { a: op({ params: { old: { required: false, type: 'string' } } }) } }),
      surface({
        operations: {
          a: op({ params: { must: { required: true, type: 'string' }, may: { required: false, type: 'string' } } }),
        },
      }),
      [
        'breaking: parameter a(old): removed',
        'breaking: parameter a(must): added, required',
        'ok: parameter a(may): added, optional',
      ],
    ],
    [
      'a parameter widened, another narrowed, one made optional',
      surface({
        operations: {
          a: op({
            params: {
              w: { required: false, type: 'string' },
              n: { required: false, type: 'string | number' },
              o: { required: true, type: 'string' },
            },
          }),
        },
      }),
      surface({
        operations: {
          a: op({
            params: {
              w: { required: false, type: 'string | number' },
              n: { required: false, type: 'string' },
              o: { required: false, type: 'string' },
            },
          }),
        },
      }),
      [
        'ok: parameter a(w): type widened: `string` → `string | number`',
        'breaking: parameter a(n): type narrowed: `string | number` → `string`',
        'ok: parameter a(o): now optional',
      ],
    ],
    [
      'a result narrowed, then widened',
      surface({ operations: { a: op({ result: 'A | null' }), b: op({ path: '/b', result: 'A' }) } }),
      surface({ operations: { a: op({ result: 'A' }), b: op({ path: '/b', result: 'A | null' }) } }),
      ['ok: result a: type narrowed: `A | null` → `A`', 'breaking: result b: type widened: `A` → `A | null`'],
    ],
    [
      'a request body made required',
      surface({ operations: { a: op({ body: { required: false, type: 'B' } }) } }),
      surface({ operations: { a: op({ body: { required: true, type: 'B' } }) } }),
      ['breaking: body a: request body now required'],
    ],
    [
      'properties of a type callers send and of one they receive',
      surface({
        schemas: {
          In: { use: ['request'], properties: { a: { required: false, type: 'string' } } },
          Out: { use: ['response'], properties: { a: { required: true, type: '"x" | "y"' } } },
        },
      }),
      surface({
        schemas: {
          In: {
            use: ['request'],
            properties: {
              a: { required: false, type: 'string' },
              b: { required: true, type: 'string' },
              c: { required: false, type: 'string' },
            },
          },
          Out: {
            use: ['response'],
            properties: { a: { required: true, type: '"x" | "y" | "z"' }, b: { required: true, type: 'string' } },
          },
        },
      }),
      [
        'breaking: property In.b: added, required',
        'ok: property In.c: added, optional',
        'breaking: property Out.a: type widened: `"x" | "y"` → `"x" | "y" | "z"`',
        'ok: property Out.b: added, required',
      ],
    ],
    [
      'schema types added and removed, event kinds added and removed',
      surface({ schemas: { Old: { use: [], type: 'string' } }, events: { stream: ['A', 'B'] } }),
      surface({ schemas: { New: { use: [], type: 'string' } }, events: { stream: ['B', 'C'] } }),
      [
        'breaking: schema Old: type removed',
        'ok: schema New: type added',
        'breaking: event stream: A: event kind removed',
        'ok: event stream: C: event kind added',
      ],
    ],
  ])('%s', (_, before, after, want) => {
    expect(verdicts(before, after)).toStrictEqual(want);
  });
});

describe('comparing the surface files', () => {
  const before = surface({
    operations: { a: op(), b: op({ path: '/b' }) },
    schemas: { S: { use: ['response'], type: 'string' } },
    events: { s: ['A'] },
  });
  const after = surface({
    operations: { a: op(), c: op({ path: '/b' }) },
    schemas: { S: { use: ['response'], type: 'string | number' } },
    events: { s: ['A', 'B'] },
  });
  it('compares only the entries whose line changed, with the same verdicts as a whole comparison', () => {
    const changes = surfaceChanges(surfaceText(before, ['x.yaml']), surfaceText(after, ['x.yaml']));
    expect(changes).toStrictEqual(compareSurfaces(before, after));
    expect(changes!.map((c) => c.detail)).toStrictEqual([
      'renamed to `c` (GET /b)',
      'type widened: `string` → `string | number`',
      'event kind added',
    ]);
  });
  it('says nothing changed for the same text, and has nothing to say without an earlier file', () => {
    const text = surfaceText(before, ['x.yaml']);
    expect(surfaceChanges(text, text)).toStrictEqual([]);
    expect(surfaceChanges(undefined, text)).toBeUndefined();
  });
});

describe('the report of a regeneration', () => {
  const fixture = (name: string) => path.join(repoRoot, 'test/fixtures/evolve', name);

  it('lists what an edited spec changed, as lines and as Markdown; --fail-on-breaking leaves the output as it was', async () => {
    const work = tempDir();
    const spec = path.join(work, 'api.openapi.yaml');
    const out = path.join(work, 'out');
    const args = ['run', '--openapi', spec, '--out', out];
    copyFileSync(fixture('v1.openapi.yaml'), spec);
    expect((await runCli(args)).code).toBe(0);
    const firstRun = Object.fromEntries(readdirSync(out).map((f) => [f, true]));
    expect(firstRun['codegen.surface.json']).toBe(true);

    copyFileSync(fixture('v2.openapi.yaml'), spec);
    const report = path.join(work, 'report.md');
    const refused = await runCli([...args, '--fail-on-breaking', '--report', report]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('breaking changes (--fail-on-breaking)');
    expect(readFileSync(path.join(out, 'src/client.ts'), 'utf8')).toContain('fetchItem');
    const markdown = readFileSync(report, 'utf8');
    expect(markdown.split('\n').slice(0, 3)).toStrictEqual([
      '## evolving-client: 13 changes to the public surface, 8 breaking',
      '',
      '| | change | where | what |',
    ]);
    for (const row of [
      '| ⚠️ breaking | operation | `fetchItem` | renamed to `getItem` (GET /items/{id}) |',
      '| ⚠️ breaking | operation | `deleteItem` | removed (DELETE /items/{id}) |',
      '| ⚠️ breaking | parameter | `listItems(limit)` | removed |',
      '| ⚠️ breaking | parameter | `listItems(tenant)` | added, required |',
      // An enum callers receive gained a value: a switch over it is no longer exhaustive.
      '| ⚠️ breaking | schema | `ItemColor` | type widened: `"red" \\| "green"` → `"red" \\| "green" \\| "blue"` |',
      '| ⚠️ breaking | property | `NewItem.owner` | added, required |',
      '| ⚠️ breaking | property | `NewItem.note` | removed |',
      '| ⚠️ breaking | schema | `Legacy` | type removed |',
      '|  | parameter | `listItems(page)` | added, optional |',
      '|  | operation | `health` | added (GET /health) |',
      '|  | property | `Item.size` | added, optional |',
      '|  | schema | `ListItemsSort` | type widened: `"name" \\| "date"` → `"name" \\| "date" \\| "size"` |',
      '|  | schema | `Health` | type added |',
    ])
      expect(markdown).toContain(row);

    const accepted = await runCli(args);
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toContain("codegen: 13 changes to the package's public surface, 8 breaking");
    expect(accepted.stderr).toContain(
      'codegen:   BREAKING operation fetchItem: renamed to `getItem` (GET /items/{id})',
    );
    expect(readFileSync(path.join(out, 'src/client.ts'), 'utf8')).toContain('getItem');

    // Nothing changed since: the report says so rather than being empty.
    const again = await runCli([...args, '--report', report]);
    expect(again.code).toBe(0);
    expect(readFileSync(report, 'utf8')).toBe(
      '## evolving-client: no changes (the inputs are the same as for the last run)\n',
    );
  });
});
