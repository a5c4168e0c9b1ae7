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

function ratio(a, b) {
  return b ? (a / b).toFixed(2) : 'n/a';
}

function report(r) {
  const ours = r.golem[0];
  const okPeers = (list) => list.filter((x) => !x.failed && !x.label.startsWith('codegen'));
  const fastestGolem = okPeers(r.golem).sort((a, b) => a.wall - b.wall)[0];
  const gh = r.github[0];
  const ot = r.github.find((x) => x.label === 'openapi-typescript');
  const s1000 = r.scaling.find((x) => x.operations === 1000);
  const s5000 = r.scaling.find((x) => x.operations === 5000);
  const [tcOurs, tcOt] = r.typecheck;
  const ofetch = r.bundle.find((b) => b.label === 'openapi-fetch');
  const ourBundle = r.bundle[0];
  const lines = [
    '# Benchmarks',
    '',
    `Machine: ${r.machine}. Each figure is the median of ${r.runs} whole-process runs, measured side by side in one run of \`npm run bench\` (wall time and peak RSS from \`/usr/bin/time\`). Ratios are ours / theirs: below 1 is better for us.`,
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    `| Golem cold no slower than the fastest peer | ${ours.wall.toFixed(2)} s vs ${fastestGolem.label} ${fastestGolem.wall.toFixed(2)} s (ratio ${ratio(ours.wall, fastestGolem.wall)}) | ${ours.wall <= fastestGolem.wall ? 'yes' : 'no'} |`,
    `| No-op regeneration under 1/4 of cold | ${r.noop.wall.toFixed(2)} s vs ${ours.wall.toFixed(2)} s (ratio ${ratio(r.noop.wall, ours.wall)}) | ${r.noop.wall < ours.wall / 4 ? 'yes' : 'no'} |`,
    `| GitHub: full client no slower than openapi-typescript | ${gh.wall.toFixed(2)} s vs ${ot?.wall?.toFixed(2)} s (ratio ${ratio(gh.wall, ot?.wall)}) | ${ot && gh.wall <= ot.wall ? 'yes' : 'no'} |`,
    `| GitHub: peak memory at most 450 MiB | ${gh.rss.toFixed(0)} MiB | ${gh.rss <= 450 ? 'yes' : 'no'} |`,
    `| Scaling: 5,000 ops at most 5.5 × 1,000 ops | ratio ${ratio(s5000.wall, s1000.wall)} | ${s5000.wall / s1000.wall <= 5.5 ? 'yes' : 'no'} |`,
    `| Type-checking our GitHub client no slower than openapi-typescript's | ${tcOurs.wall.toFixed(2)} s vs ${tcOt.wall.toFixed(2)} s (ratio ${ratio(tcOurs.wall, tcOt.wall)}) | ${tcOurs.wall <= tcOt.wall ? 'yes' : 'no'} |`,
    `| One-operation bundle no bigger than openapi-fetch's | ${ourBundle.gzipped} B vs ${ofetch?.gzipped} B gzip (ratio ${ratio(ourBundle.gzipped, ofetch?.gzipped)}) | ${ofetch && ourBundle.gzipped <= ofetch.gzipped ? 'yes' : 'no'} |`,
    `| Per-request overhead within 5% of raw fetch | ${r.overhead.codegen.toFixed(1)} µs vs ${r.overhead.raw.toFixed(1)} µs per request (ratio ${ratio(r.overhead.codegen, r.overhead.raw)}) | ${r.overhead.codegen <= r.overhead.raw * 1.05 ? 'yes' : 'no'} |`,
    `| Subscriber throughput at least 90% of raw ws | ${Math.round(r.throughput.codegen)} vs ${Math.round(r.throughput.raw)} events/s (ratio ${ratio(r.throughput.codegen, r.throughput.raw)}) | ${r.throughput.codegen >= r.throughput.raw * 0.9 ? 'yes' : 'no'} |`,
    '',
    '## 1. Golem specs, cold',
    '',
    '| generator | wall (s) | peak RSS (MiB) | ratio codegen / this |',
    '| --- | --- | --- | --- |',
    ...r.golem.map((x) => `| ${x.label} | ${x.wall.toFixed(2)} | ${x.rss.toFixed(0)} | ${ratio(ours.wall, x.wall)} |`),
    '',
    '## 2. No-op regeneration',
    '',
    `\`codegen run\` with nothing changed: ${r.noop.wall.toFixed(2)} s, ${r.noop.rss.toFixed(0)} MiB (cold: ${ours.wall.toFixed(2)} s).`,
    '',
    "## 3. GitHub's REST API (@octokit/openapi)",
    '',
    '| generator | wall (s) | peak RSS (MiB) | ratio codegen / this |',
    '| --- | --- | --- | --- |',
    ...r.github.map((x) =>
      x.failed
        ? `| ${x.label} | failed: ${x.failed.replace(/\|/g, '/').slice(0, 120)} | | |`
        : `| ${x.label} | ${x.wall.toFixed(2)} | ${x.rss.toFixed(0)} | ${ratio(gh.wall, x.wall)} |`,
    ),
    '',
    '## 4. Scaling (synthetic specs)',
    '',
    '| operations | wall (s) | peak RSS (MiB) |',
    '| --- | --- | --- |',
    ...r.scaling.map((x) => `| ${x.operations} | ${x.wall.toFixed(2)} | ${x.rss.toFixed(0)} |`),
    '',
    `5,000 / 1,000 operations: ${ratio(s5000.wall, s1000.wall)} × the time. Chart: [scaling.svg](scaling.svg).`,
    '',
    '## 5. What users pay for the output',
    '',
    '| check | wall (s) |',
    '| --- | --- |',
    ...r.typecheck.map((x) => `| ${x.label} | ${x.wall.toFixed(2)} |`),
    '',
    '| one-operation browser bundle (esbuild, minified) | bytes | gzipped |',
    '| --- | --- | --- |',
    ...r.bundle.map((b) => `| ${b.label} | ${b.minified} | ${b.gzipped} |`),
    '',
    `Per-request overhead, ${r.overhead.requests} sequential GETs to a local server: raw fetch ${r.overhead.raw.toFixed(1)} µs, generated client ${r.overhead.codegen.toFixed(1)} µs per request.`,
    '',
    `WebSocket, ${r.throughput.events} JSON events from a local server: raw \`ws\` ${Math.round(r.throughput.raw)} events/s, generated subscriber ${Math.round(r.throughput.codegen)} events/s.`,
    '',
  ];
  return lines.join('\n');
}

