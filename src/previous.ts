/**
 * The committed output as the cache of the next run. After a spec edit most of what the last run formatted
 * and compiled is still right: a part whose unformatted text is the same formats to the same text, and a
 * source file whose formatted text is the same compiles to the same JavaScript and declarations. Both are
 * read back from the output directory, each file checked against its hash in the stamp (a hand-edited or
 * missing file is made again), and only from output that this very generator wrote. Nothing is kept outside
 * the output directory, so a fresh clone that regenerates gets the same reuse as the author's machine.
 *
 * A process that stays up (`--watch`) also remembers what it wrote: a file whose size and modification time
 * are still those it left is taken from memory, neither read nor hashed again.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  generatorFingerprint,
  parseStamp,
  readStamp,
  sha256,
  stampedHash,
  STAMP_FILE,
  type CompileMode,
  type PartStamp,
} from './stamp.js';

export interface PreviousOutput {
  /** How the previous run compiled dist/. */
  compile: CompileMode;
  /** The parts a formatted source file was made from, as the stamp recorded them. */
  parts(file: string): readonly PartStamp[] | undefined;
  /** The key of what the file's emitter read, as the stamp recorded it. */
  emitKey(file: string): string | undefined;
  /** The file as the previous run wrote it; undefined when it is missing or was changed since. */
  text(file: string): string | undefined;
  /** The text of a file already read (and checked) through `text`, or remembered, without reading anything new. */
  known(file: string): string | undefined;
  /** The stamp's hash of a file already read, when `text` is still its text: no need to hash it again. */
  hashOf(file: string, text: string): string | undefined;
}

/** A file as this process wrote it: its text and hash, and the size and modification time it had then. */
export interface WrittenFile {
  text: string;
  hash: string;
  size: number;
  mtimeMs: number;
}

/** What this process wrote to an output directory, by file, to stand in for reading it back. */
export type WrittenFiles = ReadonlyMap<string, WrittenFile>;

/** The files just written to `outDir` (the stamp among them, with their hashes), remembered with their stats. */
export function rememberWritten(outDir: string, files: ReadonlyMap<string, string>): WrittenFiles {
  const stampText = files.get(STAMP_FILE);
  const stamp = stampText === undefined ? undefined : parseStamp(stampText);
  const written = new Map<string, WrittenFile>();
  if (!stamp) return written;
  for (const [file, text] of files) {
    const hash = stampedHash(stamp, file);
    if (hash === undefined) continue;
    try {
      const { size, mtimeMs } = statSync(path.join(outDir, file));
      written.set(file, { text, hash, size, mtimeMs });
    } catch {
      // Not there: read from disk next time (and found missing).
    }
  }
  return written;
}

export function readPrevious(outDir: string, written?: WrittenFiles): PreviousOutput | undefined {
  const stamp = readStamp(outDir);
  if (!stamp || stamp.generator !== generatorFingerprint()) return undefined;
  const texts = new Map<string, string | undefined>();
  const hashIn = (file: string): string | undefined => stampedHash(stamp, file);
  /** The remembered text of a file that is, by its stamp hash, size and time, still what this process wrote. */
  const recall = (file: string, hash: string): string | undefined => {
    const entry = written?.get(file);
    if (!entry || entry.hash !== hash) return undefined;
    try {
      const { size, mtimeMs } = statSync(path.join(outDir, file));
      return size === entry.size && mtimeMs === entry.mtimeMs ? entry.text : undefined;
    } catch {
      return undefined;
    }
  };
  const read = (file: string): string | undefined => {
    const hash = hashIn(file);
    if (hash === undefined) return undefined;
    const remembered = recall(file, hash);
    if (remembered !== undefined) return remembered;
    try {
      const bytes = readFileSync(path.join(outDir, file));
      return sha256(bytes) === hash ? bytes.toString('utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  const known = (file: string): string | undefined => {
    if (texts.has(file)) return texts.get(file);
    // A file this process wrote and that is as it left it: known without reading it.
    const hash = hashIn(file);
    const remembered = hash === undefined ? undefined : recall(file, hash);
    if (remembered !== undefined) texts.set(file, remembered);
    return remembered;
  };
  return {
    compile: stamp.compile,
    parts: (file) => (Object.hasOwn(stamp.parts, file) ? stamp.parts[file] : undefined),
    emitKey: (file) => (Object.hasOwn(stamp.emitted, file) ? stamp.emitted[file] : undefined),
    text(file) {
      if (!texts.has(file)) texts.set(file, read(file));
      return texts.get(file);
    },
    known,
    hashOf: (file, text) => (known(file) === text ? hashIn(file) : undefined),
  };
}
