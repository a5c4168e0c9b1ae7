/**
 * The user's configuration: `codegen.config.json` in the current directory, command-line flags on top,
 * built-in defaults under both. Paths in the file are relative to the file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseJson, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { diagnostic, DiagnosticError, type Diagnostic } from './diagnostics.js';
import { closest } from './suggest.js';

export const CONFIG_FILE = 'codegen.config.json';

export interface UserConfig {
  openapi?: string;
  asyncapi?: string;
  out?: string;
  name?: string;
  version?: string;
  strict?: boolean;
  typecheck?: boolean;
  /** Which side the AsyncAPI document describes: `server` (default: what it sends, the client receives) or `client`. */
  perspective?: Perspective;
  /** What `int64`/`uint64` integers are delivered as: `bigint` (default, exact), `string` (exact) or `number`. */
  int64?: Int64Mode;
  /** Overlay documents (OpenAPI Overlay 1.0) applied in order to the OpenAPI spec before it is parsed. */
  overlays?: string[];
  /** MSW request handlers in `<package>/mocks` (msw becomes an optional peer dependency of the package). */
  mocks?: boolean;
  /** Several clients in one run: each its own specs, overlays, output and name. */
  clients?: ClientEntry[];
}

export type ClientEntry = Pick<
  UserConfig,
  'openapi' | 'asyncapi' | 'overlays' | 'out' | 'name' | 'version' | 'perspective' | 'int64'
>;

export type Perspective = 'server' | 'client';
export type Int64Mode = 'bigint' | 'string' | 'number';

/** The fields that take one of a few words, with what each means for the message. */
const CHOICES: Partial<Record<keyof UserConfig, { values: readonly string[]; what: string }>> = {
  perspective: { values: ['server', 'client'], what: 'which side the AsyncAPI document describes' },
  int64: { values: ['bigint', 'string', 'number'], what: 'what int64/uint64 integers are delivered as' },
};

/** The message for a value that is not one of a field's choices, or undefined when it is. */
export function choiceProblem(field: keyof UserConfig, value: unknown): string | undefined {
  const choice = CHOICES[field];
  if (!choice || choice.values.includes(value as string)) return undefined;
  const list = choice.values.map((v) => `"${v}"`);
  return `"${field}" must be ${list.slice(0, -1).join(', ')} or ${list[list.length - 1]} (${choice.what})`;
}

export interface ResolvedConfig {
  /** Directory paths are shown relative to (the config file's, or the current one). */
  root: string;
  openapi?: string;
  asyncapi?: string;
  out: string;
  name?: string;
  version: string;
  strict: boolean;
  typecheck: boolean;
  perspective: Perspective;
  int64: Int64Mode;
  /** Relative to root, in the order they apply. */
  overlays: string[];
  mocks: boolean;
}

const FIELDS: Record<keyof UserConfig, 'string' | 'boolean' | 'string[]' | 'clients'> = {
  openapi: 'string',
  asyncapi: 'string',
  out: 'string',
  name: 'string',
  version: 'string',
  strict: 'boolean',
  typecheck: 'boolean',
  perspective: 'string',
  int64: 'string',
  overlays: 'string[]',
  mocks: 'boolean',
  clients: 'clients',
};

function configError(message: string, file?: string, pointer?: string, hint?: string): DiagnosticError {
  // Without a config file in play, the catalog's hint ("Fix codegen.config.json") would mislead.
  const help = hint
    ? { help: hint }
    : file
      ? {}
      : { help: 'Run `codegen --help` for the options and the config file format.' };
  return new DiagnosticError([
    diagnostic({ code: 'CG020', message, ...(file ? { file } : {}), ...(pointer ? { pointer } : {}), ...help }),
  ]);
}

/** The config file's JSON, or a CG020 at the line and column of its first syntax error. */
function readJson(file: string): unknown {
  const name = path.basename(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw configError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, name);
  }
  const errors: ParseError[] = [];
  const data: unknown = parseJson(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first === undefined) return data;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const col = first.offset - before.lastIndexOf('\n');
  throw new DiagnosticError([
    diagnostic({
      code: 'CG020',
      message: `${name} is not valid JSON: ${syntaxMessage(printParseErrorCode(first.error))}`,
      file: name,
      line,
      col,
    }),
  ]);
}

/** `PropertyNameExpected` -> `property name expected`. */
const syntaxMessage = (code: string) => code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

