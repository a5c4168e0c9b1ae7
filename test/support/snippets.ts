/**
 * Type-checks the TypeScript snippets of a README against a generated package, as a reader would paste
 * them: each ```ts block is a module of its own, with only `client` (a client of the package) in scope
 * unless the snippet makes its own; everything else it uses it must import. One tsc run over all snippets.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, tempDir } from '../helpers.js';

export interface Snippet {
  /** The README it comes from, and the line of its opening fence. */
  source: string;
  line: number;
  code: string;
  /** The package the snippet's `client` is a client of. */
  pkg: string;
}

export function snippetsOf(source: string, markdown: string, pkg: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    snippets.push({ source, line: start + 1, code: body.join('\n'), pkg });
  }
  return snippets;
}

/**
 * The tsc errors of the snippets against the packages (name -> generated output folder), each as
 * `README.md:LINE: message`; empty when all type-check under `--strict`.
 */
export function snippetErrors(
  snippets: readonly Snippet[],
  packages: Record<string, string>,
  /** Other modules the snippets import, linked into node_modules as they are (name -> folder). */
  links: Record<string, string> = {},
): string[] {
  const dir = tempDir('codegen-snippets-');
  for (const [name, target] of Object.entries(links)) {
    mkdirSync(path.dirname(path.join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(target, path.join(dir, 'node_modules', name), 'dir');
  }
  for (const [name, outDir] of Object.entries(packages)) {
    const installed = path.join(dir, 'node_modules', name);
    mkdirSync(installed, { recursive: true });
    cpSync(path.join(outDir, 'package.json'), path.join(installed, 'package.json'));
    cpSync(path.join(outDir, 'dist'), path.join(installed, 'dist'), { recursive: true });
  }
  const files = snippets.map((snippet, i) => {
    const file = `snippet-${i}.ts`;
    const prelude = /\b(const|let|var)\s+client\b|import\s*\{[^}]*\bclient\b/.test(snippet.code)
      ? ''
      : `declare const client: ReturnType<typeof import('${snippet.pkg}').createClient>;`;
    // One line of prelude, so that the snippet's line n is the file's line n + 1.
    writeFileSync(path.join(dir, file), `${prelude}\n${snippet.code}\nexport {};\n`);
    return file;
  });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        module: 'NodeNext',
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        types: ['node'],
        typeRoots: [path.join(repoRoot, 'node_modules/@types')],
      },
      files,
    }),
  );
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      stdio: 'pipe',
      cwd: dir,
    });
    return [];
  } catch (error) {
    const output = String((error as { stdout?: Buffer }).stdout ?? error);
    return output
      .split('\n')
      .filter((line) => /^snippet-\d+\.ts\(\d+,\d+\)/.test(line))
      .map((line) => {
        const [, index, row, message] = /^snippet-(\d+)\.ts\((\d+),\d+\): (.*)$/.exec(line)!;
        const snippet = snippets[Number(index)]!;
        return `${snippet.source}:${snippet.line + Number(row) - 1}: ${message}`;
      });
  }
}

export function readmeSnippets(file: string, pkg: string): Snippet[] {
  return snippetsOf(path.relative(repoRoot, file), readFileSync(file, 'utf8'), pkg);
}
