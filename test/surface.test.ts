/**
 * What changed for callers of the package: the classifier given two surfaces (table-tested), and the report
 * of a real regeneration after a spec was edited in each of the ways it classifies.
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prop, s } from '../src/ir/factory.js';
import type { Schema } from '../src/ir/types.js';
import { compareSurfaces, printType, surfaceChanges, typeChange } from '../src/surface/compare.js';
import { SURFACE_VERSION, surfaceText, type OperationSurface, type Surface } from '../src/surface/model.js';
import { reportLines, reportMarkdown } from '../src/surface/report.js';
import { repoRoot, runCli, tempDir } from './helpers.js';

const surface = (parts: Partial<Surface>): Surface => ({
  version: SURFACE_VERSION,
  operations: {},
  schemas: {},
  events: {},
  ...parts,
});
const op = (extra: Partial<OperationSurface> = {}): OperationSurface => ({
  method: 'GET',
  path: '/x',
  group: 'things',
  params: {},
  result: { delivery: 'none' },
  returns: 'Promise<void>',
  ...extra,
});
const query = (type: Schema, required = false) => ({ name: 'q', in: 'query' as const, required, type });
const json = (type: Schema) => ({ delivery: 'json' as const, type });
const verdicts = (before: Surface, after: Surface) =>
  compareSurfaces(before, after).map((c) => `${c.breaking ? 'breaking' : 'ok'}: ${c.kind} ${c.subject}: ${c.detail}`);
const int64 = s.integer({ exact: 'bigint' });
const int64OrNumber = s.integer({ exact: 'bigint', acceptsNumber: true });

describe('the change classifier', () => {
  it.each<[string, Schema, Schema, ReturnType<typeof typeChange>]>([
    ['same', s.string(), s.string(), 'same'],
    ['an enum value added', s.enum(['a', 'b']), s.enum(['a', 'b', 'c']), 'widened'],
    ['null taken no more', s.string({ nullable: true }), s.string(), 'narrowed'],
    ['another type', s.string(), s.number(), 'changed'],
    ['a number taken beside the bigint', int64, int64OrNumber, 'widened'],
    [
      'a union member added',
      s.union([s.ref('A'), s.ref('B')]),
      s.union([s.ref('A'), s.ref('B'), s.ref('C')]),
      'widened',
    ],
    [
      'unions inside are one member',
      s.array(s.union([s.ref('A')])),
      s.array(s.union([s.ref('A'), s.ref('B')])),
      'changed',
    ],
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
      'operation and its path parameter renamed (same method, a parameter at the same place of the same path)',
      surface({
        operations: {
          getWorker: op({
            path: '/c/{id}/w/{worker_name}',
            params: {
              id: { name: 'id', in: 'path', required: true, type: s.string() },
              workerName: { name: 'worker_name', in: 'path', required: true, type: s.string() },
            },
          }),
        },
      }),
      surface({
        operations: {
          getAgent: op({
            path: '/c/{id}/w/{agent_name}',
            params: {
              id: { name: 'id', in: 'path', required: true, type: s.string() },
              agentName: { name: 'agent_name', in: 'path', required: true, type: s.string() },
            },
          }),
        },
      }),
      [
        'breaking: operation getWorker: renamed to `getAgent` (GET /c/{id}/w/{worker_name})',
        'breaking: parameter getWorker(workerName): renamed to `agentName`',
      ],
    ],
    [
      'parameters added required and optional, removed',
      surface({ operations: { a: op({ params: { old: query(s.string()) } }) } }),
      surface({ operations: { a: op({ params: { must: query(s.string(), true), may: query(s.string()) } }) } }),
      [
        'breaking: parameter a(old): removed',
        'breaking: parameter a(must): added, required',
        'ok: parameter a(may): added, optional',
      ],
    ],
    [
      'a parameter widened, another narrowed, one made optional, an int64 one takes a number too',
      surface({
        operations: {
          a: op({
            params: {
              w: query(s.enum(['x'])),
              n: query(s.union([s.string(), s.number()])),
              o: query(s.string(), true),
              i: query(int64),
            },
          }),
        },
      }),
      surface({
        operations: {
          a: op({
            params: {
              w: query(s.enum(['x', 'y'])),
              n: query(s.string()),
              o: query(s.string()),
              i: query(int64OrNumber),
            },
          }),
        },
      }),
      [
        'ok: parameter a(w): type widened: `"x"` → `"x" | "y"`',
        'breaking: parameter a(n): type narrowed: `string | number` → `string`',
        'ok: parameter a(o): now optional',
        'ok: parameter a(i): type widened: `bigint` → `(bigint | number)`',
      ],
    ],
    [
      'a result narrowed, another widened, one delivered another way',
      surface({
        operations: {
          a: op({ result: json(s.ref('A', { nullable: true })) }),
          b: op({ path: '/b', result: json(s.ref('A')) }),
          c: op({ path: '/c', result: json(s.ref('A')), returns: 'Promise<A>' }),
        },
      }),
      surface({
        operations: {
          a: op({ result: json(s.ref('A')) }),
          b: op({ path: '/b', result: json(s.ref('A', { nullable: true })) }),
          c: op({ path: '/c', result: { delivery: 'sse', type: s.ref('A') }, returns: 'EventStream<A>' }),
        },
      }),
      [
        'ok: result a: type narrowed: `(A | null)` → `A`',
        'breaking: result b: type widened: `A` → `(A | null)`',
        'breaking: result c: returns `EventStream<A>`, was `Promise<A>`',
      ],
    ],
    [
      'a request body made required, its inline object given a required property',
      surface({
        operations: {
          a: op({ body: { required: false, mediaType: 'application/json', type: s.object([prop('x', s.string())]) } }),
        },
      }),
      surface({
        operations: {
          a: op({
            body: {
              required: true,
              mediaType: 'application/json',
              type: s.object([prop('x', s.string()), prop('y', s.string(), true)]),
            },
          }),
        },
      }),
      ['breaking: body a: request body now required', 'breaking: property a.y: added, required'],
    ],
    [
      'properties of a type callers send and of one they receive',
      surface({
        schemas: {
          In: { use: ['request'], type: s.object([prop('a', s.string())]) },
          Out: { use: ['response'], type: s.object([prop('a', s.enum(['x', 'y']), true)]) },
        },
      }),
      surface({
        schemas: {
          In: {
            use: ['request'],
            type: s.object([prop('a', s.string()), prop('b', s.string(), true), prop('c', s.string())]),
          },
          Out: {
            use: ['response'],
            type: s.object([prop('a', s.enum(['x', 'y', 'z']), true), prop('b', s.string(), true)]),
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
      'maps by their value type, arrays by their items, nested objects property by property',
      surface({
        schemas: {
          Labels: { use: ['response'], type: s.object([], { additional: s.string() }) },
          Tags: { use: ['request'], type: s.array(s.string()) },
          Worker: { use: ['response'], type: s.object([prop('meta', s.object([prop('count', s.integer())]), true)]) },
        },
      }),
      surface({
        schemas: {
          Labels: { use: ['response'], type: s.object([], { additional: s.number() }) },
          Tags: { use: ['request'], type: s.array(s.enum(['a'])) },
          Worker: {
            use: ['response'],
            type: s.object([prop('meta', s.object([prop('count', s.integer({ nullable: true }))]), true)]),
          },
        },
      }),
      [
        'breaking: property Labels[string]: type changed: `string` → `number`',
        'breaking: schema Tags[]: type narrowed: `string` → `"a"`',
        'breaking: property Worker.meta.count: type widened: `number` → `(number | null)`',
      ],
    ],
    [
      'types renamed: the same structure, or the same properties; refs to them are the same type',
      surface({
        operations: { get: op({ result: json(s.ref('WorkerMetadata')) }) },
        schemas: {
          WorkerId: { use: ['response'], type: s.object([prop('name', s.string(), true)]) },
          WorkerMetadata: {
            use: ['response'],
            type: s.object([prop('id', s.ref('WorkerId'), true), prop('status', s.string(), true)]),
          },
        },
      }),
      surface({
        operations: { get: op({ result: json(s.ref('AgentMetadataDto')) }) },
        schemas: {
          AgentId: { use: ['response'], type: s.object([prop('name', s.string(), true)]) },
          AgentMetadataDto: {
            use: ['response'],
            type: s.object([prop('id', s.ref('AgentId'), true), prop('status', s.enum(['idle']), true)]),
          },
        },
      }),
      [
        'breaking: schema WorkerId: renamed to `AgentId`',
        'breaking: schema WorkerMetadata: renamed to `AgentMetadataDto`',
        'ok: property AgentMetadataDto.status: type narrowed: `string` → `"idle"`',
      ],
    ],
    [
      'a type renamed where it is used: the result of the same operation, however much its properties changed',
      surface({
        operations: { get: op({ result: json(s.ref('WorkerMetadata')) }) },
        schemas: { WorkerMetadata: { use: ['response'], type: s.object([prop('workerId', s.string(), true)]) } },
      }),
      surface({
        operations: { get: op({ result: json(s.ref('AgentMetadataDto')) }) },
        schemas: {
          AgentMetadataDto: {
            use: ['response'],
            type: s.object([prop('agentId', s.string(), true), prop('revision', s.integer(), true)]),
          },
        },
      }),
      [
        'breaking: schema WorkerMetadata: renamed to `AgentMetadataDto`',
        'breaking: property AgentMetadataDto.workerId: removed',
        'ok: property AgentMetadataDto.agentId: added, required',
        'ok: property AgentMetadataDto.revision: added, required',
      ],
    ],
    [
      'schema types added and removed, event kinds added and removed',
      surface({ schemas: { Old: { use: [], type: s.string() } }, events: { stream: ['A', 'B'] } }),
      surface({ schemas: { New: { use: [], type: s.number() } }, events: { stream: ['B', 'C'] } }),
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

  it('prints types as the package declares them', () => {
    expect(printType(s.object([prop('a', s.string(), true), prop('b', s.ref('B'))]))).toBe('{ a: string; b?: B; }');
    expect(printType(s.object([], { additional: s.integer() }))).toBe('{ [key: string]: number }');
  });
});

describe('comparing the surface files', () => {
  const before = surface({
    operations: { a: op(), b: op({ path: '/b' }) },
    schemas: { S: { use: ['response'], type: s.string() } },
    events: { s: ['A'] },
  });
  const after = surface({
    operations: { a: op(), c: op({ path: '/b' }) },
    schemas: { S: { use: ['response'], type: s.union([s.string(), s.number()]) } },
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
  it('says nothing changed for the same text, and has nothing to say without an earlier file of this version', () => {
    const text = surfaceText(before, ['x.yaml']);
    expect(surfaceChanges(text, text)).toStrictEqual([]);
    expect(surfaceChanges(undefined, text)).toBeUndefined();
    expect(surfaceChanges(text.replace(`"version":${SURFACE_VERSION}`, '"version":1'), text)).toBeUndefined();
  });
  it('starts a long report with a summary by kind and by group', () => {
    const many = (n: number) =>
      surface({
        operations: Object.fromEntries(
          Array.from({ length: n }, (_, i) => [`op${i}`, op({ path: `/p${i}`, group: i % 2 ? 'odd' : 'even' })]),
        ),
      });
    const changes = compareSurfaces(many(0), many(24));
    expect(reportLines(changes).slice(0, 3)).toStrictEqual([
      "24 changes to the package's public surface, 0 breaking",
      '  by kind: operation 24',
      '  by group: even 12, odd 12',
    ]);
    expect(reportMarkdown(changes, 'pkg').split('\n').slice(2, 4)).toStrictEqual([
      '- by kind: operation 24',
      '- by group: even 12, odd 12',
    ]);
    expect(reportLines(compareSurfaces(many(0), many(3)))).toHaveLength(4);
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
