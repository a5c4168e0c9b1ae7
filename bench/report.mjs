// Turns the figures of one benchmark run into bench/results.md and bench/scaling.svg.
// `node report.mjs .work/results.json` rewrites both from the figures of the last run.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function ratio(a, b) {
  return b ? (a / b).toFixed(2) : 'n/a';
}

/** The 1,000-operation spec in one file and split into a file per path item and per schema, side by side. */
function multiFileRows(m) {
  if (!m) return [];
  const [one, split] = m.rows;
  return [
    `The 1,000-operation spec split over ${m.files} files (a file per path item and per schema, references relative to each file), beside its one-file twin:`,
    '',
    '| spec | wall (s) | peak RSS (MiB) |',
    '| --- | --- | --- |',
    ...m.rows.map((x) =>
      x.failed ? `| ${x.label} | failed | |` : `| ${x.label} | ${x.wall.toFixed(2)} | ${x.rss.toFixed(0)} |`,
    ),
    '',
    ...(one.failed || split.failed ? [] : [`Split / one file: ${ratio(split.wall, one.wall)} × the time.`, '']),
  ];
}

export function report(r) {
  const ours = r.golem[0];
  const oaz = r.golem.find((x) => x.label === 'oazapfts' && !x.failed);
  const gh = r.github[0];
  const ot = r.github.find((x) => x.label === 'openapi-typescript');
  const s1000 = r.scaling.find((x) => x.operations === 1000);
  const s5000 = r.scaling.find((x) => x.operations === 5000);
  const [tcOurs, tcOt] = r.typecheck;
  const ofetch = r.bundle.find((b) => b.label === 'openapi-fetch');
  const golemEdit = r.golemEdit[0];
  const githubEdit = r.githubEdit[0];
  const ourBundle = r.bundle[0];
  /** Each generator's edit run beside its own cold run (ours: the first cold row, with both specs). */
  const editRows = (cold, edited) =>
    edited.map((x, i) => {
      if (x.failed) return `| ${x.label} | failed: ${x.failed.replace(/\|/g, '/').slice(0, 120)} | | |`;
      const own = i === 0 ? cold[0] : cold.find((c) => `${c.label}, after the edit` === x.label);
      return `| ${x.label} | ${x.wall.toFixed(2)} | ${x.rss.toFixed(0)} | ${own && !own.failed ? ratio(x.wall, own.wall) : 'n/a'} |`;
    });
  const lines = [
    '# Benchmarks',
    '',
    `Machine: ${r.machine}. Each figure is the median of ${r.runs} whole-process runs, measured side by side in one run of \`npm run bench\` (wall time and peak RSS from \`/usr/bin/time\`). Ratios are ours / theirs: below 1 is better for us.`,
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    `| Golem cold at most 1.5 × oazapfts | ${ours.wall.toFixed(2)} s vs ${oaz?.wall?.toFixed(2)} s (ratio ${ratio(ours.wall, oaz?.wall)}) | ${oaz && ours.wall <= 1.5 * oaz.wall ? 'yes' : 'no'} |`,
    `| GitHub cold at most 1.5 × openapi-typescript | ${gh.wall.toFixed(2)} s vs ${ot?.wall?.toFixed(2)} s (ratio ${ratio(gh.wall, ot?.wall)}) | ${ot && gh.wall <= 1.5 * ot.wall ? 'yes' : 'no'} |`,
    `| GitHub: peak memory at most 350 MiB | ${gh.rss.toFixed(0)} MiB | ${gh.rss <= 350 ? 'yes' : 'no'} |`,
    ...watchTargets(r.watch),
    `| No-op regeneration under 1/4 of cold | ${r.noop.wall.toFixed(2)} s vs ${ours.wall.toFixed(2)} s (ratio ${ratio(r.noop.wall, ours.wall)}) | ${r.noop.wall < ours.wall / 4 ? 'yes' : 'no'} |`,
    `| Scaling: 5,000 ops at most 5.5 × 1,000 ops | ratio ${ratio(s5000.wall, s1000.wall)} | ${s5000.wall / s1000.wall <= 5.5 ? 'yes' : 'no'} |`,
    `| Type-checking our GitHub client no slower than openapi-typescript's | ${tcOurs.wall.toFixed(2)} s vs ${tcOt.wall.toFixed(2)} s (ratio ${ratio(tcOurs.wall, tcOt.wall)}) | ${tcOurs.wall <= tcOt.wall ? 'yes' : 'no'} |`,
    `| One-operation bundle no bigger than openapi-fetch's | ${ourBundle.gzipped} B vs ${ofetch?.gzipped} B gzip (ratio ${ratio(ourBundle.gzipped, ofetch?.gzipped)}) | ${ofetch && ourBundle.gzipped <= ofetch.gzipped ? 'yes' : 'no'} |`,
    `| Per-request overhead within 5% of raw fetch | ${r.overhead.codegen.toFixed(1)} µs vs ${r.overhead.raw.toFixed(1)} µs per request (median of ${r.overhead.pairs} paired rounds' ratios: ${r.overhead.ratio.toFixed(2)}) | ${r.overhead.ratio <= 1.05 ? 'yes' : 'no'} |`,
    ...Object.entries(r.validation ?? {}).map(
      ([spec, v]) =>
        `| Validating a large ${spec} response no slower than ajv (compiled) | ${v.times.codegen.toFixed(0)} µs vs ${v.times.ajv.toFixed(0)} µs (ratio ${ratio(v.times.codegen, v.times.ajv)}) | ${v.times.codegen <= v.times.ajv ? 'yes' : 'no'} |`,
    ),
    `| Subscriber throughput at least 90% of raw ws | ${Math.round(r.throughput.codegen)} vs ${Math.round(r.throughput.raw)} events/s (ratio ${ratio(r.throughput.codegen, r.throughput.raw)}) | ${r.throughput.codegen >= r.throughput.raw * 0.9 ? 'yes' : 'no'} |`,
    '',
    '## 1. Golem specs, cold',
    '',
    '| generator | wall (s) | peak RSS (MiB) | ratio codegen / this |',
    '| --- | --- | --- | --- |',
    ...r.golem.map((x) => `| ${x.label} | ${x.wall.toFixed(2)} | ${x.rss.toFixed(0)} | ${ratio(ours.wall, x.wall)} |`),
    '',
    '### After a one-operation edit',
    '',
    "One operation's summary reworded and a query parameter added; codegen regenerates over its previous output (as committed), peers regenerate everything. The last column compares each run with the same generator's cold run above.",
    '',
    '| generator | wall (s) | peak RSS (MiB) | ratio edit / cold |',
    '| --- | --- | --- | --- |',
    ...editRows(r.golem, r.golemEdit),
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
    '### After a one-operation edit',
    '',
    '| generator | wall (s) | peak RSS (MiB) | ratio edit / cold |',
    '| --- | --- | --- | --- |',
    ...editRows(r.github, r.githubEdit),
    '',
    '## 4. Scaling (synthetic specs)',
    '',
    '| operations | wall (s) | peak RSS (MiB) |',
    '| --- | --- | --- |',
    ...r.scaling.map((x) => `| ${x.operations} | ${x.wall.toFixed(2)} | ${x.rss.toFixed(0)} |`),
    '',
    `5,000 / 1,000 operations: ${ratio(s5000.wall, s1000.wall)} × the time. Chart: [scaling.svg](scaling.svg).`,
    '',
    ...multiFileRows(r.multiFile),
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
    `Per-request overhead, rounds of ${r.overhead.requests} sequential GETs to a local server, ${r.overhead.pairs} pairs (raw fetch and the generated client back to back, in alternating order): raw fetch ${r.overhead.raw.toFixed(1)} µs, generated client ${r.overhead.codegen.toFixed(1)} µs per request (medians); the median of the pairs' ratios is ${r.overhead.ratio.toFixed(3)}.`,
    '',
    `WebSocket, ${r.throughput.events} JSON events from a local server: raw \`ws\` ${Math.round(r.throughput.raw)} events/s, generated subscriber ${Math.round(r.throughput.codegen)} events/s.`,
    '',
    ...validationRows(r.validation),
    ...watchRows(r),
    readFileSync(path.join(here, 'levers.md'), 'utf8').trimEnd(),
    '',
  ];
  return lines.join('\n');
}

