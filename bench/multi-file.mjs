// A spec split over files, side by side with its one-file twin: the synthetic spec written as a root file
// whose path items and schemas are each a file of their own (paths/<n>.json, schemas/<Name>.json), every
// reference relative to the file it is in. `node multi-file.mjs [operations]` measures both alone.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticSpec } from './make-spec.mjs';

/** Rewrites `#/components/schemas/X` refs as relative file refs, from a file in `from` (a folder under the root). */
function fileRefs(node, from) {
  if (Array.isArray(node)) return node.map((item) => fileRefs(item, from));
  if (typeof node !== 'object' || node === null) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')
        ? `${from === '' ? './' : '../'}schemas/${value.slice('#/components/schemas/'.length)}.json`
        : fileRefs(value, from);
  }
  return out;
}

/** Writes the one-file spec and its split twin under `dir`; returns their root files. */
export function writeSpecs(operations, dir) {
  const spec = syntheticSpec(operations);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'split/paths'), { recursive: true });
  mkdirSync(path.join(dir, 'split/schemas'), { recursive: true });
  const single = path.join(dir, 'single.json');
  writeFileSync(single, JSON.stringify(spec));
  const paths = {};
  Object.entries(spec.paths).forEach(([route, item], i) => {
    writeFileSync(path.join(dir, 'split/paths', `${i}.json`), JSON.stringify(fileRefs(item, 'paths')));
    paths[route] = { $ref: `./paths/${i}.json` };
  });
  const schemas = {};
  for (const [name, schema] of Object.entries(spec.components.schemas)) {
    writeFileSync(path.join(dir, 'split/schemas', `${name}.json`), JSON.stringify(fileRefs(schema, 'schemas')));
    schemas[name] = { $ref: `./schemas/${name}.json` };
  }
  const split = path.join(dir, 'split/api.json');
  writeFileSync(split, JSON.stringify({ ...spec, paths, components: { schemas } }));
  return { single, split, files: Object.keys(spec.paths).length + Object.keys(schemas).length + 1 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const operations = Number(process.argv[2] ?? 1000);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const bench = path.dirname(fileURLToPath(import.meta.url));
  const work = path.join(bench, '.work/multi-file');
  const { single, split, files } = writeSpecs(operations, work);
  const codegen = path.join(bench, '../bin/codegen.js');
  const walls = { single: [], split: [] };
  for (let round = 0; round < runs; round++)
    for (const [label, spec] of [
      ['single', single],
      ['split', split],
    ]) {
      const out = path.join(work, `out-${label}`);
      rmSync(out, { recursive: true, force: true });
      const started = performance.now();
      const r = spawnSync(process.execPath, [codegen, 'run', '--openapi', spec, '--out', out, '--quiet'], {
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`${label} failed:\n${r.stderr.slice(-2000)}`);
      walls[label].push((performance.now() - started) / 1000);
    }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const same =
    readFileSync(path.join(work, 'out-single/src/schemas.ts'), 'utf8').split('\n').slice(1).join('\n') ===
    readFileSync(path.join(work, 'out-split/src/schemas.ts'), 'utf8').split('\n').slice(1).join('\n');
  console.log(
    JSON.stringify({
      operations,
      files,
      runs,
      single: median(walls.single),
      split: median(walls.split),
      ratio: median(walls.split) / median(walls.single),
      sameSchemas: same,
    }),
  );
}
