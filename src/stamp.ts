/**
 * The no-op fast path. `codegen.stamp.json` in the output records a fingerprint of everything the output
 * depends on (the spec files, the config, the generator's own code, templates and formatter/compiler
 * versions) and a hash of every generated file. When the fingerprint matches and every file on disk is
 * still as generated, `codegen run` and `--check` are done without loading the parsers or ts-morph.
 * The stamp also records what lets a run after an edit reuse the committed output (see previous.ts): the
 * generator's own fingerprint, the hash of the unformatted text of every formatted part, and how dist/ was
 * compiled. Only node: built-ins are imported here.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareCodeUnits } from './compare.js';
import type { ResolvedConfig } from './config.js';

export const STAMP_FILE = 'codegen.stamp.json';

const toolRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The SHA-256 of a text's UTF-16 code units: for keys that are compared only with keys made the same way (what
 * an emitter read, a part before formatting), never with a file's bytes. A string hashed as UTF-8 is encoded
 * first; as UTF-16 it is copied, or not even that.
 */
export function textKey(text: string): string {
  return createHash('sha256').update(text, 'utf16le').digest('hex');
}

/**
 * `textKey` of texts one after another, each ended by a line break (which none may hold: JSON text as
 * `JSON.stringify` writes it). A large value hashed item by item never becomes one large text: V8 builds
 * `JSON.stringify`'s result in pieces and joins them on first use (GitHub's schemas, 7.4 MB of JSON: hashed in
 * 51 ms the first time, 9 ms the second).
 */
export function textsKey(texts: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text, 'utf16le').update('\n', 'utf16le');
  return hash.digest('hex');
}

function filesUnder(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: false })
    .map(String)
    .filter((f) => f.endsWith(suffix) && !f.endsWith('.test.ts'))
    .sort();
}

/** A dependency's package.json: in codegen's own node_modules, or in a project's that installed codegen. */
function installedManifest(pkg: string): string | undefined {
  for (let dir = toolRoot; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', pkg, 'package.json');
    if (existsSync(manifest)) return manifest;
    if (path.dirname(dir) === dir) return undefined;
  }
}

let toolHash: string | undefined;
/**
 * The generator itself: its sources (or, in an installed copy without them, its compiled code), runtime
 * templates, and the versions of what parses, formats and compiles. Sources rather than dist/, so that a
 * stale file left in dist/ cannot make two checkouts of the same commit disagree.
 */
export function generatorFingerprint(): string {
  if (toolHash) return toolHash;
  const hash = createHash('sha256');
  const code = existsSync(path.join(toolRoot, 'src')) ? ['src', '.ts'] : ['dist', '.js'];
  for (const [dir, suffix] of [code, ['templates/runtime', '.ts']] as const) {
    const abs = path.join(toolRoot, dir);
    for (const file of filesUnder(abs, suffix))
      hash.update(`${dir}/${file.split(path.sep).join('/')}\0`).update(readFileSync(path.join(abs, file)));
  }
  for (const pkg of [
    'prettier',
    'ts-morph',
    '@ts-morph/common',
    'typescript',
    'oxc-transform',
    '@apidevtools/swagger-parser',
    '@asyncapi/parser',
    'yaml',
  ]) {
    const manifest = installedManifest(pkg);
    if (manifest)
      hash.update(`${pkg}@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}\0`);
  }
  return (toolHash = hash.digest('hex'));
}

/**
 * Fingerprint of the inputs: the generator, the settings, the specs, their overlays and the files their `$ref`s reach
 * (`referenced`, relative to the config's directory, as the stamp records them); undefined when one cannot
 * be read (the full run reports it). The pipeline passes the hashes of the spec texts it has already loaded.
 */
export function inputFingerprint(
  config: ResolvedConfig,
  inputs: { loaded?: ReadonlyMap<string, string>; referenced: readonly string[] },
): string | undefined {
  const hash = createHash('sha256').update(generatorFingerprint());
  // `strict` and `typecheck` check the output and never change it: they are not inputs.
  const { root, strict, typecheck, ...settings } = config;
  hash.update(JSON.stringify(settings));
  for (const spec of [config.openapi, config.asyncapi, ...config.overlays]) {
    if (spec === undefined) continue;
    try {
      // Each spec by the hash of its bytes (the run's, as loaded; else read now).
      hash.update(inputs.loaded?.get(spec) ?? sha256(readFileSync(path.resolve(root, spec))));
    } catch {
      return undefined;
    }
  }
  for (const file of inputs.referenced) {
    try {
      hash.update(`\0${file}\0`).update(readFileSync(path.resolve(root, file)));
    } catch {
      return undefined;
    }
  }
  return hash.digest('hex');
}

