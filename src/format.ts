/**
 * prettier, once per generated TypeScript file (or part of one: large files are formatted in parts, which
 * keeps prettier's syntax trees small). Worker threads were tried and measured slower on this kind of
 * machine (2 cores: prettier's allocation rate makes the threads compete with the garbage collector).
 * prettier is loaded on the first call, so a run that reuses every formatted part never loads it.
 */
import type { Options } from 'prettier';

export const PRETTIER_OPTIONS: Options = {
  // Babel's TypeScript parser: the same output as typescript-estree's on every generated file, in 0.7 of the
  // time (GitHub's types module: 2.9 s against 4.2 s), and a smaller module to load.
  parser: 'babel-ts',
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
};

/** `filepath` tells prettier the file is .ts, not .tsx (where a generic arrow needs `<T,>`). */
export async function formatTypeScript(text: string, filepath: string): Promise<string> {
  const prettier = await import('prettier');
  return prettier.format(text, { ...PRETTIER_OPTIONS, filepath });
}