function scalingChart(points) {
  const w = 560;
  const h = 320;
  const pad = 56;
  const maxX = Math.max(...points.map((p) => p.operations));
  const maxY = Math.max(...points.map((p) => p.wall)) * 1.1;
  const x = (v) => pad + (v / maxX) * (w - 2 * pad);
  const y = (v) => h - pad - (v / maxY) * (h - 2 * pad);
  const line = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.operations).toFixed(1)},${y(p.wall).toFixed(1)}`)
    .join(' ');
  const dots = points
    .map(
      (p) =>
        `<circle cx="${x(p.operations).toFixed(1)}" cy="${y(p.wall).toFixed(1)}" r="4"/><text x="${(x(p.operations) + 6).toFixed(1)}" y="${(y(p.wall) - 8).toFixed(1)}">${p.wall.toFixed(2)} s, ${p.rss.toFixed(0)} MiB</text>`,
    )
    .join('');
  const ticks = points
    .map(
      (p) => `<text x="${x(p.operations).toFixed(1)}" y="${h - pad + 18}" text-anchor="middle">${p.operations}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<text x="${w / 2}" y="20" text-anchor="middle" font-size="14">codegen run: wall time by number of operations</text>
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="black"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="black"/>
<text x="${w / 2}" y="${h - 12}" text-anchor="middle">operations</text><text x="14" y="${h / 2}" transform="rotate(-90 14 ${h / 2})" text-anchor="middle">seconds</text>
<path d="${line}" fill="none" stroke="#2563eb" stroke-width="2"/><g fill="#2563eb">${dots}</g>${ticks}
</svg>
`;
}
