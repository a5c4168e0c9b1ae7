/**
 * Emitting, formatting and compiling with the previous output as a cache (see ../previous.ts): a file whose
 * emitter reads exactly what it read last time is taken as it was, without printing it; only the parts
 * whose unformatted text changed go through prettier; only the source files whose formatted text changed
 * go through the compiler. What is reused is, byte for byte, what doing the work again would give.
 */
import { formatTypeScript } from '../format.js';
import type { PreviousOutput } from '../previous.js';
import { textKey, type PartStamp } from '../stamp.js';
import { compilePackage, distBase, distFiles, isDeclarationFile, typeErrors, type CompileResult } from './compile.js';
import { FINAL_CLOSE, FINAL_OPEN } from './context.js';

export interface ReuseCounts {
  done: number;
  reused: number;
}

export interface FormattedFiles {
  texts: Map<string, string>;
  /** What the stamp records of each file's parts, for the next run. */
  parts: Map<string, PartStamp[]>;
  counts: ReuseCounts;
}

export interface TakenFiles {
  /** The formatted text of each file taken from the previous output. */
  texts: Map<string, string>;
  parts: Map<string, PartStamp[]>;
  /** The files of the modules shipped as JavaScript that were taken (src/ and dist/, see keyed.ts). */
  javascript: Map<string, string>;
  /** The key of what each keyed file's emitter reads, for the stamp (taken or not). */
  keys: Map<string, string>;
  counts: ReuseCounts;
}

/** The files a module shipped as JavaScript is written as, for its TypeScript path `src/<name>.ts`. */
export function javaScriptFiles(file: string): string[] {
  const src = file.replace(/\.ts$/, '');
  const dist = distBase(file);
  return [`${src}.js`, `${src}.d.ts`, `${dist}.js`, `${dist}.d.ts`];
}

/**
 * `take(file, inputs)` is true when the previous run recorded the same key for `file` (a hash of `inputs`,
 * everything its emitter reads) and the file is still as written; the caller then does not emit it. A module
 * shipped as JavaScript is taken as its JavaScript and declarations, unless the run type-checks (`keepTypeScript`):
 * its TypeScript, which the check needs, is not in the output.
 */
export function fileTaker(
  previous: PreviousOutput | undefined,
  options: { keepTypeScript?: boolean } = {},
): {
  taken: TakenFiles;
  take: (file: string, inputs: unknown, shipped?: { javascript?: true }) => boolean;
} {
  const taken: TakenFiles = {
    texts: new Map(),
    parts: new Map(),
    javascript: new Map(),
    keys: new Map(),
    counts: { done: 0, reused: 0 },
  };
  const take = (file: string, inputs: unknown, shipped: { javascript?: true } = {}): boolean => {
    const key = textKey(JSON.stringify(inputs));
    taken.keys.set(file, key);
    const same = previous?.emitKey(file) === key;
    if (shipped.javascript) {
      const files = same && !options.keepTypeScript ? javaScriptFiles(file) : [];
      const texts = files.map((f) => previous!.text(f));
      if (files.length === 0 || texts.some((t) => t === undefined)) {
        taken.counts.done++;
        return false;
      }
      files.forEach((f, i) => taken.javascript.set(f, texts[i]!));
      taken.counts.reused++;
      return true;
    }
    const parts = same ? previous!.parts(file) : undefined;
    const text = parts && previous!.text(file);
    if (!parts || text === undefined) {
      taken.counts.done++;
      return false;
    }
    taken.texts.set(file, text);
    taken.parts.set(file, [...parts]);
    taken.counts.reused++;
    return true;
  };
  return { taken, take };
}

/** The previous run's formatted parts of `file`, by the hash of the unformatted text each was made from. */
function previousParts(file: string, previous: PreviousOutput | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const stamps = previous?.parts(file);
  const text = stamps && previous!.text(file);
  if (!stamps || text === undefined) return out;
  // The parts were joined with a newline; lengths that do not add up mean the stamp does not describe the file.
  if (stamps.reduce((sum, s) => sum + s.length, stamps.length - 1) !== text.length) return out;
  let at = 0;
  for (const stamp of stamps) {
    out.set(stamp.raw, text.slice(at, at + stamp.length));
    at += stamp.length + 1;
  }
  return out;
}

