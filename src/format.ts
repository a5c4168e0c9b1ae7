/**
 * prettier, once per generated TypeScript file (or part of one: large files are formatted in parts, which
 * keeps prettier's syntax trees small). Worker threads were tried and measured slower on this kind of
 * machine (2 cores: prettier's allocation rate makes the threads compete with the garbage collector).
 */
import * as prettier from 'prettier';

export const PRETTIER_OPTIONS: prettier.Options = {
  parser: 'typescript',
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
};

/** `filepath` tells prettier the file is .ts, not .tsx (where a generic arrow needs `<T,>`). */
export async function formatTypeScript(text: string, filepath: string): Promise<string> {
  return prettier.format(text, { ...PRETTIER_OPTIONS, filepath });
}

/** Formats every file; results keyed like the input. */
export async function formatAll(files: Map<string, string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [path, text] of files) out.set(path, await formatTypeScript(text, path));
  return out;
}
