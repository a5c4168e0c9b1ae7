/** `src/index.ts`: the package's public surface. */
import { StructureKind, type ExportDeclarationStructure, type OptionalKind } from 'ts-morph';
import type { Api } from '../ir/types.js';
import { banner, printFile, type EmittedFiles, type Statement } from './context.js';
import { operationGroups } from './operations.js';
import { runtimePath, type RuntimeModule, type RuntimeType, type RuntimeValue } from './runtime-symbols.js';

type Export = OptionalKind<ExportDeclarationStructure> & { kind: StructureKind.ExportDeclaration };

const exportAll = (moduleSpecifier: string): Export => ({ kind: StructureKind.ExportDeclaration, moduleSpecifier });
/** Runtime names a package re-exports from one of the runtime's modules (see runtime-symbols.ts). */
const exportRuntime = (module: RuntimeModule, names: string[], isTypeOnly: boolean): Export => ({
  kind: StructureKind.ExportDeclaration,
  isTypeOnly,
  namedExports: names,
  moduleSpecifier: runtimePath(module, 'src'),
});
const exportValues = <M extends RuntimeModule>(module: M, names: RuntimeValue<M>[]) =>
  exportRuntime(module, names, false);
const exportTypes = <M extends RuntimeModule>(module: M, names: RuntimeType<M>[]) => exportRuntime(module, names, true);

export function emitIndex(out: EmittedFiles, api: Api, sources: string[]): void {
  const statements: Statement[] = [banner(sources)];
  statements.push(exportAll('./client.js'), exportAll('./schemas.js'));
  for (const [group] of operationGroups(api.operations)) statements.push(exportAll(`./operations/${group}.js`));
  statements.push(
    exportValues('errors', [
      'ApiError',
      'NetworkError',
      'RequestAbortedError',
      'RequestError',
      'TimeoutError',
      'errorDetail',
    ]),
    exportValues('http', ['createClientCore', 'paginate']),
    exportTypes('http', ['ClientConfig', 'ClientCore', 'RequestOptions', 'RetryOptions', 'TokenSource']),
    exportTypes('encode', ['BinaryInput']),
  );
  if (api.channels.length > 0) {
    statements.push(
      exportAll('./subscriptions.js'),
      exportValues('websocket', ['BufferOverflowError', 'MalformedFrameError', 'SubscriptionError', 'UNKNOWN_EVENT']),
      exportTypes('websocket', [
        'LifecycleEvent',
        'ReconnectOptions',
        'SubscribeOptions',
        'Subscription',
        'SubscriptionState',
        'SubscriptionStats',
        'UnknownEvent',
        'WebSocketConstructor',
      ]),
    );
  }
  printFile(out, 'src/index.ts', statements);
}
