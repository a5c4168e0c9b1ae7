/**
 * A one-shot run parses AsyncAPI documents on a worker thread (src/parse/off-thread.ts). What comes back
 * must be what the same parse gives on the main thread: results, diagnostics, and the package the CLI writes.
 * The worker runs compiled code: these tests use the build in dist/ (npm test builds first).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { loadSource } from '../src/load/source.js';
import { inProcess, type SpecParser } from '../src/parse/off-thread.js';
import { parseSpec } from '../src/parse/spec.js';
import { readPrevious } from '../src/previous.js';
import { plan, write } from '../src/write.js';
import { runPipeline } from '../src/pipeline.js';
import { asyncApiDocuments, parseOutcome, repoRoot, tempDir } from './helpers.js';

type OffThread = typeof import('../src/parse/off-thread.js');
const built = (await import(pathToFileURL(path.join(repoRoot, 'dist/parse/off-thread.js')).href)) as OffThread;

const documents = asyncApiDocuments();

const load = (file: string) => loadSource({ absPath: path.join(repoRoot, file), displayPath: file });

describe('parsing on a worker thread', () => {
  it('gives what the same parse gives in process, for each AsyncAPI fixture', async () => {
    expect(documents.length).toBeGreaterThan(8);
    const parser = built.offThreadParser(['asyncapi'])!;
    expect([parser.offThread('asyncapi'), parser.offThread('openapi')]).toStrictEqual([true, false]);
    try {
      for (const file of documents) {
        for (const perspective of ['server', 'client'] as const) {
          const source = await load(file);
          const there = await parseOutcome(parser.parse('asyncapi', source, { perspective }));
          const here = await parseOutcome(parseSpec('asyncapi', source, { perspective }));
          expect(there, `${file} (${perspective})`).toStrictEqual(here);
        }
      }
    } finally {
      await parser.close();
    }
  });

  it('stops with the same located diagnostics on an invalid document', async () => {
    const source = await load('test/fixtures/diagnostics/asyncapi-invalid.yaml');
    const parser = built.offThreadParser(['asyncapi'])!;
    const there = await parseOutcome(parser.parse('asyncapi', source, { perspective: 'server' }));
    await parser.close();
    const here = await parseOutcome(parseSpec('asyncapi', source, { perspective: 'server' }));
    expect(here).toHaveProperty('diagnostics');
    expect((here as { diagnostics: unknown[] }).diagnostics.length).toBeGreaterThan(0);
    expect(there).toStrictEqual(here);
  });

  it('parses other kinds on the calling thread, and fails (never hangs) once closed', async () => {
    const parser = built.offThreadParser(['asyncapi'])!;
    const openapi = await load('specs/golem-cloud.openapi.yaml');
    expect(await parser.parse('openapi', openapi, { perspective: 'server' })).toStrictEqual(
      await parseSpec('openapi', openapi, { perspective: 'server' }),
    );
    await parser.close();
    const asyncapi = await load('specs/golem-worker-connect.asyncapi.yaml');
    await expect(parser.parse('asyncapi', asyncapi, { perspective: 'server' })).rejects.toThrow(/closed/);
  });

  // The worker only saves time: one that stops, whenever and however, leaves the parse to the calling thread.
  it.each([
    ['exits as it starts', 'process.exit(3);'],
    ['throws as it loads', "throw new Error('out of luck');"],
    [
      'exits once asked (as a worker out of memory would)',
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(134));",
    ],
  ])('that %s: the parse runs on the calling thread, as do later ones', async (_, script) => {
    const dir = tempDir();
    const entry = path.join(dir, 'entry.mjs');
    const started = path.join(dir, 'started');
    // The failing worker leaves a trace: it did start, and it did fail.
    writeFileSync(
      entry,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(started)}, '');\n${script}\n`,
    );
    const parser = built.offThreadParser(['asyncapi'], pathToFileURL(entry))!;
    try {
      for (const file of [
        'specs/golem-worker-connect.asyncapi.yaml',
        'test/fixtures/diagnostics/asyncapi-invalid.yaml',
      ]) {
        const source = await load(file);
        expect(await parseOutcome(parser.parse('asyncapi', source, { perspective: 'client' })), file).toStrictEqual(
          await parseOutcome(parseSpec('asyncapi', source, { perspective: 'client' })),
        );
      }
    } finally {
      await parser.close();
    }
    expect(existsSync(started)).toBe(true);
  });

  it('is not used from the TypeScript sources (no compiled worker beside them)', async () => {
    const { offThreadParser } = await import('../src/parse/off-thread.js');
    expect(offThreadParser(['asyncapi'])).toBeUndefined();
  });

  it('is not asked for a parse the run reuses: an edit to the OpenAPI spec starts no worker', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'specs'));
    for (const spec of ['golem-cloud.openapi.yaml', 'golem-worker-connect.asyncapi.yaml'])
      cpSync(path.join(repoRoot, 'specs', spec), path.join(dir, 'specs', spec));
    const flags = {
      openapi: 'specs/golem-cloud.openapi.yaml',
      asyncapi: 'specs/golem-worker-connect.asyncapi.yaml',
      out: 'out',
    };
    const config = () => resolveConfig({ cwd: dir, adHoc: true, flags });
    // What the pipeline asks an off-thread parser for (parsing in process, as the worker would).
    const asked: string[] = [];
    const recording: SpecParser = {
      parse: (kind, source, options) => (asked.push(kind), inProcess.parse(kind, source, options)),
      offThread: (kind) => kind === 'asyncapi',
      close: async () => {},
    };
    const out = path.join(dir, 'out');
    const first = await runPipeline(config(), { parser: recording });
    await write(out, first.files, await plan(out, first.files));
    expect(asked.sort()).toStrictEqual(['asyncapi', 'openapi']);
    asked.length = 0;
    const spec = path.join(dir, flags.openapi);
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('title: Golem Cloud API', 'title: Golem Cloud API v2'));
    const previous = readPrevious(out);
    expect(previous).toBeDefined();
    const again = await runPipeline(config(), { parser: recording, previous: previous! });
    expect(asked).toStrictEqual(['openapi']);
    expect(again.files.get('src/subscriptions.ts')).toBe(first.files.get('src/subscriptions.ts'));
  });

  it('the CLI writes, byte for byte, the package the in-process pipeline generates', async () => {
    const out = tempDir();
    const flags = { openapi: 'specs/golem-cloud.openapi.yaml', asyncapi: 'specs/golem-worker-connect.asyncapi.yaml' };
    execFileSync(
      process.execPath,
      [
        path.join(repoRoot, 'bin/codegen.js'),
        'run',
        '--openapi',
        flags.openapi,
        '--asyncapi',
        flags.asyncapi,
        '--out',
        out,
        '-q',
      ],
      { cwd: repoRoot },
    );
    const config = resolveConfig({
      cwd: repoRoot,
      adHoc: true,
      flags: { ...flags, out: path.relative(repoRoot, out) },
    });
    const { files } = await runPipeline(config);
    expect(files.size).toBeGreaterThan(20);
    for (const [file, text] of files) expect(readFileSync(path.join(out, file), 'utf8'), file).toBe(text);
  });
});
