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

/**
 * The index just past the string starting at `at` (its opening quote). Strings are most of a spec's text: the
 * closing quote is found with `indexOf` (a quote after an odd number of backslashes is escaped), not one
 * character at a time.
 */
function stringEnd(text: string, at: number): number {
  for (let from = at + 1; ;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let before = quote - 1;
    while (text.charCodeAt(before) === 92) before--;
    if ((quote - 1 - before) % 2 === 0) return quote + 1;
    from = quote + 1;
  }
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

interface Entry {
  /** Where the value starts. */
  value: number;
  /** Where it is shown: a scalar's value, a container's key (an item where it starts). */
  shown: number;
}

/**
 * A locator over one JSON text. Each container on a pointer's way is scanned once, on first use, and its
 * members (or items) remembered: a spec with hundreds of diagnostics is not scanned again for each one.
 */
export function jsonLocator(text: string): (segments: readonly string[]) => SourcePosition {
  const members = new Map<number, Map<string, Entry> | Entry[]>();

  const scan = (at: number): Map<string, Entry> | Entry[] | undefined => {
    const known = members.get(at);
    if (known) return known;
    const open = text.charCodeAt(at);
    let found: Map<string, Entry> | Entry[];
    if (open === 123) {
      // With a key written twice, the last one is the value (as JSON.parse reads it).
      const byKey = new Map<string, Entry>();
      let i = skipSpace(text, at + 1);
      while (i < text.length && text.charCodeAt(i) === 34) {
        const keyEnd = stringEnd(text, i);
        const raw = text.slice(i + 1, keyEnd - 1);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
        const value = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
        byKey.set(key, { value, shown: isContainer(text, value) ? i : value });
        i = skipSpace(text, valueEnd(text, value));
        if (text.charCodeAt(i) !== 44) break;
        i = skipSpace(text, i + 1);
      }
      found = byKey;
    } else if (open === 91) {
      const items: Entry[] = [];
      let i = skipSpace(text, at + 1);
      while (i < text.length && text.charCodeAt(i) !== 93) {
        items.push({ value: i, shown: i });
        i = skipSpace(text, valueEnd(text, i));
        if (text.charCodeAt(i) !== 44) break;
        i = skipSpace(text, i + 1);
      }
      found = items;
    } else return undefined;
    members.set(at, found);
    return found;
  };

  // Line starts are found as far as a position needs them: a diagnostic near the top of an 11 MB text does not
  // pay for the lines below it.
  const lineStarts = [0];
  let counted = 0;
  const position = (offset: number): SourcePosition => {
    while (counted < offset) {
      const nl = text.indexOf('\n', counted);
      if (nl === -1) counted = text.length;
      else lineStarts.push((counted = nl + 1));
    }
    // The last line start at or before the offset.
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - lineStarts[low]! + 1 };
  };

  return (segments) => {
    let at = skipSpace(text, 0);
    let best = at;
    for (const segment of segments) {
      const container = scan(at);
      const entry = Array.isArray(container)
        ? /^(0|[1-9]\d*)$/.test(segment)
          ? container[Number(segment)]
          : undefined
        : container?.get(segment);
      if (!entry) break;
      at = entry.value;
      best = entry.shown;
    }
    return position(best);
  };
}

/** The 1-based line and column of a pointer's value in a JSON text (one lookup; see jsonLocator). */
export function locateInJson(text: string, segments: readonly string[]): SourcePosition {
  return jsonLocator(text)(segments);
}
