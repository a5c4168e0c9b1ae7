/**
 * Compiles the formatted package sources to JavaScript and declarations, in memory. By default each file is
 * compiled on its own by oxc-transform (types stripped for the JavaScript; isolated declarations for the
 * .d.ts, which the generated code allows since it annotates every export): no type-checker, and no
 * TypeScript compiler warming up, so this stage costs milliseconds. With `typecheck`, the whole package is
 * first type-checked under `strict` with the TypeScript compiler ts-morph ships; a type error is a generator
 * bug and is reported, never written out. The check only checks: dist/ is compiled the same way either way,
 * so the package is byte for byte the same whichever checks ran.
 */
import { isolatedDeclarationSync, transformSync, type OxcError } from 'oxc-transform';
import { Project, ts } from 'ts-morph';

export interface CompileResult {
  outputs: Map<string, string>;
  errors: string[];
}

export function compilePackage(sources: Map<string, string>): CompileResult {
  return transpileEach(sources);
}

/**
 * `src/a/b.ts` (or `src/a/b.d.ts`) -> `dist/a/b`: where a source file's JavaScript and declarations go, without
 * the extension.
 */
export function distBase(sourcePath: string): string {
  return sourcePath.replace(/^src\//, 'dist/').replace(/(?:\.d)?\.ts$/, '');
}

/**
 * A declaration file among the sources (`src/schemas.d.ts`: types and type imports only) is its own dist/
 * declaration file, with no JavaScript: nothing imports it at run time. Shipped so, an app's type-checker
 * parses it and, under `skipLibCheck`, does not check or transform it again (codegen's `--typecheck` does).
 */
export const isDeclarationFile = (sourcePath: string): boolean => sourcePath.endsWith('.d.ts');

/** The files a source compiles to. */
export function distFiles(sourcePath: string): string[] {
  const base = distBase(sourcePath);
  return isDeclarationFile(sourcePath) ? [`${base}.d.ts`] : [`${base}.js`, `${base}.d.ts`];
}

/** `path:line: message` for each error oxc reports (line from the first label's offset). */
function oxcErrors(path: string, text: string, errors: OxcError[]): string[] {
  return errors
    .filter((e) => e.severity === 'Error')
    .map((e) => {
      const at = e.labels[0]?.start;
      const line = at === undefined ? 0 : text.slice(0, at).split('\n').length;
      return `${path}:${line}: ${e.message}`;
    });
}

function transpileEach(sources: Map<string, string>): CompileResult {
  const outputs = new Map<string, string>();
  const errors: string[] = [];
  for (const [path, text] of sources) {
    if (!path.endsWith('.ts')) continue;
    const base = distBase(path);
    if (isDeclarationFile(path)) {
      outputs.set(`${base}.d.ts`, text);
      continue;
    }
    const js = transformSync(path, text, { lang: 'ts', sourceType: 'module', target: 'es2022' });
    const dts = isolatedDeclarationSync(path, text, { sourcemap: false });
    // A syntax error is found by both passes: say it once.
    errors.push(...new Set([...oxcErrors(path, text, js.errors), ...oxcErrors(path, text, dts.errors)]));
    outputs.set(`${base}.js`, js.code);
    outputs.set(`${base}.d.ts`, dts.code);
  }
  return { outputs: errors.length > 0 ? new Map() : outputs, errors };
}

/**
 * The package's type errors under `tsc --strict`, as `path:line: message`; empty when it type-checks. With
 * `packageDir` (where the package is written), the sources stand there in memory and the packages they import
 * (msw, for the mocks) are resolved from that folder's node_modules, as the package's own type-checker resolves
 * them; without it, everything is in memory and only the package's own modules resolve.
 */
export function typeErrors(sources: Map<string, string>, packageDir?: string): string[] {
  const root = packageDir === undefined ? '/pkg' : packageDir.replace(/\\/g, '/').replace(/\/+$/, '');
  const project = new Project({
    useInMemoryFileSystem: packageDir === undefined,
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      rootDir: `${root}/src`,
      newLine: ts.NewLineKind.LineFeed,
    },
  });
  // Created in memory (a file of the last output on disk at the same path is not read), never saved. The
  // package's own declaration files are checked as TypeScript (`skipLibCheck` would skip them): `x.d.ts` stands
  // as `x.ts`, which its importers' `./x.js` finds as well.
  const checkedAs = new Map<string, string>();
  for (const [path, text] of sources) {
    if (!path.endsWith('.ts')) continue;
    const name = isDeclarationFile(path) ? path.replace(/\.d\.ts$/, '.ts') : path;
    checkedAs.set(name, path);
    project.createSourceFile(`${root}/${name}`, text, { overwrite: true });
  }
  return project
    .getPreEmitDiagnostics()
    .filter((d) => d.getCategory() === ts.DiagnosticCategory.Error)
    .map((d) => {
      const name = d.getSourceFile()?.getFilePath().replace(`${root}/`, '') ?? '';
      const file = checkedAs.get(name) ?? name;
      const line = d.getLineNumber() ?? 0;
      const message = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n');
      return `${file}:${line}: ${message}`;
    });
}

/**
 * The packages that type errors say cannot be found (`Cannot find module 'msw'`): not installed where the
 * package is written, which is not a generator bug (the other errors then are mostly what follows from it).
 */
export function missingPackages(errors: readonly string[]): string[] {
  const names = errors.flatMap((e) => /Cannot find module '([^./][^']*)'/.exec(e)?.[1] ?? []);
  return [...new Set(names)].sort();
}