/** The watch goals: a one-operation edit, from the write to the output written. */
function watchTargets(w) {
  if (!w) return [];
  const goal = (rows, spec, seconds) => {
    const ours = rows[0];
    return `| ${spec} watch: a one-operation edit within ${seconds} s | ${ours.wall === undefined ? 'failed' : `${ours.wall.toFixed(3)} s`} | ${ours.wall !== undefined && ours.wall <= seconds ? 'yes' : 'no'} |`;
  };
  return [goal(w.golem, 'Golem', 0.15), goal(w.github, 'GitHub', 1.5)];
}

/** Watch mode side by side: each generator's own watch where it has one that watches a local file, else its full run. */
function watchRows(r) {
  if (!r.watch) return [];
  const rows = (list, edits) => {
    const ours = list[0]?.wall;
    return list.map((x) => {
      if (x.failed) return `| ${x.label} | failed: ${x.failed.replace(/\|/g, '/').slice(0, 100)} | |`;
      if (x.wall !== undefined) return `| ${x.label} | ${x.wall.toFixed(3)} | ${ratio(ours, x.wall)} |`;
      // No regeneration on a local edit: its full run after the edit stands in.
      const peer = x.label.replace(/ --watch$/, '');
      const full = edits.find((e) => e.label === `${peer}, after the edit` && !e.failed);
      return `| ${x.label}: no regeneration after a local edit; its full run instead | ${full ? full.wall.toFixed(2) : 'n/a'} | ${full ? ratio(ours, full.wall) : 'n/a'} |`;
    });
  };
  const others = (list, edits) =>
    edits
      .filter(
        (e) =>
          !e.label.startsWith('codegen') && !list.some((x) => e.label.startsWith(x.label.replace(/ --watch$/, ''))),
      )
      .map(
        (e) =>
          `| ${e.label} (no watch mode: its full run) | ${e.failed ? 'failed' : e.wall.toFixed(2)} | ${e.failed ? '' : ratio(list[0]?.wall, e.wall)} |`,
      );
  return [
    '## 7. Watch mode: a one-operation edit',
    '',
    "The same edit as above, saved while the generator stays up (`codegen run --watch`; a peer's own watch mode where it has one): seconds from the spec's write to the output written (ours: the watcher's line, printed once the last file is written; a peer's: its output files' last change). Median of the edits, each edit and its undo alternating. hey-api's watch mode supports only remote inputs (a URL), as its documentation says and as measured here, so its full run stands in.",
    '',
    '| Golem | wall (s) | ratio codegen / this |',
    '| --- | --- | --- |',
    ...rows(r.watch.golem, r.golemEdit),
    ...others(r.watch.golem, r.golemEdit),
    '',
    '| GitHub | wall (s) | ratio codegen / this |',
    '| --- | --- | --- |',
    ...rows(r.watch.github, r.githubEdit),
    ...others(r.watch.github, r.githubEdit),
    '',
  ];
}

