/**
 * Where a JSON pointer's value is written in a JSON text, found by scanning the text along the pointer: the
 * members and items before the one wanted are skipped by their brackets, never parsed. A diagnostic in a
 * large JSON spec (GitHub's is 11 MB) is located in milliseconds, where a syntax tree of the whole text
 * would take seconds and hundreds of MiB.
 *
 * As for YAML: a scalar is shown where its value is, a mapping or sequence where its key is (an item where
 * it starts); a pointer that goes further than the text is shown at the deepest place that exists.
 */
import type { SourcePosition } from './source.js';

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/** The index just past the string starting at `at` (its opening quote). */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92)
      i++; // a backslash escapes the next character
    else if (c === 34) return i + 1;
  }
  return text.length;
}

/** The index just past the value starting at `at`. */
function valueEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === 34) return stringEnd(text, at);
  if (first !== 123 && first !== 91) {
    // A number, true, false or null: up to the next delimiter.
    let i = at;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 44 || c === 125 || c === 93 || isSpace(c)) break;
      i++;
    }
    return i;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) i = stringEnd(text, i) - 1;
    else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
  }
  return text.length;
}

const isContainer = (text: string, at: number) => text.charCodeAt(at) === 123 || text.charCodeAt(at) === 91;

/** The offset of the value (or key) `segments` leads to; the deepest found when the rest is not there. */
function offsetOf(text: string, segments: readonly string[]): number {
  let at = skipSpace(text, 0);
  let best = at;
  for (const segment of segments) {
    const open = text.charCodeAt(at);
    let found: { value: number; shown: number } | undefined;
    if (open === 123) {
      // Every member is looked at: with a key written twice, the last one is the value (as JSON.parse reads it).
      let i = skipSpace(text, at + 1);
      while (i < text.length && text.charCodeAt(i) === 34) {
        const keyEnd = stringEnd(text, i);
        const raw = text.slice(i + 1, keyEnd - 1);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
        const value = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
        if (key === segment) found = { value, shown: isContainer(text, value) ? i : value };
        i = skipSpace(text, valueEnd(text, value));
        if (text.charCodeAt(i) !== 44) break;
        i = skipSpace(text, i + 1);
      }
    } else if (open === 91 && /^(0|[1-9]\d*)$/.test(segment)) {
      let i = skipSpace(text, at + 1);
      for (let index = 0; i < text.length && text.charCodeAt(i) !== 93; index++) {
        if (index === Number(segment)) {
          found = { value: i, shown: i };
          break;
        }
        i = skipSpace(text, valueEnd(text, i));
        if (text.charCodeAt(i) !== 44) break;
        i = skipSpace(text, i + 1);
      }
    }
    if (!found) break;
    at = found.value;
    best = found.shown;
  }
  return best;
}

/** The 1-based line and column of `pointer`'s value in a JSON text. */
export function locateInJson(text: string, segments: readonly string[]): SourcePosition {
  const offset = offsetOf(text, segments);
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, col: offset - lineStart + 1 };
}
