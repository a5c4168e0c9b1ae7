// `npm run bench`: codegen side by side with its peers, each figure the median of several whole-process runs.
// Writes results.md and scaling.svg beside this file. BENCH_RUNS sets the runs per figure (default 3).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { editGithubText, editGolem } from './edit.mjs';
import { syntheticSpec } from './make-spec.mjs';
import { writeSpecs } from './multi-file.mjs';
import { report, scalingChart } from './report.mjs';
import { requestOverhead, websocketThroughput } from './runtime.mjs';
import { validationSpeed } from './validate.mjs';
import { peerWatchLatency, watchLatency } from './watch.mjs';

const bench = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(bench, '..');
const work = path.join(bench, '.work');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const require = createRequire(import.meta.url);
const bin = (name) => path.join(bench, 'node_modules/.bin', name);
const codegenBin = path.join(root, 'bin/codegen.js');
const golemOpenapi = path.join(root, 'specs/golem-cloud.openapi.yaml');
const golemAsyncapi = path.join(root, 'specs/golem-worker-connect.asyncapi.yaml');
const githubSpec = require.resolve('@octokit/openapi/generated/api.github.com.json', { paths: [root] });

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
if (!existsSync(path.join(root, 'dist/cli.js')))
  throw new Error('build codegen first: npm run build (in the repository root)');
if (!existsSync('/usr/bin/time')) throw new Error('GNU time measures wall time and peak RSS: apt-get install time');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (...a) => console.error(...a);

/** One run of a command under /usr/bin/time: wall seconds and peak RSS (MiB). */
function timeOnce({ label, command, args, before, cwd = bench }) {
  before?.();
  const timeFile = path.join(work, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, command, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`${label} failed (${r.status}):\n${r.stderr?.slice(-2000)}`);
  const [wall, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall, rss: kb / 1024 };
}

/**
 * Runs every contender RUNS times, interleaved (round after round, each contender once a round), so that
 * a slow spell of this shared machine falls on all of them alike; median wall time and peak RSS of each.
 * A contender that fails is reported as failed and left out of the later rounds.
 */
function interleaved(contenders) {
  const samples = contenders.map(() => ({ walls: [], rss: [] }));
  const failed = new Map();
  for (let round = 0; round < RUNS; round++) {
    contenders.forEach((c, i) => {
      if (failed.has(i)) return;
      try {
        const { wall, rss } = timeOnce(c);
        samples[i].walls.push(wall);
        samples[i].rss.push(rss);
      } catch (error) {
        log(`  ${c.label} failed: ${String(error.message).split('\n')[0]}`);
        failed.set(i, String(error.message).split('\n').slice(0, 3).join(' '));
      }
    });
  }
  return contenders.map((c, i) => {
    if (failed.has(i)) return { label: c.label, failed: failed.get(i) };
    const result = { label: c.label, wall: median(samples[i].walls), rss: median(samples[i].rss) };
    log(`  ${c.label.padEnd(44)} ${result.wall.toFixed(2)} s  ${result.rss.toFixed(0)} MiB`);
    return result;
  });
}

const fresh = (dir) => () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
};

/** The generators, each as: how to run it on a spec into a directory. */
const peers = {
  'openapi-typescript': (spec, out) => [bin('openapi-typescript'), [spec, '-o', path.join(out, 'schema.d.ts')]],
  '@hey-api/openapi-ts': (spec, out) => [bin('openapi-ts'), ['-i', spec, '-o', out]],
  oazapfts: (spec, out) => [bin('oazapfts'), [spec, path.join(out, 'api.ts')]],
  orval: (spec, out) => [bin('orval'), ['--input', spec, '--output', path.join(out, 'api.ts'), '--client', 'fetch']],
};
const codegen = (out, openapi, asyncapi) => [
  process.execPath,
  [codegenBin, 'run', '--openapi', openapi, ...(asyncapi ? ['--asyncapi', asyncapi] : []), '--out', out, '--quiet'],
];
const contender = (label, [command, args], before) => ({ label, command, args, before });
const slug = (name) => name.replace(/\W/g, '');

/**
 * The edit scenario for one spec: a baseline output generated once from the spec as it was (what a user
 * has committed), then, before each timed run, that output restored and the edited spec put in place.
 * Peers do no incremental work: their row is a whole run on the edited spec.
 */