/** Validation speed side by side (bench/validate.mjs): µs per validation of one large response. */
function validationRows(v) {
  if (!v) return [];
  return [
    '## 6. Validating a large response',
    '',
    'The same parsed JSON through the generated validator (Standard Schema `validate`), ajv (compiled, with ajv-formats) and zod 4 (`z.fromJSONSchema` of the same schema); µs per validation, median of alternating rounds.',
    '',
    '| response | items | JSON bytes | codegen | ajv | zod | codegen / ajv |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...Object.entries(v).map(
      ([spec, x]) =>
        `| ${spec} | ${x.items} | ${x.bytes} | ${x.times.codegen.toFixed(0)} | ${x.times.ajv.toFixed(0)} | ${x.times.zod.toFixed(0)} | ${ratio(x.times.codegen, x.times.ajv)} |`,
    ),
    '',
  ];
}

export function scalingChart(points) {
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
  // Labels above each point, to its right, except the last one (to its left), so all stay inside the chart.
  const dots = points
    .map((p, i) => {
      const last = i === points.length - 1;
      const lx = x(p.operations) + (last ? -6 : 6);
      return `<circle cx="${x(p.operations).toFixed(1)}" cy="${y(p.wall).toFixed(1)}" r="4"/><text x="${lx.toFixed(1)}" y="${(y(p.wall) - 10).toFixed(1)}" text-anchor="${last ? 'end' : 'start'}">${p.wall.toFixed(2)} s, ${p.rss.toFixed(0)} MiB</text>`;
    })
    .join('');
  const yTicks = [0, maxY / 2, maxY]
    .map((v) => `<text x="${pad - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toFixed(0)}</text>`)
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
<path d="${line}" fill="none" stroke="#2563eb" stroke-width="2"/><g fill="#2563eb">${dots}</g>${ticks}${yTicks}
</svg>
`;
}

if (process.argv[2]) {
  const results = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  writeFileSync(path.join(here, 'results.md'), report(results));
  writeFileSync(path.join(here, 'scaling.svg'), scalingChart(results.scaling));
}