/** One part of a formatted source file: the hash of its unformatted text and the length of its formatted text. */
export interface PartStamp {
  raw: string;
  length: number;
}

export type CompileMode = 'transpile' | 'typecheck';

export interface Stamp {
  fingerprint: string;
  /** The generator that wrote the output: only its own output is reused. */
  generator: string;
  compile: CompileMode;
  files: Record<string, string>;
  /** For each formatted source file, the parts it was formatted from, in order (joined by a newline). */
  parts: Record<string, PartStamp[]>;
  /** The files the specs' `$ref`s reach, relative to the config's directory: inputs too. */
  referenced: string[];
  /** For the files emitted whole from a known part of the IR, the hash of that part (see emit/reuse.ts). */
  emitted: Record<string, string>;
  /** How many warnings the inputs gave: with some, a `--strict` run cannot take the no-op fast path. */
  warnings?: number;
}

export function stampText(input: {
  fingerprint: string;
  referenced: string[];
  compile: CompileMode;
  warnings: number;
  files: Map<string, string>;
  parts: Map<string, PartStamp[]>;
  emitted: Map<string, string>;
  sources: string[];
  /** A hash already known for a file's text (the previous stamp's, for a file that did not change). */
  knownHash?: ((file: string, text: string) => string | undefined) | undefined;
}): string {
  const hashes = Object.fromEntries(
    [...input.files]
      .filter(([f]) => f !== STAMP_FILE)
      .map(([f, text]) => [f, input.knownHash?.(f, text) ?? sha256(text)]),
  );
  const banner = `Generated by codegen from ${input.sources.join(' and ')}. Do not edit: the fingerprint of the inputs and the hash of every file, for the no-op fast path and for reuse after an edit.`;
  const stamp: Stamp = {
    fingerprint: input.fingerprint,
    generator: generatorFingerprint(),
    compile: input.compile,
    warnings: input.warnings,
    files: hashes,
    parts: Object.fromEntries([...input.parts].sort(([a], [b]) => compareCodeUnits(a, b))),
    referenced: input.referenced,
    emitted: Object.fromEntries([...input.emitted].sort(([a], [b]) => compareCodeUnits(a, b))),
  };
  return JSON.stringify({ '//': banner, ...stamp }, null, 2) + '\n';
}

/** The stamp in `outDir`, or undefined when there is none or it is not one this generator can read. */
export function readStamp(outDir: string): Stamp | undefined {
  try {
    return parseStamp(readFileSync(path.join(outDir, STAMP_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/** A stamp's text read, or undefined when it is not one this generator can read. */
export function parseStamp(text: string): Stamp | undefined {
  try {
    const stamp = JSON.parse(text) as Partial<Stamp>;
    const valid =
      typeof stamp.fingerprint === 'string' &&
      typeof stamp.generator === 'string' &&
      (stamp.compile === 'transpile' || stamp.compile === 'typecheck') &&
      typeof stamp.files === 'object' &&
      stamp.files !== null &&
      typeof stamp.parts === 'object' &&
      stamp.parts !== null &&
      typeof stamp.emitted === 'object' &&
      stamp.emitted !== null &&
      Array.isArray(stamp.referenced) &&
      stamp.referenced.every((file) => typeof file === 'string');
    return valid ? (stamp as Stamp) : undefined;
  } catch {
    return undefined;
  }
}

/** The hash a stamp records of a file; undefined when it lists no such file. */
export function stampedHash(stamp: Stamp, file: string): string | undefined {
  return Object.hasOwn(stamp.files, file) ? stamp.files[file] : undefined;
}

/**
 * True when the output on disk is exactly what these inputs produced last time: every file the stamp lists
 * is there with its hash. Files that codegen did not write may sit beside them; it leaves them alone.
 */
export function upToDate(outDir: string, fingerprint: string, options: { strict?: boolean } = {}): boolean {
  const stamp = readStamp(outDir);
  if (stamp?.fingerprint !== fingerprint) return false;
  // The warnings of the inputs are errors under --strict: the full run reports them.
  if (options.strict && stamp.warnings !== 0) return false;
  for (const [file, hash] of Object.entries(stamp.files)) {
    try {
      if (sha256(readFileSync(path.join(outDir, file))) !== hash) return false;
    } catch {
      return false;
    }
  }
  return true;
}
