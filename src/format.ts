/** prettier, once per generated TypeScript file. */
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
