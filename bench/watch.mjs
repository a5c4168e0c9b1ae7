// The watch scenario: `codegen run --watch` stays up; a one-operation edit is saved (the same edit as the edit
// scenario, then undone, alternately); the figure is the time from the file's write to the watcher's line
// saying the output is written (the last output file is written before that line). Medians of RUNS edits.
// `node bench/watch.mjs [golem|github]` runs it alone.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { editGithubText, editGolem } from './edit.mjs';

const bench = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(bench, '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The scenarios: each a folder with its config and specs, the file edited, and the edit. */
function scenario(name, work) {
  const dir = path.join(work, `watch-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (name === 'golem') {
    cpSync(path.join(root, 'specs'), path.join(dir, 'specs'), { recursive: true });
    const config = JSON.parse(readFileSync(path.join(root, 'codegen.config.json'), 'utf8'));
    writeFileSync(path.join(dir, 'codegen.config.json'), JSON.stringify({ ...config, out: 'out' }));
    const file = path.join(dir, config.openapi);
    return { dir, file, edit: editGolem };
  }
  const spec = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json', {
    paths: [root],
  });
  const file = path.join(dir, 'github.json');
  writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(spec, 'utf8')), null, 2));
  writeFileSync(path.join(dir, 'codegen.config.json'), JSON.stringify({ openapi: 'github.json', out: 'out' }));
  return { dir, file, edit: editGithubText };
}

/** Starts the watcher, makes `runs` edits (each waits for its line), stops it; the write-to-written times (s). */
export async function watchLatency(name, { runs = 3, work = path.join(bench, '.work') } = {}) {
  const { dir, file, edit } = scenario(name, work);
  const original = readFileSync(file, 'utf8');
  const edited = edit(original);
  const child = spawn(process.execPath, [path.join(root, 'bin/codegen.js'), 'run', '--watch'], { cwd: dir });
  let stderr = '';
  let waiter;
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
    waiter?.();
  });
  const until = (test, timeoutMs = 300_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`watch ${name}: timed out\n${stderr.slice(-2000)}`)), timeoutMs);
      waiter = () => {
        if (!test()) return;
        clearTimeout(timer);
        waiter = undefined;
        resolve();
      };
      waiter();
    });
  const written = () => (stderr.match(/codegen: watch: \d+ files? written/g) ?? []).length;
  const times = [];
  try {
    await until(() => stderr.includes('watching'));
    // One edit and its undo first: the process warms up as a user's would after the first save.
    for (let i = 0; i < runs + 2; i++) {
      const before = written();
      const started = performance.now();
      writeFileSync(file, i % 2 === 0 ? edited : original);
      await until(() => written() > before);
      if (i >= 2) times.push((performance.now() - started) / 1000);
    }
  } finally {
    child.kill('SIGINT');
  }
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`watch ${name}: exit ${code}\n${stderr.slice(-2000)}`);
  return { times, median: median(times) };
}

/**
 * A peer's own watch mode: started on a copy of the spec, then the same edits; the figure is the time from the
 * spec's write until every one of `outputs` (files under its output folder) has new content. Null when the
 * peer does not regenerate within `timeoutMs` (a watch mode that does not watch local files).
 */
export async function peerWatchLatency({ name, dir, specText, edit, start, outputs, runs = 3, timeoutMs = 60_000 }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const spec = path.join(dir, name === 'github' ? 'spec.json' : 'spec.yaml');
  writeFileSync(spec, specText);
  const edited = edit(specText);
  const [command, args] = start(spec, path.join(dir, 'out'));
  const child = spawn(command, args, { cwd: dir, stdio: 'ignore', detached: true });
  const read = (file) => {
    try {
      return readFileSync(path.join(dir, 'out', file), 'utf8');
    } catch {
      return undefined;
    }
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const times = [];
  try {
    // The first output, and a quiet second after it (a watch that regenerates at start-up has done so).
    const started = Date.now();
    while (outputs.some((f) => read(f) === undefined)) {
      if (Date.now() - started > timeoutMs) return null;
      await sleep(20);
    }
    await sleep(1000);
    for (let i = 0; i < runs + 1; i++) {
      const before = outputs.map(read);
      const t0 = performance.now();
      writeFileSync(spec, i % 2 === 0 ? edited : specText);
      // Each output's last change: polled until all have changed and none has for half a second.
      const last = outputs.map(read);
      const changedAt = outputs.map(() => undefined);
      for (let quietSince = performance.now(); ; await sleep(5)) {
        if (performance.now() - t0 > timeoutMs) return null;
        outputs.forEach((f, j) => {
          const now = read(f);
          if (now === last[j]) return;
          last[j] = now;
          changedAt[j] = quietSince = performance.now();
        });
        const all = changedAt.every((t, j) => t !== undefined && last[j] !== before[j]);
        if (all && performance.now() - quietSince > 500) break;
      }
      if (i >= 1) times.push((Math.max(...changedAt) - t0) / 1000);
    }
  } finally {
    try {
      process.kill(-child.pid, 'SIGINT');
    } catch {
      // Already gone.
    }
  }
  return { times, median: median(times) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const name of process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['golem', 'github']) {
    const { times, median: m } = await watchLatency(name, { runs: Number(process.env.BENCH_RUNS ?? 3) });
    console.log(`${name}: median ${m.toFixed(3)} s (${times.map((t) => t.toFixed(3)).join(', ')})`);
  }
}
