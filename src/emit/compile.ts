/**
 * Type-checks the formatted package sources and compiles them to JavaScript with declarations, in memory,
 * with the TypeScript compiler ts-morph ships. A type error here is a generator bug: it is reported, never
 * written out.
 */
import { Project, ts } from 'ts-morph';

export interface CompileResult {
  outputs: Map<string, string>;
  errors: string[];
}

export function compilePackage(sources: Map<string, string>): CompileResult {
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