function editScenario({ name, specs, edit }) {
  const dir = path.join(work, `${name}-edit`);
  mkdirSync(dir, { recursive: true });
  const paths = specs.map(({ file, text }) => {
    const target = path.join(dir, file);
    writeFileSync(target, text);
    return target;
  });
  const out = path.join(dir, 'codegen');
  const baseline = path.join(dir, 'codegen-baseline');
  const [command, args] = codegen(out, ...paths);
  spawnSync(command, args, { stdio: 'ignore' });
  cpSync(out, baseline, { recursive: true });
  const editedText = edit(specs[0].text);
  const putEdited = () => writeFileSync(paths[0], editedText);
  return {
    paths,
    codegen: contender(`codegen, after the edit`, [command, args], () => {
      rmSync(out, { recursive: true, force: true });
      cpSync(baseline, out, { recursive: true });
      putEdited();
    }),
    peer: (label, make) => {
      const peerDir = path.join(dir, slug(label));
      return contender(`${label}, after the edit`, make(paths[0], peerDir), () => {
        mkdirSync(peerDir, { recursive: true });
        putEdited();
      });
    },
  };
}

const results = {
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  runs: RUNS,
};

// 1. Golem, cold; then one operation edited and regenerated.
log('1. Golem specs, cold and after an edit');
const golemOut = path.join(work, 'golem');
const peerOut = Object.fromEntries(Object.keys(peers).map((name) => [name, path.join(work, `golem-${slug(name)}`)]));
const golemEdit = editScenario({
  name: 'golem',
  specs: [
    { file: 'golem-cloud.openapi.yaml', text: readFileSync(golemOpenapi, 'utf8') },
    { file: 'golem-worker-connect.asyncapi.yaml', text: readFileSync(golemAsyncapi, 'utf8') },
  ],
  edit: editGolem,
});
const golemRuns = interleaved([
  contender('codegen (OpenAPI + AsyncAPI)', codegen(golemOut, golemOpenapi, golemAsyncapi), fresh(golemOut)),
  contender(
    'codegen (OpenAPI only)',
    codegen(path.join(work, 'golem-oa'), golemOpenapi),
    fresh(path.join(work, 'golem-oa')),
  ),
  ...Object.entries(peers).map(([name, make]) =>
    contender(name, make(golemOpenapi, peerOut[name]), fresh(peerOut[name])),
  ),
  golemEdit.codegen,
  ...Object.entries(peers).map(([name, make]) => golemEdit.peer(name, make)),
]);
results.golem = golemRuns.slice(0, 2 + Object.keys(peers).length);
results.golemEdit = golemRuns.slice(2 + Object.keys(peers).length);

// 2. No-op regeneration.
log('2. No-op regeneration');
[results.noop] = interleaved([contender('codegen, nothing changed', codegen(golemOut, golemOpenapi, golemAsyncapi))]);

// 3. GitHub, cold; then one operation edited and regenerated.
log("3. GitHub's REST API, cold and after an edit");
const githubOut = path.join(work, 'github');
const githubPeerOut = Object.fromEntries(
  Object.keys(peers).map((name) => [name, path.join(work, `github-${slug(name)}`)]),
);
const githubText = readFileSync(githubSpec, 'utf8');
const githubEdit = editScenario({
  name: 'github',
  specs: [{ file: 'api.github.com.json', text: githubText }],
  edit: editGithubText,
});
const githubRuns = interleaved([
  contender('codegen (types, functions, runtime)', codegen(githubOut, githubSpec), fresh(githubOut)),
  ...Object.entries(peers).map(([name, make]) =>
    contender(name, make(githubSpec, githubPeerOut[name]), fresh(githubPeerOut[name])),
  ),
  githubEdit.codegen,
  ...Object.entries(peers).map(([name, make]) => githubEdit.peer(name, make)),
]);
results.github = githubRuns.slice(0, 1 + Object.keys(peers).length);
results.githubEdit = githubRuns.slice(1 + Object.keys(peers).length);

