/** `src/index.ts`: the package's public surface. */
import { StructureKind, type ExportDeclarationStructure, type OptionalKind } from 'ts-morph';
import type { Api } from '../ir/types.js';
import { banner, printFile, type EmittedFiles, type Statement } from './context.js';
import { operationGroups } from './operations.js';

type Export = OptionalKind<ExportDeclarationStructure> & { kind: StructureKind.ExportDeclaration };

const exportAll = (moduleSpecifier: string): Export => ({ kind: StructureKind.ExportDeclaration, moduleSpecifier });
const exportNames = (names: string[], moduleSpecifier: string, isTypeOnly = false): Export => ({
  kind: StructureKind.ExportDeclaration,
  isTypeOnly,
  namedExports: names,
  moduleSpecifier,
});

export function emitIndex(out: EmittedFiles, api: Api, sources: string[]): void {
  const statements: Statement[] = [banner(sources)];
  statements.push(exportAll('./client.js'), exportAll('./schemas.js'));
  for (const [group] of operationGroups(api.operations)) statements.push(exportAll(`./operations/${group}.js`));
  statements.push(
    exportNames(
      ['ApiError', 'NetworkError', 'RequestAbortedError', 'RequestError', 'TimeoutError', 'errorDetail'],
      './runtime/errors.js',
    ),
    exportNames(['createClientCore', 'paginate'], './runtime/http.js'),
    exportNames(
      ['ClientConfig', 'ClientCore', 'RequestOptions', 'RetryOptions', 'TokenSource'],
      './runtime/http.js',
      true,
    ),
    exportNames(['BinaryInput'], './runtime/encode.js', true),
  );
  if (api.channels.length > 0) {
    statements.push(
      exportAll('./subscriptions.js'),
      exportNames(
        ['BufferOverflowError', 'MalformedFrameError', 'SubscriptionError', 'UNKNOWN_EVENT'],
        './runtime/websocket.js',
      ),
      exportNames(
        [
          'LifecycleEvent',
          'ReconnectOptions',
          'SubscribeOptions',
          'Subscription',
          'SubscriptionState',
          'SubscriptionStats',
          'UnknownEvent',
          'WebSocketConstructor',
        ],
        './runtime/websocket.js',
        true,
      ),
    );
  }
  printFile(out, 'src/index.ts', statements);
}
