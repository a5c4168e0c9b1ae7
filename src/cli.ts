/** argv -> config -> pipeline -> write or check; diagnostics -> exit code. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DiagnosticError, formatDiagnostic, type Diagnostic } from './diagnostics.js';
import { closest } from './suggest.js';
import type { Int64Mode, Perspective, ResolvedConfig } from './config.js';
import type { SpecParser } from './parse/off-thread.js';
import type { PipelineResult } from './pipeline.js';
import type { PreviousOutput, WrittenFiles } from './previous.js';
import type { Plan } from './write.js';

export const EXIT = { ok: 0, diagnostics: 1, usage: 2 } as const;

const HELP = `codegen: typed TypeScript clients from OpenAPI 3 and AsyncAPI 2/3 specs

Usage:
  codegen run [options]           generate the package described by codegen.config.json
  codegen run --openapi <file> [--asyncapi <file>] --out <dir> [--name <package-name>]

Options:
  --openapi <file>    OpenAPI 3.0/3.1 spec (YAML or JSON)
  --asyncapi <file>   AsyncAPI 2.x/3.x spec (YAML or JSON)
  --overlay <file>    an OpenAPI Overlay 1.0 document applied to the OpenAPI spec (repeatable, in order)
  --perspective <side> which side the AsyncAPI document describes: server (default) or client
  --int64 <as>        what int64/uint64 integers are delivered as: bigint (default), string or number
  --out <dir>         output directory of the generated package
  --name <name>       package name (default: from the spec title)
  --config <file>     config file (default: ./codegen.config.json)
  --check             write nothing; exit 1 and list the files that differ when the output is stale
  --fresh             generate everything anew, reusing nothing from the previous output
  --report <file>     write what changed in the package's public surface as Markdown (for a PR comment)
  --fail-on-breaking  exit 1 and write nothing when a change breaks callers of the package
  --take-over         write into an output folder that holds files codegen did not write (overwrites
                      only the files it generates; never removes a file it did not write)
  --watch             stay up and regenerate whenever a spec, overlay, the config or a file the specs
                      refer to changes (Ctrl-C stops it); a spec with errors leaves the last output
  --strict            treat warnings as errors
  --typecheck         type-check the generated package with tsc --strict before writing it (slower)
  --quiet             print only errors
  -h, --help          show this help
  -v, --version       print the version

Config file (codegen.config.json, paths relative to it):
  { "openapi": "specs/api.yaml", "asyncapi": "specs/events.yaml", "out": "generated/client",
    "name": "my-client", "version": "0.1.0", "strict": false, "typecheck": false,
    "perspective": "server", "int64": "bigint", "overlays": ["specs/api.overlay.yaml"] }
Several clients: { "clients": [{ "name", "openapi", "asyncapi", "overlays", "out" }, ...], "strict": ... }
Without one, codegen reads the one *openapi* and *asyncapi* file in ./specs, with every *overlay* file there.

Exit codes: 0 success, 1 spec diagnostics or stale output (--check), 2 usage or config error.`;

/** The name of the package an earlier run wrote for this config. */
function packageNameIn(config: ResolvedConfig): string {
  let name: unknown;
  try {
    name = (JSON.parse(readText(path.join(config.root, config.out, 'package.json')) ?? '{}') as { name?: unknown })
      .name;
  } catch {
    name = undefined;
  }
  return config.name ?? (typeof name === 'string' ? name : config.out);
}

/** A file's text, or undefined when it cannot be read. */
function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  color: boolean;
}

const defaultIo = (): Io => ({
  cwd: process.cwd(),
  stdout: (t) => process.stdout.write(t + '\n'),
  stderr: (t) => process.stderr.write(t + '\n'),
  color: process.stderr.isTTY === true && !('NO_COLOR' in process.env),
});

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function paint(io: Io, code: string, text: string): string {
  return io.color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function report(io: Io, diagnostics: readonly Diagnostic[], quiet: boolean): void {
  for (const d of diagnostics) {
    if (quiet && d.severity !== 'error') continue;
    const text = formatDiagnostic(d);
    io.stderr(d.severity === 'error' ? paint(io, '31', text) : paint(io, '33', text));
  }
}

const OPTIONS = {
  openapi: { type: 'string' },
  asyncapi: { type: 'string' },
  out: { type: 'string' },
  name: { type: 'string' },
  config: { type: 'string' },
  check: { type: 'boolean' },
  fresh: { type: 'boolean' },
  strict: { type: 'boolean' },
  typecheck: { type: 'boolean' },
  perspective: { type: 'string' },
  int64: { type: 'string' },
  overlay: { type: 'string', multiple: true },
  report: { type: 'string' },
  'fail-on-breaking': { type: 'boolean' },
  'take-over': { type: 'boolean' },
  watch: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** The command line read against OPTIONS, or the usage message for what it got wrong. */
function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    const unknown = /^Unknown option '(--?[^']+)'/.exec((error as Error).message)?.[1];
    const meant = unknown?.startsWith('--') ? closest(unknown.slice(2), Object.keys(OPTIONS)) : undefined;
    const message = unknown
      ? `unknown option ${unknown}${meant ? `; did you mean --${meant}?` : ''}`
      : (error as Error).message;
    return `codegen: ${message}\nRun \`codegen --help\` for usage.`;
  }
}

