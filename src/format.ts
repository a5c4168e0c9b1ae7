/** prettier, once per generated TypeScript file. */
import * as prettier from 'prettier';

export const PRETTIER_OPTIONS: prettier.Options = {
  parser: 'typescript',
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
};

export async function formatTypeScript(text: string): Promise<string> {
  return prettier.format(text, PRETTIER_OPTIONS);
}
