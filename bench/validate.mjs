// Validation speed: codegen's generated validators against ajv (compiled) and zod 4 on the same large
// responses: 2,000 Golem workers (WorkersMetadataResponse) and 1,000 GitHub repositories (GET /orgs/{org}/repos,
// minimal-repository, from the spec's own example). The packages are generated with `--int64 number`, so that
// all three validate the same parsed JSON. Rounds alternate; each figure is the median µs per validation.
// `node validate.mjs` runs it alone.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { z } from 'zod';

const bench = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(bench, '..');
const require = createRequire(import.meta.url);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function generate(out, args) {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'bin/codegen.js'), 'run', ...args, '--out', out, '--int64', 'number'],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`codegen failed: ${r.stderr}`);
}

/** A component schema with its `$ref`s inlined (cycles cut to `{}`), OpenAPI 3.0 `nullable` as JSON Schema types. */
function standalone(components, name, seen = new Set()) {
  const convert = (node) => {
    if (Array.isArray(node)) return node.map(convert);
    if (typeof node !== 'object' || node === null) return node;
    if (typeof node.$ref === 'string') {
      const target = node.$ref.split('/').pop();
      if (seen.has(target)) return {};
      seen.add(target);
      const inlined = convert(components[target]);
      seen.delete(target);
      return inlined;
    }
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (
        [
          'example',
          'examples',
          'nullable',
          'discriminator',
          'xml',
          'externalDocs',
          'deprecated',
          'readOnly',
          'writeOnly',
        ].includes(key)
      )
        continue;
      if (key.startsWith('x-')) continue;
      out[key] =
        key === 'properties'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]))
          : convert(value);
    }
    if (node.nullable === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      else return { anyOf: [out, { type: 'null' }] };
      if (out.enum) out.enum = [...out.enum, null];
    }
    return out;
  };
  return convert(components[name]);
}

function timeRounds(contenders, data, { rounds = 7, iterations = 20 } = {}) {
  const times = Object.fromEntries(contenders.map(([name]) => [name, []]));
  for (const [, validate] of contenders) for (let i = 0; i < iterations; i++) validate(data); // warm up
  for (let r = 0; r < rounds; r++)
    for (const [name, validate] of contenders) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) validate(data);
      times[name].push(Number(process.hrtime.bigint() - started) / 1000 / iterations);
    }
  return Object.fromEntries(Object.entries(times).map(([name, xs]) => [name, median(xs)]));
}

/** Each contender must accept the data (a benchmark of rejections would measure something else). */
function contenders(ours, ajvValidate, zodSchema) {
  const list = [
    ['codegen', (data) => ours['~standard'].validate(data).issues === undefined],
    ['ajv', (data) => ajvValidate(data)],
    ['zod', (data) => zodSchema.safeParse(data).success],
  ];
  return list;
}

export async function validationSpeed({ work, runs = 3 }) {
  mkdirSync(work, { recursive: true });
  const rounds = Math.max(5, runs * 2 + 1);
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  const results = {};

  // Golem: 2,000 workers.
  const golemOut = path.join(work, 'validate-golem');
  generate(golemOut, ['--openapi', path.join(root, 'specs/golem-cloud.openapi.yaml'), '--name', 'golem-client']);
  const golem = await import(pathToFileURL(path.join(golemOut, 'dist/validators.js')).href);
  const golemSpec = (await import('yaml')).parse(
    readFileSync(path.join(root, 'specs/golem-cloud.openapi.yaml'), 'utf8'),
  );
  const golemSchema = standalone(golemSpec.components.schemas, 'WorkersMetadataResponse');
  const workers = Array.from({ length: 2000 }, (_, i) => ({
    workerId: { componentId: '7d1f5a0e-3c0b-4b43-9a38-1f0e6e2a9c11', workerName: `worker-${i}` },
    status: ['Running', 'Idle', 'Suspended'][i % 3],
    componentVersion: i,
    createdAt: '2026-12-06T10:00:00Z',
  }));
  const golemData = { workers, cursor: 'next' };
  results.golem = { items: workers.length, bytes: JSON.stringify(golemData).length };
  const golemList = contenders(
    golem.validators.WorkersMetadataResponse,
    ajv.compile(golemSchema),
    z.fromJSONSchema(golemSchema),
  );
  for (const [name, validate] of golemList) if (!validate(golemData)) throw new Error(`${name} rejects the Golem data`);
  results.golem.times = timeRounds(golemList, golemData, { rounds });

  // GitHub: 1,000 repositories.
  const githubSpecPath = require.resolve('@octokit/openapi/generated/api.github.com.json', { paths: [root] });
  const githubOut = path.join(work, 'validate-github');
  generate(githubOut, ['--openapi', githubSpecPath, '--name', 'github-client']);
  const github = await import(pathToFileURL(path.join(githubOut, 'dist/validators.js')).href);
  const spec = JSON.parse(readFileSync(githubSpecPath, 'utf8'));
  const repoSchema = standalone(spec.components.schemas, 'minimal-repository');
  const example = spec.components.examples['minimal-repository-items'].value[0];
  const repos = Array.from({ length: 1000 }, (_, i) => ({
    ...example,
    id: i + 1,
    name: `repo-${i}`,
    full_name: `octocat/repo-${i}`,
  }));
  results.github = { items: repos.length, bytes: JSON.stringify(repos).length };
  const githubList = contenders(
    github.responses.reposListForOrg,
    ajv.compile({ type: 'array', items: repoSchema }),
    z.fromJSONSchema({ type: 'array', items: repoSchema }),
  );
  for (const [name, validate] of githubList) if (!validate(repos)) throw new Error(`${name} rejects the GitHub data`);
  results.github.times = timeRounds(githubList, repos, { rounds });
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await validationSpeed({ work: path.join(bench, '.work'), runs: Number(process.env.BENCH_RUNS ?? 3) });
  console.log(JSON.stringify(results, null, 2));
}