export function readConfigFile(file: string): UserConfig {
  const data = readJson(file);
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw configError('the config must be a JSON object', path.basename(file));
  const problems: Diagnostic[] = [];
  const problem = (message: string, pointer: string) =>
    problems.push(diagnostic({ code: 'CG020', message, file: path.basename(file), pointer }));
  const check = (object: Record<string, unknown>, prefix: string, allowed: readonly string[]) => {
    for (const [key, value] of Object.entries(object)) {
      const expected = FIELDS[key as keyof UserConfig];
      const pointer = `${prefix}/${key}`;
      if (key === '$schema' && prefix === '') continue;
      if (!expected || !allowed.includes(key)) {
        const meant = closest(key, allowed);
        problem(
          `unknown field "${key}"${meant ? `; did you mean "${meant}"?` : ''} (known: ${allowed.join(', ')})`,
          pointer,
        );
      } else if (expected === 'clients') {
        if (!Array.isArray(value) || value.length === 0)
          problem('"clients" must be a non-empty list of clients', pointer);
        else
          value.forEach((entry, i) =>
            typeof entry === 'object' && entry !== null && !Array.isArray(entry)
              ? check(entry as Record<string, unknown>, `${pointer}/${i}`, CLIENT_FIELDS)
              : problem('each client is an object with its specs, "out" and "name"', `${pointer}/${i}`),
          );
      } else if (choiceProblem(key as keyof UserConfig, value)) {
        problem(choiceProblem(key as keyof UserConfig, value)!, pointer);
      } else if (
        expected === 'string[]'
          ? !Array.isArray(value) || value.some((v) => typeof v !== 'string')
          : typeof value !== expected
      ) {
        problem(
          expected === 'string[]' ? `"${key}" must be a list of paths` : `"${key}" must be a ${expected}`,
          pointer,
        );
      }
    }
  };
  check(data as Record<string, unknown>, '', Object.keys(FIELDS));
  if (problems.length > 0) throw new DiagnosticError(problems);
  return data as UserConfig;
}

