/**
 * Files an emitter prints in their final form, as TypeScript, JavaScript and declarations at once: the
 * validators and the fake-data table, megabytes for a large spec, go through neither prettier nor the
 * compiler (whose syntax tree of such a file would cost more memory than the rest of the run).
 */
import type { EmittedFiles } from './context.js';

const OPEN = '\u0001';
const CLOSE = '\u0002';
// Code printed from a spec never holds these: string literals are JSON-quoted, which escapes control characters.
// A type-only line goes with the line break before it, so that no blank line is left where it was.
const TYPE_ONLY = /\n?\u0001[^\u0002]*\u0002/g;

/** TypeScript-only text (an annotation, a type import, an interface): in the .ts, not in the .js. */
export function typeOnly(text: string): string {
  return `${OPEN}${text}${CLOSE}`;
}

/** Re-indents code by its braces: two spaces a level, a line starting with a closer one level out. */
export function indented(text: string): string {
  let level = 0;
  let out = '';
  // Whether the last line written was blank (none is written first, and never two in a row).
  let blank = true;
  const pads: string[] = [''];
  const pad = (n: number): string => (pads[n] ??= '  '.repeat(n));
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') {
      if (!blank) out += '\n';
      blank = true;
      continue;
    }
    const first = line.charCodeAt(0);
    // `}`, `]` or `)` first: one level out.
    if ((first === 125 || first === 93 || first === 41) && level > 0) level--;
    // The inner lines of a doc comment (` * text`, ` */`) stand one space in.
    out += `${pad(level)}${first === 42 ? ' ' : ''}${line}\n`;
    blank = false;
    const last = line.charCodeAt(line.length - 1);
    // `{`, `(` or `[` last: one level in.
    if (last === 123 || last === 40 || last === 91) level++;
  }
  // No blank line at the end: the text ends with one line break.
  if (out === '') return '\n';
  return blank && out.endsWith('\n\n') ? out.slice(0, -1) : out;
}

/**
 * Writes `src/<name>.ts` from its blocks (separated by blank lines), and beside it, as the compile step would,
 * `dist/<name>.js` (the blocks without their type-only text) and `dist/<name>.d.ts` (the declarations given).
 */
export function printFinal(out: EmittedFiles, path: string, blocks: string[], declarations: string[]): void {
  const text = blocks.join('\n\n');
  const base = path.replace(/^src\//, 'dist/').replace(/\.ts$/, '');
  out.set(path, indented(text.replaceAll(OPEN, '').replaceAll(CLOSE, '')));
  out.set(`${base}.js`, indented(text.replace(TYPE_ONLY, '')));
  out.set(`${base}.d.ts`, indented(declarations.join('\n\n')));
}