/** Formats each file from its unformatted parts (in order), reusing every part the previous run formatted. */
export async function formatReusing(
  files: Map<string, string[]>,
  previous: PreviousOutput | undefined,
  /**
   * Files not formatted: the modules shipped as JavaScript (see keyed.ts), whose TypeScript only the check
   * reads and whose JavaScript the compiler or the emitter prints. Their texts are taken as they are, and
   * their parts are not recorded.
   */
  unformatted: ReadonlySet<string> = new Set(),
): Promise<FormattedFiles> {
  const texts = new Map<string, string>();
  const parts = new Map<string, PartStamp[]>();
  const counts: ReuseCounts = { done: 0, reused: 0 };
  for (const [file, raws] of files) {
    const earlier = previousParts(file, previous);
    const formatted: string[] = [];
    const stamps: PartStamp[] = [];
    for (const raw of raws) {
      if (unformatted.has(file)) {
        formatted.push(raw.replace(FINAL_MARKS, ''));
        continue;
      }
      const hash = textKey(raw);
      let text = earlier.get(hash);
      if (text === undefined) {
        text = await formatPart(raw, file);
        counts.done++;
      } else counts.reused++;
      formatted.push(text);
      stamps.push({ raw: hash, length: text.length });
    }
    texts.set(file, formatted.join('\n'));
    // An unformatted file is not in the output as TypeScript: no parts to reuse.
    if (!unformatted.has(file)) parts.set(file, stamps);
  }
  return { texts, parts, counts };
}

/** A run of final texts (separated by the line break that joins a part's declarations). */
const FINAL_RUN = new RegExp(
  `${FINAL_OPEN}[^${FINAL_CLOSE}]*${FINAL_CLOSE}(?:\\n${FINAL_OPEN}[^${FINAL_CLOSE}]*${FINAL_CLOSE})*`,
  'g',
);
const FINAL_MARKS = new RegExp(`[${FINAL_OPEN}${FINAL_CLOSE}]`, 'g');
/** The line that stands for the k-th run of final texts while prettier formats the code around it. */
const placeholder = (k: number): string => `//${FINAL_OPEN}${k}\n`;
const PLACEHOLDER = new RegExp(`^//${FINAL_OPEN}(\\d+)\\n`, 'gm');

/**
 * A part formatted: prettier formats its code, its declarations printed in final form are taken as they are.
 * The code is formatted in one call (a call has a fixed cost of about 0.7 ms, which a part cut into a
 * thousand pieces would pay a thousand times), each run of final texts standing in it as a comment line of
 * its own; declarations are separated by one blank line, before and after formatting alike, so the runs go
 * back where their comments are and the part reads as prettier would have formatted it whole.
 */
async function formatPart(raw: string, file: string): Promise<string> {
  if (!raw.includes(FINAL_OPEN)) return formatTypeScript(raw, file);
  const runs: string[] = [];
  const code = raw.replace(FINAL_RUN, (run) => placeholder(runs.push(run.replace(FINAL_MARKS, '')) - 1));
  // Nothing but final texts: nothing to format.
  if (code.replace(PLACEHOLDER, '').trim() === '') return runs.join('\n');
  return (await formatTypeScript(code, file)).replace(PLACEHOLDER, (_, k: string) => runs[Number(k)]!);
}

/**
 * Compiles the package, reusing dist/ files whose source is unchanged (each file is compiled on its own).
 * With `typecheck`, the whole package is type-checked first: that looks at every file, so it is never reused.
 */
export function compileReusing(
  sources: Map<string, string>,
  options: {
    typecheck: boolean;
    /** Modules type-checked with the package (under `typecheck`) and not compiled: not part of it. */
    checks?: ReadonlyMap<string, string>;
    /** Where the package is written: the check resolves the packages it imports from there (see typeErrors). */
    packageDir?: string;
    previous: PreviousOutput | undefined;
    /** dist/ files their emitter printed with the source (see printed.ts): taken as they are. */
    printed?: ReadonlyMap<string, string>;
  },
): CompileResult & { counts: ReuseCounts } {
  const { previous } = options;
  if (options.typecheck) {
    const errors = typeErrors(new Map([...sources, ...(options.checks ?? [])]), options.packageDir);
    if (errors.length > 0) return { outputs: new Map(), errors, counts: { done: 0, reused: 0 } };
  }
  const outputs = new Map<string, string>();
  const fresh = new Map<string, string>();
  const reusable = previous?.compile === 'transpile';
  const counts = { done: 0, reused: 0 };
  for (const [path, text] of sources) {
    if (!path.endsWith('.ts')) continue;
    // A declaration file is its dist/ file as it is: nothing to compile or reuse.
    if (isDeclarationFile(path)) {
      outputs.set(distFiles(path)[0]!, text);
      continue;
    }
    const targets = distFiles(path);
    // A printed file is neither compiled nor reused.
    const printed = targets.map((file) => options.printed?.get(file));
    const earlier = reusable && previous.text(path) === text ? targets.map((file) => previous.text(file)) : [undefined];
    const taken = printed.every((t) => t !== undefined) ? printed : earlier;
    if (taken.every((t) => t !== undefined)) {
      targets.forEach((file, i) => outputs.set(file, taken[i]!));
      if (taken === earlier) counts.reused++;
    } else fresh.set(path, text);
  }
  counts.done = fresh.size;
  if (fresh.size === 0) return { outputs, errors: [], counts };
  const compiled = compilePackage(fresh);
  for (const [path, text] of compiled.outputs) outputs.set(path, text);
  return { outputs, errors: compiled.errors, counts };
}