type Values = Exclude<ReturnType<typeof parseCommandLine>, string>['values'];

/** What every step of a run shares: where it prints, what was asked, and how it labels a client's lines. */
interface Session {
  io: Io;
  values: Values;
  quiet: boolean;
  /** Several clients (a config with `clients`): their lines are labelled with the client. */
  several: boolean;
  /** A process that stays up (`--watch`): what it wrote to each output directory, kept for the next run. */
  memory?: Map<string, WrittenFiles>;
}

interface Generated {
  config: ResolvedConfig;
  outDir: string;
  result: PipelineResult;
  previous?: PreviousOutput;
}

/** A line about one client, labelled with it when the run has several. */
function label(session: Session, config: ResolvedConfig, line: string): string {
  return session.several ? line.replace(/^codegen: /, `codegen [${config.name ?? config.out}]: `) : line;
}

function say(session: Session, config: ResolvedConfig, line: string): void {
  session.io.stderr(label(session, config, line));
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (typeof parsed === 'string') {
    io.stderr(parsed);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (values.version) {
    io.stdout(version());
    return EXIT.ok;
  }
  if (positionals.length !== 1 || positionals[0] !== 'run') {
    io.stderr(
      `codegen: ${positionals.length === 0 ? 'missing command' : `unknown command "${positionals.join(' ')}"`}; the command is \`codegen run\`.\nRun \`codegen --help\` for usage.`,
    );
    return EXIT.usage;
  }
  const configs = await configsFor(values, io);
  if (typeof configs === 'number') return configs;
  const session: Session = { io, values, quiet: values.quiet === true, several: configs.length > 1 };
  if (values.watch) {
    if (values.check || values['fail-on-breaking']) {
      io.stderr('codegen: --watch regenerates; it does not go with --check or --fail-on-breaking.');
      return EXIT.usage;
    }
    const { watch } = await import('./watch.js');
    // The config file is an input too: each run reads it again. What a run wrote stands in for reading it back.
    let current = configs;
    const memory = new Map<string, WrittenFiles>();
    return watch({
      inputs: () => inputFiles(values, io, current),
      run: async () => {
        const next = await configsFor(values, io);
        if (typeof next === 'number') return { code: next, changes: 0, breaking: 0, written: 0 };
        current = next;
        return runAll({ ...session, quiet: true, several: next.length > 1, memory }, next);
      },
      print: (line) => io.stderr(line),
    });
  }
  return (await runAll(session, configs)).code;
}

/** The files a run reads: specs, overlays, the config file and every file the specs refer to (as last stamped). */
async function inputFiles(values: Values, io: Io, configs: ResolvedConfig[]): Promise<string[]> {
  const { readStamp } = await import('./stamp.js');
  const files = new Set<string>();
  const configFile = path.resolve(io.cwd, values.config ?? 'codegen.config.json');
  if (existsSync(configFile)) files.add(configFile);
  for (const config of configs) {
    for (const file of [config.openapi, config.asyncapi, ...config.overlays])
      if (file) files.add(path.resolve(config.root, file));
    for (const file of readStamp(path.resolve(config.root, config.out))?.referenced ?? [])
      files.add(path.resolve(config.root, file));
  }
  return [...files];
}

/** What a run did: its exit code, and what changed for callers (summed over the clients). */
export interface RunOutcome {
  code: number;
  changes: number;
  breaking: number;
  /** Files added, changed or removed in the outputs. */
  written: number;
}

/** One run over every client: generate in memory, report what changed, then write (or check). */
async function runAll(session: Session, configs: ResolvedConfig[]): Promise<RunOutcome> {
  const { io, values } = session;
  // Every client is generated in memory first (in one process: the heavy libraries load once); nothing is
  // written unless all of them succeed.
  const { generated, unchanged, failed } = await generateAll(session, configs);
  if (failed > 0) {
    const outputs = session.several ? 'no output was written' : 'nothing was written';
    io.stderr(`codegen: ${failed} error${failed === 1 ? '' : 's'}; ${outputs}.`);
    return { code: EXIT.diagnostics, changes: 0, breaking: 0, written: 0 };
  }
  const { changes, breaking } = await reportChanges(session, generated, unchanged);
  if (values['fail-on-breaking'] && breaking > 0) {
    io.stderr(
      `codegen: ${breaking} breaking change${breaking === 1 ? '' : 's'} (--fail-on-breaking); every output was left as it was.`,
    );
    return { code: EXIT.diagnostics, changes, breaking, written: 0 };
  }
  const { code, written } = await writeAll(session, generated);
  return { code, changes, breaking, written };
}

/** The configs the command line and config file describe, or the exit code of a usage or config error. */
async function configsFor(values: Values, io: Io): Promise<ResolvedConfig[] | number> {
  const { choiceProblem, resolveConfigs } = await import('./config.js');
  for (const flag of ['perspective', 'int64'] as const) {
    const problem = values[flag] === undefined ? undefined : choiceProblem(flag, values[flag]);
    if (problem) {
      io.stderr(`codegen: --${problem.replace(/"/g, '')}, not "${values[flag]}"`);
      return EXIT.usage;
    }
  }
  try {
    return resolveConfigs({
      cwd: io.cwd,
      adHoc: values.openapi !== undefined || values.asyncapi !== undefined,
      flags: {
        ...(values.openapi ? { openapi: values.openapi } : {}),
        ...(values.asyncapi ? { asyncapi: values.asyncapi } : {}),
        ...(values.out ? { out: values.out } : {}),
        ...(values.name ? { name: values.name } : {}),
        ...(values.config ? { config: values.config } : {}),
        ...(values.strict ? { strict: true } : {}),
        ...(values.typecheck ? { typecheck: true } : {}),
        ...(values.perspective ? { perspective: values.perspective as Perspective } : {}),
        ...(values.int64 ? { int64: values.int64 as Int64Mode } : {}),
        ...(values.overlay ? { overlays: values.overlay } : {}),
      },
    });
  } catch (error) {
    if (error instanceof DiagnosticError) {
      report(io, error.diagnostics, false);
      return EXIT.usage;
    }
    throw error;
  }
}

/** Generates each client in memory (or finds it up to date); counts the errors of those that failed. */
async function generateAll(
  session: Session,
  configs: ResolvedConfig[],
): Promise<{ generated: Generated[]; unchanged: ResolvedConfig[]; failed: number }> {
  const { inputFingerprint, readStamp, upToDate } = await import('./stamp.js');
  const { values, quiet } = session;
  const outcome = { generated: [] as Generated[], unchanged: [] as ResolvedConfig[], failed: 0 };
  // A one-shot run parses AsyncAPI documents on a worker thread, alongside the rest (see off-thread.ts); a
  // process that stays up parses them on its own thread, where the parser stays loaded.
  let parser: SpecParser | undefined;
  const parserForRun = async () =>
    values.watch === true
      ? undefined
      : (parser ??= (await import('./parse/off-thread.js')).offThreadParser(['asyncapi']));
  try {
    for (const config of configs) {
      const outDir = path.resolve(config.root, config.out);
      const fingerprint = inputFingerprint(config, { referenced: readStamp(outDir)?.referenced ?? [] });
      // --typecheck on the command line asks for a check now: it does not take the fast path.
      const fast = values.fresh !== true && values.typecheck !== true && fingerprint !== undefined;
      if (fast && upToDate(outDir, fingerprint, { strict: config.strict })) {
        if (!quiet) say(session, config, `codegen: ${config.out} is up to date (inputs unchanged since the last run)`);
        outcome.unchanged.push(config);
        continue;
      }
      const generated = await generateOne(session, config, outDir, await parserForRun());
      if (typeof generated === 'number') outcome.failed += generated;
      else outcome.generated.push(generated);
    }
  } finally {
    await parser?.close();
  }
  return outcome;
}

/** Runs the pipeline for one client: what it generated, or how many errors it stopped with (reported). */
async function generateOne(
  session: Session,
  config: ResolvedConfig,
  outDir: string,
  parser: SpecParser | undefined,
): Promise<Generated | number> {
  const { io, values, quiet } = session;
  const { runPipeline } = await import('./pipeline.js');
  const { readPrevious } = await import('./previous.js');
  const progress = quiet
    ? () => {}
    : (t: { stage: string; ms: number; note?: string }) =>
        io.stderr(
          paint(
            io,
            '2',
            label(
              session,
              config,
              `codegen: ${t.stage.padEnd(8)} ${Math.round(t.ms)} ms${t.note ? ` (${t.note})` : ''}`,
            ),
          ),
        );
  const previous = values.fresh === true ? undefined : readPrevious(outDir, session.memory?.get(outDir));
  try {
    const result = await runPipeline(config, {
      progress,
      ...(previous ? { previous } : {}),
      ...(parser ? { parser } : {}),
    });
    report(io, result.diagnostics, quiet);
    return { config, outDir, result, ...(previous ? { previous } : {}) };
  } catch (error) {
    if (!(error instanceof DiagnosticError)) throw error;
    report(io, error.diagnostics, quiet);
    return error.diagnostics.filter((d) => d.severity === 'error').length;
  }
}

/**
 * What changed for callers: each previous run's surface (whatever generator wrote it) against this one's,
 * printed and written as Markdown (`--report`). Returns how many changes break callers.
 */
async function reportChanges(
  session: Session,
  generated: Generated[],
  unchanged: ResolvedConfig[],
): Promise<{ changes: number; breaking: number }> {
  const reports: string[] = [];
  // Nothing generated (every output up to date): the comparison's modules (ts-morph among them) are not loaded.
  if (generated.length === 0 && !session.values.report) return { changes: 0, breaking: 0 };
  const { surfaceChanges: changesOf } = await import('./surface/compare.js');
  const { reportLines, reportMarkdown } = await import('./surface/report.js');
  const { SURFACE_FILE } = await import('./surface/model.js');
  let breaking = 0;
  let total = 0;
  for (const { config, outDir, result } of generated) {
    const compared = changesOf(readText(path.join(outDir, SURFACE_FILE)), result.files.get(SURFACE_FILE)!);
    const surfaceChanges = compared ?? [];
    breaking += surfaceChanges.filter((c) => c.breaking).length;
    total += surfaceChanges.length;
    if (surfaceChanges.length > 0 && !session.quiet)
      for (const line of reportLines(surfaceChanges)) say(session, config, `codegen: ${line}`);
    reports.push(
      compared
        ? reportMarkdown(surfaceChanges, result.packageName)
        : `## ${result.packageName}: no earlier surface to compare with (a first run, or one by an older codegen)\n`,
    );
  }
  for (const config of unchanged)
    reports.push(`## ${packageNameIn(config)}: no changes (the inputs are the same as for the last run)\n`);
  if (session.values.report) writeFileSync(path.resolve(session.io.cwd, session.values.report), reports.join('\n'));
  return { changes: total, breaking };
}

/** Plans each output (refusing one that holds files codegen did not write), then checks or writes them. */
async function writeAll(session: Session, generated: Generated[]): Promise<{ code: number; written: number }> {
  const { io, values, quiet } = session;
  const { keptNote, ownershipProblems, plan, write } = await import('./write.js');
  const plans = [];
  for (const entry of generated)
    plans.push({
      ...entry,
      changes: await plan(entry.outDir, entry.result.files, {
        ...(entry.previous ? { known: entry.previous.known } : {}),
        takeOver: values['take-over'] === true,
      }),
    });
  const refused = plans.flatMap(({ config, changes }) => ownershipProblems(config.out, changes));
  if (refused.length > 0) {
    report(io, refused, false);
    if (session.several) io.stderr('codegen: no output was written.');
    return { code: EXIT.diagnostics, written: 0 };
  }
  if (values.check) return { code: checkAll(session, plans), written: 0 };
  let written = 0;
  for (const { config, outDir, result, changes } of plans) {
    const started = performance.now();
    await write(outDir, result.files, changes);
    written += changes.added.length + changes.changed.length + changes.removed.length;
    if (session.memory) {
      const { rememberWritten } = await import('./previous.js');
      session.memory.set(outDir, rememberWritten(outDir, result.files));
    }
    if (!quiet) {
      io.stderr(
        paint(io, '2', label(session, config, `codegen: write    ${Math.round(performance.now() - started)} ms`)),
      );
      say(
        session,
        config,
        `codegen: wrote ${config.out} (${result.packageName}): ${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed, ${changes.unchanged.length} unchanged`,
      );
      for (const note of result.notes) say(session, config, `codegen: ${note}`);
      if (changes.kept.length > 0) say(session, config, `codegen: ${keptNote(changes.kept)}`);
    }
  }
  return { code: EXIT.ok, written };
}

/** `--check`: lists what a run would change in each output; exit 1 when any is stale. */
function checkAll(session: Session, plans: (Generated & { changes: Plan })[]): number {
  const { io, quiet } = session;
  let staleClients = 0;
  for (const { config, result, changes } of plans) {
    const stale = changes.added.length + changes.changed.length + changes.removed.length;
    if (stale === 0) {
      if (!quiet) say(session, config, `codegen: ${config.out} is up to date (${result.files.size} files)`);
    } else {
      staleClients++;
      say(
        session,
        config,
        `codegen: ${config.out} is stale; \`codegen run\` would change ${stale} file${stale === 1 ? '' : 's'}:`,
      );
      for (const f of changes.added) io.stderr(`  added    ${f}`);
      for (const f of changes.changed) io.stderr(`  changed  ${f}`);
      for (const f of changes.removed) io.stderr(`  removed  ${f}`);
    }
    if (!quiet) for (const f of changes.kept) io.stderr(`  kept     ${f} (not written by codegen; left as it is)`);
  }
  return staleClients > 0 ? EXIT.diagnostics : EXIT.ok;
}
