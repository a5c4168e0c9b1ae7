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
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
      continue;
    }
    if (/^[}\])]/.test(line)) level = Math.max(0, level - 1);
    // The inner lines of a doc comment (` * text`, ` */`) stand one space in.
    lines.push(`${'  '.repeat(level)}${line.startsWith('*') ? ' ' : ''}${line}`);
    if (/[{([]$/.test(line)) level++;
  }
  while (lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
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
