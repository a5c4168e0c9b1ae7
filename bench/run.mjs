// `npm run bench`: codegen side by side with its peers, each figure the median of several whole-process runs.
// Writes results.md and scaling.svg beside this file. BENCH_RUNS sets the runs per figure (default 3).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { syntheticSpec } from './make-spec.mjs';
import { report, scalingChart } from './report.mjs';
import { requestOverhead, websocketThroughput } from './runtime.mjs';

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

/** Runs a command RUNS times under /usr/bin/time; median wall seconds and peak RSS (MiB). */
function measure(label, command, args, { before, cwd = bench } = {}) {
  const walls = [];
  const rss = [];
  for (let i = 0; i < RUNS; i++) {
    before?.();
    const timeFile = path.join(work, 'time.txt');
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, command, ...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (r.status !== 0) throw new Error(`${label} failed (${r.status}):\n${r.stderr?.slice(-2000)}`);
    const [wall, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    walls.push(wall);
    rss.push(kb / 1024);
  }
  const result = { label, wall: median(walls), rss: median(rss) };
  log(`  ${label.padEnd(44)} ${result.wall.toFixed(2)} s  ${result.rss.toFixed(0)} MiB`);
  return result;
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

const results = {
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  runs: RUNS,
};

// 1. Golem, cold.
log('1. Golem specs, cold');
const golemOut = path.join(work, 'golem');
results.golem = [
  measure('codegen (OpenAPI + AsyncAPI)', ...codegen(golemOut, golemOpenapi, golemAsyncapi), {
    before: fresh(golemOut),
  }),
];
results.golem.push(
  measure('codegen (OpenAPI only)', ...codegen(path.join(work, 'golem-oa'), golemOpenapi), {
    before: fresh(path.join(work, 'golem-oa')),
  }),
);
const peerOut = {};
for (const [name, make] of Object.entries(peers)) {
  const out = path.join(work, `golem-${name.replace(/\W/g, '')}`);
  peerOut[name] = out;
  results.golem.push(measure(name, ...make(golemOpenapi, out), { before: fresh(out) }));
}

// 2. No-op regeneration.
log('2. No-op regeneration');
results.noop = measure('codegen, nothing changed', ...codegen(golemOut, golemOpenapi, golemAsyncapi));

// 3. GitHub.
log("3. GitHub's REST API");
const githubOut = path.join(work, 'github');
results.github = [
  measure('codegen (types, functions, runtime)', ...codegen(githubOut, githubSpec), { before: fresh(githubOut) }),
];
const githubPeerOut = {};
for (const [name, make] of Object.entries(peers)) {
  const out = path.join(work, `github-${name.replace(/\W/g, '')}`);
  githubPeerOut[name] = out;
  try {
    results.github.push(measure(name, ...make(githubSpec, out), { before: fresh(out) }));
  } catch (error) {
    log(`  ${name} failed: ${String(error.message).split('\n')[0]}`);
    results.github.push({ label: name, failed: String(error.message).split('\n').slice(0, 3).join(' ') });
  }
}

// 4. Scaling.
log('4. Scaling (synthetic specs)');
results.scaling = [];
for (const n of [100, 1000, 5000]) {
  const spec = path.join(work, `synthetic-${n}.json`);
  writeFileSync(spec, JSON.stringify(syntheticSpec(n)));
  const out = path.join(work, `synthetic-${n}`);
  results.scaling.push({
    operations: n,
    ...measure(`codegen, ${n} operations`, ...codegen(out, spec), { before: fresh(out) }),
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
results.typecheck = [
  measure('tsc --strict: codegen GitHub client (src/)', process.execPath, [
    tsc,
    '--noEmit',
    '--strict',
    '-p',
    path.join(githubOut, 'tsconfig.json'),
  ]),
  measure('tsc --strict: openapi-typescript GitHub types', process.execPath, [
    tsc,
    '-p',
    path.join(otDir, 'tsconfig.json'),
  ]),
];

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

results.overhead = await requestOverhead({ dist: golemDist, runs: RUNS });
log(
  `  per request: raw fetch ${results.overhead.raw.toFixed(1)} µs, codegen ${results.overhead.codegen.toFixed(1)} µs`,
);
results.throughput = await websocketThroughput({ dist: golemDist, runs: RUNS });
log(
  `  WebSocket: raw ws ${Math.round(results.throughput.raw)} ev/s, codegen ${Math.round(results.throughput.codegen)} ev/s`,
);

writeFileSync(path.join(bench, 'results.md'), report(results));
writeFileSync(path.join(bench, 'scaling.svg'), scalingChart(results.scaling));
writeFileSync(path.join(work, 'results.json'), JSON.stringify(results, null, 2));
log('wrote bench/results.md and bench/scaling.svg');