/** The spec-like files (YAML or JSON) in `specs/`, sorted. */
function specFiles(root: string): string[] {
  const dir = path.join(root, 'specs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .sort();
}

/** With no config and no flags: the one `*openapi*` and `*asyncapi*` file in `specs/` (overlays aside). */
function discover(root: string, kind: 'openapi' | 'asyncapi'): string | undefined {
  const matches = specFiles(root).filter((f) => f.toLowerCase().includes(kind) && !isOverlayName(f));
  return matches.length === 1 ? `specs/${matches[0]}` : undefined;
}

/** With no config: every `*overlay*` file in `specs/`, applied in name order. */
function discoverOverlays(root: string): string[] {
  return specFiles(root)
    .filter(isOverlayName)
    .map((f) => `specs/${f}`);
}

const isOverlayName = (file: string) => file.toLowerCase().includes('overlay');

interface ConfigInput {
  cwd: string;
  flags: UserConfig & { config?: string };
  adHoc: boolean;
}

/** The config file (when there is one and the run is not ad hoc) and the directory paths are relative to. */
function configSource(input: ConfigInput): { fromFile: UserConfig; root: string; file?: string } {
  const { cwd, flags } = input;
  const configPath = flags.config ? path.resolve(cwd, flags.config) : path.join(cwd, CONFIG_FILE);
  if (flags.config && !existsSync(configPath)) throw configError(`config file not found: ${flags.config}`);
  if (input.adHoc || !existsSync(configPath)) return { fromFile: {}, root: cwd };
  return { fromFile: readConfigFile(configPath), root: path.dirname(configPath), file: path.basename(configPath) };
}

/** A config of one client. With a `clients` list in the config file, use `resolveConfigs`. */
export function resolveConfig(input: ConfigInput): ResolvedConfig {
  const { fromFile, root } = configSource(input);
  return resolveWith(input, fromFile, root);
}

/** The fields a client of a `clients` list sets for itself; the others are shared by all clients. */
const CLIENT_FIELDS = ['openapi', 'asyncapi', 'overlays', 'out', 'name', 'version', 'perspective', 'int64'] as const;

/**
 * Every client the run generates: the one the flags or the config file describe, or each of the config
 * file's `clients` (each with its specs, overlays, output and name; the file's other fields apply to all).
 */
export function resolveConfigs(input: ConfigInput): ResolvedConfig[] {
  const { fromFile, root, file } = configSource(input);
  const configs = resolveClients(input, { fromFile, root, file });
  configs.forEach((config, i) => checkOutput(config, file, fromFile.clients ? `/clients/${i}/out` : '/out'));
  return configs;
}

/**
 * The output folder is codegen's: one that is or holds an input (a spec, an overlay, the config file) would
 * put the user's own files under it, so it is refused before anything is read.
 */
function checkOutput(config: ResolvedConfig, configFile: string | undefined, pointer: string): void {
  const out = path.resolve(config.root, config.out);
  const inputs = [configFile, config.openapi, config.asyncapi, ...config.overlays].filter(
    (p): p is string => p !== undefined,
  );
  const inside = inputs.find((p) => {
    const rel = path.relative(out, path.resolve(config.root, p));
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
  if (inside === undefined) return;
  throw configError(
    `the output folder "${config.out}" holds ${inside === configFile ? 'the config file' : 'an input'}, ${inside}: codegen owns the folder it writes`,
    configFile,
    configFile ? pointer : undefined,
    'Give "out" (or --out) a folder of its own for the generated package, such as "generated/client", beside the specs rather than above them.',
  );
}

function resolveClients(
  input: ConfigInput,
  { fromFile, root, file }: { fromFile: UserConfig; root: string; file?: string | undefined },
): ResolvedConfig[] {
  if (!fromFile.clients) return [resolveWith(input, fromFile, root)];
  const { clients, ...shared } = fromFile;
  const misplaced = CLIENT_FIELDS.filter((f) => f in shared && f !== 'version' && f !== 'perspective' && f !== 'int64');
  if (misplaced.length > 0)
    throw configError(
      `with "clients", put ${misplaced.map((f) => `"${f}"`).join(', ')} in each client`,
      file,
      `/${misplaced[0]}`,
    );
  const configs = clients.map((entry) =>
    resolveWith({ ...input, flags: pickShared(input.flags) }, { ...shared, ...entry }, root),
  );
  const outs = configs.map((c) => c.out);
  const twice = outs.find((out, i) => outs.indexOf(out) !== i);
  if (twice) throw configError(`two clients write to "${twice}": give each its own "out"`, file, '/clients');
  return configs;
}

/** Flags that apply to every client of a `clients` list (the per-client ones belong in the config file). */
function pickShared(flags: ConfigInput['flags']): ConfigInput['flags'] {
  const { strict, typecheck, config } = flags;
  return {
    ...(strict === undefined ? {} : { strict }),
    ...(typecheck === undefined ? {} : { typecheck }),
    ...(config === undefined ? {} : { config }),
  };
}

function resolveWith(input: ConfigInput, fromFile: UserConfig, root: string): ResolvedConfig {
  const { cwd, flags } = input;
  // Flags are relative to the current directory; make them relative to root.
  const flagPath = (p: string | undefined) =>
    p === undefined ? undefined : path.relative(root, path.resolve(cwd, p)) || '.';
  const openapi = flagPath(flags.openapi) ?? fromFile.openapi ?? (input.adHoc ? undefined : discover(root, 'openapi'));
  const asyncapi =
    flagPath(flags.asyncapi) ?? fromFile.asyncapi ?? (input.adHoc ? undefined : discover(root, 'asyncapi'));
  if (!openapi && !asyncapi) {
    throw configError(
      input.adHoc
        ? 'give --openapi <file>, --asyncapi <file> or both'
        : `no spec to read: add "openapi"/"asyncapi" to ${CONFIG_FILE}, put one *openapi*.yaml and/or *asyncapi*.yaml in specs/, or pass --openapi/--asyncapi`,
    );
  }
  const out = flagPath(flags.out) ?? fromFile.out;
  if (input.adHoc && !out) throw configError('--out <dir> is required with --openapi/--asyncapi');
  return {
    root,
    ...(openapi ? { openapi: toPosix(openapi) } : {}),
    ...(asyncapi ? { asyncapi: toPosix(asyncapi) } : {}),
    out: toPosix(out ?? 'generated/client'),
    ...((flags.name ?? fromFile.name) ? { name: flags.name ?? fromFile.name } : {}),
    version: flags.version ?? fromFile.version ?? '0.1.0',
    strict: flags.strict ?? fromFile.strict ?? false,
    typecheck: flags.typecheck ?? fromFile.typecheck ?? false,
    perspective: flags.perspective ?? fromFile.perspective ?? 'server',
    int64: flags.int64 ?? fromFile.int64 ?? 'bigint',
    mocks: flags.mocks ?? fromFile.mocks ?? false,
    overlays: (
      flags.overlays?.map((o) => flagPath(o)!) ??
      fromFile.overlays ??
      // Discovered overlays go with a discovered OpenAPI spec: the folder is read as it is.
      (!input.adHoc && !fromFile.openapi && !flags.openapi && openapi ? discoverOverlays(root) : [])
    ).map(toPosix),
  };
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
