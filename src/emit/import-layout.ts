/**
 * A file's header (its banner and imports) in final form, laid out as prettier lays out the generated code:
 * an import on one line when it fits (or when it names one binding: prettier never breaks those), else one
 * name a line. Any other statement in the header gives up (undefined), and prettier formats the header.
 */
import { StructureKind, type ImportDeclarationStructure, type OptionalKind } from 'ts-morph';
import type { Statement } from './context.js';
import { attempt, fits, pad, quoted, Unknown } from './type-layout.js';

type Import = OptionalKind<ImportDeclarationStructure> & { kind: StructureKind.ImportDeclaration };

function isImport(statement: Statement): statement is Import {
  return typeof statement === 'object' && statement.kind === StructureKind.ImportDeclaration;
}

/** `import [type] { names } from 'module';`, or Unknown for any other form of import. */
function importLines(statement: Import): string[] {
  const { namedImports, moduleSpecifier, isTypeOnly, defaultImport, namespaceImport } = statement;
  if (defaultImport || namespaceImport || !Array.isArray(namedImports) || namedImports.length === 0)
    throw new Unknown();
  const names = namedImports.map((named) => {
    if (typeof named === 'string') return named;
    if (typeof named !== 'object' || typeof named.name !== 'string' || named.isTypeOnly) throw new Unknown();
    return named.alias === undefined ? named.name : `${named.name} as ${named.alias}`;
  });
  const head = `import ${isTypeOnly ? 'type ' : ''}{`;
  const from = `} from ${quoted(moduleSpecifier)};`;
  const line = `${head} ${names.join(', ')} ${from}`;
  if (names.length === 1 || fits(line)) return [line];
  return [head, ...names.map((name) => `${pad(1)}${name},`), from];
}

/** The header in final form: comment lines (the banner) as they are, then the imports; or undefined. */
export function headerText(header: Statement[]): string | undefined {
  return attempt(() =>
    header.flatMap((statement) => {
      if (typeof statement === 'string' && /^\/\/[^\n]*$/.test(statement)) return [statement];
      if (isImport(statement)) return importLines(statement);
      throw new Unknown();
    }),
  );
}
