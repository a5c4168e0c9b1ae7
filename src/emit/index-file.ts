/** `src/index.ts`: the package's public surface. */
import { StructureKind, type ExportDeclarationStructure, type OptionalKind } from 'ts-morph';
import type { Api } from '../ir/types.js';
import { banner, printFile, type EmittedFiles, type Statement } from './context.js';
import { operationGroups, operationsModule } from './operations.js';
import { needsRuntimeModule } from './runtime.js';
import { publicNames, RUNTIME, runtimePath, type RuntimeModule } from './runtime-symbols.js';

type Export = OptionalKind<ExportDeclarationStructure> & { kind: StructureKind.ExportDeclaration };

const exportAll = (moduleSpecifier: string, isTypeOnly = false): Export => ({
  kind: StructureKind.ExportDeclaration,
  isTypeOnly,
  moduleSpecifier,
});
/** A runtime module's public values and types (see runtime-symbols.ts), one export statement for each kind. */
function exportRuntime(module: RuntimeModule, aliases: Map<string, string>, withStreams: boolean): Export[] {
  return (['values', 'types'] as const)
    .map((kind) => ({ kind, names: publicNames(module, kind, withStreams) }))
    .filter(({ names }) => names.length > 0)
    .map(({ kind, names }) => ({
      kind: StructureKind.ExportDeclaration,
      isTypeOnly: kind === 'types',
      // A name a schema took is exported under the alias the naming pass chose.
      namedExports: names.map((name) => (aliases.has(name) ? { name, alias: aliases.get(name)! } : name)),
      moduleSpecifier: runtimePath(module, 'src'),
    }));
}

export function emitIndex(out: EmittedFiles, api: Api, sources: string[], options: { withInt64: boolean }): void {
  const aliases = new Map((api.runtimeAliases ?? []).map((a) => [a.name, a.alias]));
  const statements: Statement[] = [banner(sources)];
  // The schemas module is a declaration file, with no JavaScript: its types are exported as types.
  statements.push(exportAll('./client.js'), exportAll('./schemas.js', true));
  for (const [group] of operationGroups(api.operations)) statements.push(exportAll(operationsModule(group)));
  const parts = { ...api.runtimeParts!, int64: options.withInt64 };
  const streams = parts.websocket || parts.eventStreams;
  const core: RuntimeModule[] = ['errors', 'http', 'http-extended', 'encode'];
  for (const module of core) statements.push(...exportRuntime(module, aliases, streams));
  // `stringifyExact`: JSON.stringify for data holding the bigints the client delivers.
  if (parts.int64) statements.push(...exportRuntime('int64', aliases, streams));
  if (api.channels.length > 0) statements.push(exportAll('./subscriptions.js'));
  // The stream parts the package copies (see runtime.ts).
  const others = (Object.keys(RUNTIME) as RuntimeModule[]).filter((m) => !core.includes(m) && m !== 'int64');
  // (mock-msw exports nothing public: only `<package>/mocks` imports it, since it imports msw.)
  for (const module of others)
    if (needsRuntimeModule(module, parts)) statements.push(...exportRuntime(module, aliases, streams));
  printFile(out, 'src/index.ts', statements);
}