// 4. Scaling.
log('4. Scaling (synthetic specs)');
results.scaling = [];
for (const n of [100, 1000, 5000]) {
  const spec = path.join(work, `synthetic-${n}.json`);
  writeFileSync(spec, JSON.stringify(syntheticSpec(n)));
  const out = path.join(work, `synthetic-${n}`);
  results.scaling.push({
    operations: n,
    ...interleaved([contender(`codegen, ${n} operations`, codegen(out, spec), fresh(out))])[0],
  });
}

// 5. What users pay for the output.
log('5. Output costs');
const tsc = path.join(bench, 'node_modules/typescript/bin/tsc');
const otDir = githubPeerOut['openapi-typescript'];
writeFileSync(
  path.join(otDir, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      target: 'ES2022',
      module: 'NodeNext',
      types: [],
    },
    include: ['schema.d.ts'],
  }),
);
/** A one-file application beside the output, as a tsconfig to check: ESM, strict, skipLibCheck. */
function consumer(name, source) {
  const dir = path.join(work, `consumer-${slug(name)}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(path.join(dir, 'app.ts'), source);
  const compilerOptions = { strict: true, noEmit: true, skipLibCheck: true, module: 'NodeNext', target: 'ES2022' };
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...compilerOptions, lib: ['ES2022', 'DOM'], types: [] }, files: ['app.ts'] }),
  );
  return path.join(dir, 'tsconfig.json');
}
results.typecheck = interleaved([
  contender('tsc --strict: codegen GitHub client (src/)', [
    process.execPath,
    [tsc, '--noEmit', '--strict', '-p', path.join(githubOut, 'tsconfig.json')],
  ]),
  contender('tsc --strict: openapi-typescript GitHub types', [
    process.execPath,
    [tsc, '-p', path.join(otDir, 'tsconfig.json')],
  ]),
  // What an application pays: a file that calls one operation, checked with skipLibCheck (the usual setting).
  contender('tsc --strict: an app calling GET /repos/{owner}/{repo} through codegen', [
    process.execPath,
    [
      tsc,
      '-p',
      consumer(
        'codegen',
        `import { createClient } from ${JSON.stringify(path.join(githubOut, 'dist/index.js'))};\nconst client = createClient({ baseUrl: 'https://api.github.com' });\nexport async function name(): Promise<string> {\n  return (await client.reposGet({ owner: 'a', repo: 'b' })).full_name;\n}\n`,
      ),
    ],
  ]),
  contender('tsc --strict: the same app with openapi-typescript types', [
    process.execPath,
    [
      tsc,
      '-p',
      consumer(
        'openapi-typescript',
        `import type { paths } from ${JSON.stringify(path.join(otDir, 'schema.js'))};\ntype Repo = paths['/repos/{owner}/{repo}']['get']['responses']['200']['content']['application/json'];\nexport function name(repo: Repo): string {\n  return repo.full_name;\n}\n`,
      ),
    ],
  ]),
]);

async function bundleSize(label, source, resolveDir) {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    stdin: { contents: source, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const bytes = out.outputFiles[0].contents;
  const size = { label, minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
  log(`  ${label.padEnd(44)} ${size.minified} B min, ${size.gzipped} B gzip`);
  return size;
}
const golemDist = path.join(root, 'generated/golem-client/dist/index.js');
results.bundle = [
  await bundleSize(
    'codegen (golem-client, getComponent)',
    `import { createClientCore, getComponent } from ${JSON.stringify(golemDist)};\nconst core = createClientCore({ baseUrl: 'https://api.example.com' });\ngetComponent(core, { componentId: '1' }).then(console.log);`,
    bench,
  ),
  await bundleSize(
    'openapi-fetch',
    `import createClient from 'openapi-fetch';\nconst client = createClient({ baseUrl: 'https://api.example.com' });\nclient.GET('/v1/components/{component_id}', { params: { path: { component_id: '1' } } }).then(console.log);`,
    bench,
  ),
];
for (const [label, source] of [
  [
    '@hey-api/openapi-ts',
    `import { getComponent } from './sdk.gen';\ngetComponent({ path: { component_id: '1' } }).then(console.log);`,
  ],
  ['oazapfts', `import { getComponent } from './api';\ngetComponent('1').then(console.log);`],
  ['orval', `import { getComponent } from './api';\ngetComponent('1').then(console.log);`],
]) {
  try {
    results.bundle.push(await bundleSize(label, source, peerOut[label]));
  } catch (error) {
    log(`  ${label} bundle failed: ${String(error.message).split('\n')[0]}`);
  }
}

log('a spec split over files: 1,000 operations, one file against a file per path item and per schema');
{
  const specs = writeSpecs(1000, path.join(work, 'multi-file'));
  const [one, split] = ['out-single', 'out-split'].map((name) => path.join(work, 'multi-file', name));
  results.multiFile = {
    files: specs.files,
    rows: interleaved([
      contender('codegen, one file', codegen(one, specs.single), fresh(one)),
      contender(`codegen, ${specs.files} files`, codegen(split, specs.split), fresh(split)),
    ]),
  };
}

results.overhead = await requestOverhead({ dist: golemDist, runs: RUNS });
log(
  `  per request: raw fetch ${results.overhead.raw.toFixed(1)} µs, codegen ${results.overhead.codegen.toFixed(1)} µs`,
);
results.throughput = await websocketThroughput({ dist: golemDist, runs: RUNS });
log(
  `  WebSocket: raw ws ${Math.round(results.throughput.raw)} ev/s, codegen ${Math.round(results.throughput.codegen)} ev/s`,
);

// 7. Watch: a one-operation edit, from the spec's write to the output written, in processes that stay up.
log('watch mode: a one-operation edit while the generator stays up');
{
  const golemText = readFileSync(golemOpenapi, 'utf8');
  const githubText = JSON.stringify(JSON.parse(readFileSync(githubSpec, 'utf8')), null, 2);
  const orvalWatch = (spec, out) => {
    const [command, args] = peers.orval(spec, out);
    return [command, [...args, '--watch']];
  };
  const heyWatch = (spec, out) => {
    const [command, args] = peers['@hey-api/openapi-ts'](spec, out);
    return [command, [...args, '--watch', '100']];
  };
  const row = async (label, measure) => {
    try {
      const r = await measure();
      log(`  ${label.padEnd(44)} ${r ? `${r.median.toFixed(3)} s` : 'no regeneration'}`);
      return { label, ...(r ? { wall: r.median } : { none: true }) };
    } catch (error) {
      log(`  ${label} failed: ${String(error.message).split('\n')[0]}`);
      return { label, failed: String(error.message).split('\n')[0] };
    }
  };
  results.watch = {
    golem: [
      await row('codegen --watch (OpenAPI + AsyncAPI)', () => watchLatency('golem', { runs: RUNS, work })),
      await row('orval --watch', () =>
        peerWatchLatency({
          name: 'golem',
          dir: path.join(work, 'watch-golem-orval'),
          specText: golemText,
          edit: editGolem,
          start: orvalWatch,
          outputs: ['api.ts'],
          runs: RUNS,
        }),
      ),
      await row('@hey-api/openapi-ts --watch', () =>
        peerWatchLatency({
          name: 'golem',
          dir: path.join(work, 'watch-golem-hey'),
          specText: golemText,
          edit: editGolem,
          start: heyWatch,
          outputs: ['types.gen.ts', 'sdk.gen.ts'],
          runs: RUNS,
          timeoutMs: 15_000,
        }),
      ),
    ],
    github: [
      await row('codegen --watch', () => watchLatency('github', { runs: RUNS, work })),
      await row('orval --watch', () =>
        peerWatchLatency({
          name: 'github',
          dir: path.join(work, 'watch-github-orval'),
          specText: githubText,
          edit: editGithubText,
          start: orvalWatch,
          outputs: ['api.ts'],
          runs: RUNS,
          timeoutMs: 120_000,
        }),
      ),
    ],
  };
}

results.validation = await validationSpeed({ work, runs: RUNS });
for (const [spec, v] of Object.entries(results.validation))
  log(
    `  validating ${spec}: codegen ${v.times.codegen.toFixed(0)} µs, ajv ${v.times.ajv.toFixed(0)} µs, zod ${v.times.zod.toFixed(0)} µs`,
  );

writeFileSync(path.join(work, 'results.json'), JSON.stringify(results, null, 2));
writeFileSync(path.join(bench, 'results.md'), report(results));
writeFileSync(path.join(bench, 'scaling.svg'), scalingChart(results.scaling));
log('wrote bench/results.md and bench/scaling.svg');
