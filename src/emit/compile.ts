/**
 * Compiles the formatted package sources to JavaScript and declarations, in memory, with the TypeScript
 * compiler ts-morph ships. By default each file is compiled on its own (`transpileModule` and
 * `transpileDeclaration`: the generated code annotates every export, so no type-checker is needed), which
 * keeps large specs fast. With `typecheck`, the whole package is first type-checked under `strict`; a type
 * error is a generator bug and is reported, never written out.
 */
import { Project, ts } from 'ts-morph';

export interface CompileResult {
  outputs: Map<string, string>;
  errors: string[];
}

const TRANSPILE_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  declaration: true,
  isolatedDeclarations: true,
  newLine: ts.NewLineKind.LineFeed,
};

export function compilePackage(
  sources: Map<string, string>,
  options: { typecheck: boolean; typesOnly: ReadonlySet<string> },
): CompileResult {
  return options.typecheck ? checkAndCompile(sources) : transpileEach(sources, options.typesOnly);
}

/** `src/a/b.ts` -> `dist/a/b`: where a source file's JavaScript and declarations go, without the extension. */
export function distBase(sourcePath: string): string {
  return sourcePath.replace(/^src\//, 'dist/').replace(/\.ts$/, '');
}

/** The leading `// ...` banner of a file. */
function leadingComment(text: string): string {
  const first = text.split('\n', 1)[0]!;
  return first.startsWith('//') ? `${first}\n` : '';
}

function transpileEach(sources: Map<string, string>, typesOnly: ReadonlySet<string>): CompileResult {
  const outputs = new Map<string, string>();
  const errors: string[] = [];
  for (const [path, text] of sources) {
    if (!path.endsWith('.ts')) continue;
    const base = distBase(path);
    if (typesOnly.has(path)) {
      // Only type declarations and type imports: the declaration file is the source, the module is empty.
      outputs.set(`${base}.js`, `${leadingComment(text)}export {};\n`);
      outputs.set(`${base}.d.ts`, text);
      continue;
    }
    const js = ts.transpileModule(text, { compilerOptions: TRANSPILE_OPTIONS, fileName: path });
    const dts = ts.transpileDeclaration(text, {
      compilerOptions: TRANSPILE_OPTIONS,
      fileName: path,
      reportDiagnostics: true,
    });
    for (const d of dts.diagnostics ?? []) {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      errors.push(`${path}:${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
    outputs.set(`${base}.js`, js.outputText);
    outputs.set(`${base}.d.ts`, dts.outputText);
  }
  return { outputs: errors.length > 0 ? new Map() : outputs, errors };
}

function checkAndCompile(sources: Map<string, string>): CompileResult {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      strict: true,
      declaration: true,
      skipLibCheck: true,
      types: [],
      rootDir: '/pkg/src',
      outDir: '/pkg/dist',
      newLine: ts.NewLineKind.LineFeed,
    },
  });
  for (const [path, text] of sources) if (path.endsWith('.ts')) project.createSourceFile(`/pkg/${path}`, text);
  const errors = project
    .getPreEmitDiagnostics()
    .filter((d) => d.getCategory() === ts.DiagnosticCategory.Error)
    .map((d) => {
      const file = d.getSourceFile()?.getFilePath().replace('/pkg/', '') ?? '';
      const line = d.getLineNumber() ?? 0;
      const message = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n');
      return `${file}:${line}: ${message}`;
    });
  const outputs = new Map<string, string>();
  if (errors.length > 0) return { outputs, errors };
  for (const file of project.emitToMemory().getFiles()) outputs.set(file.filePath.replace('/pkg/', ''), file.text);
  return { outputs, errors };
}
