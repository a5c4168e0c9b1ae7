/**
 * The committed output as the cache of the next run. After a spec edit most of what the last run formatted
 * and compiled is still right: a part whose unformatted text is the same formats to the same text, and a
 * source file whose formatted text is the same compiles to the same JavaScript and declarations. Both are
 * read back from the output directory, each file checked against its hash in the stamp (a hand-edited or
 * missing file is made again), and only from output that this very generator wrote. Nothing is kept outside
 * the output directory, so a fresh clone that regenerates gets the same reuse as the author's machine.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generatorFingerprint, readStamp, sha256, type CompileMode, type PartStamp } from './stamp.js';

export interface PreviousOutput {
  /** How the previous run compiled dist/. */
  compile: CompileMode;
  /** The parts a formatted source file was made from, as the stamp recorded them. */
  parts(file: string): readonly PartStamp[] | undefined;
  /** The key of what the file's emitter read, as the stamp recorded it. */
  emitKey(file: string): string | undefined;
  /** The file as the previous run wrote it; undefined when it is missing or was changed since. */
  text(file: string): string | undefined;
  /** The text of a file already read (and checked) through `text`, without reading anything new. */
  known(file: string): string | undefined;
  /** The stamp's hash of a file already read, when `text` is still its text: no need to hash it again. */
  hashOf(file: string, text: string): string | undefined;
}

export function readPrevious(outDir: string): PreviousOutput | undefined {
  const stamp = readStamp(outDir);
  if (!stamp || stamp.generator !== generatorFingerprint()) return undefined;
  const texts = new Map<string, string | undefined>();
  const read = (file: string): string | undefined => {
    const hash = Object.hasOwn(stamp.files, file) ? stamp.files[file] : undefined;
    if (hash === undefined) return undefined;
    try {
      const bytes = readFileSync(path.join(outDir, file));
      return sha256(bytes) === hash ? bytes.toString('utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    compile: stamp.compile,
    parts: (file) => (Object.hasOwn(stamp.parts, file) ? stamp.parts[file] : undefined),
    emitKey: (file) => (Object.hasOwn(stamp.emitted, file) ? stamp.emitted[file] : undefined),
    text(file) {
      if (!texts.has(file)) texts.set(file, read(file));
      return texts.get(file);
    },
    known: (file) => texts.get(file),
    hashOf: (file, text) => (texts.get(file) === text ? stamp.files[file] : undefined),
  };
}
