/**
 * `Client` is worked out from the operation functions (`BoundMethods`): what an editor shows for a method (its
 * signature, its documentation, where go-to-definition lands) and what the type-checker accepts must be the
 * function's, as they were when every method was written out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from './helpers.js';

const golemDist = path.join(repoRoot, 'generated/golem-client/dist/index.js');

/** An app beside the committed Golem package, checked as an app is (strict, skipLibCheck), with an editor on it. */
function app(source: string) {
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'app.ts');
  writeFileSync(file, source.replace('PACKAGE', JSON.stringify(golemDist)));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
  };
  const text = ts.sys.readFile(file)!;
  const service = ts.createLanguageService({
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => {
      const content = ts.sys.readFile(f);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
  });
  const at = (marker: string) => {
    const position = text.indexOf(marker) + 1;
    const info = service.getQuickInfoAtPosition(file, position)!;
    return {
      shown: ts.displayPartsToString(info.displayParts),
      doc: ts.displayPartsToString(info.documentation),
      definitions: (service.getDefinitionAtPosition(file, position) ?? []).map((d) =>
        path.relative(path.join(repoRoot, 'generated/golem-client'), d.fileName),
      ),
    };
  };
  const errors = () =>
    [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)].map(
      (d) =>
        `${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
  return { at, errors };
}

describe('the Client type', () => {
  it("shows each method with its function's parameters, result and documentation, and leads to the function", () => {
    const { at, errors } = app(
      [
        'import { createClient } from PACKAGE;',
        'const client = createClient();',
        "export const component = client.getComponent({ componentId: 'c' });",
        "export const events = client.streamWorkerEvents({ componentId: 'c', agentName: 'a' });",
        "export const pages = client.iterateGetOplog({ componentId: 'c', agentName: 'a' });",
        '',
      ].join('\n'),
    );
    expect(errors()).toStrictEqual([]);
    const get = at('getComponent(');
    expect(get.shown).toBe(
      '(property) getComponent: (params: GetComponentParams, options?: RequestOptions | undefined) => Promise<Component>',
    );
    expect(get.doc).toContain('`GET /v1/components/{component_id}`');
    expect(get.definitions).toStrictEqual(['dist/operations/component.d.ts']);
    // A channel's function (picked from the subscriptions module) and a pagination iterator alike.
    expect(at('streamWorkerEvents(').shown).toBe(
      '(property) streamWorkerEvents: (params: StreamWorkerEventsParams, options?: SubscribeOptions | undefined) => StreamWorkerEventsSubscription',
    );
    expect(at('streamWorkerEvents(').definitions).toStrictEqual(['dist/subscriptions.d.ts']);
    expect(at('iterateGetOplog(').doc).toContain('page after page');
  });

  it('keeps both overloads of a binary download, and refuses what the functions refuse', () => {
    const { errors } = app(
      [
        'import { createClient } from PACKAGE;',
        'const client = createClient();',
        "const p = { componentId: 'c', revision: 1n };",
        'export async function run(): Promise<void> {',
        "  const stream: ReadableStream<Uint8Array> = await client.downloadComponentWasm(p, { binaryAs: 'stream' });",
        '  const bytes: Uint8Array = await client.downloadComponentWasm(p);',
        '  const notAStream: ReadableStream<Uint8Array> = await client.downloadComponentWasm(p);',
        '  client.getComponent({});',
        '  client.noSuchOperation();',
        '  void [stream, bytes, notAStream];',
        '}',
        '',
      ].join('\n'),
    );
    expect(errors()).toStrictEqual([
      expect.stringMatching(/^7: Type 'Uint8Array.*' is missing the following properties .* 'ReadableStream/s),
      expect.stringMatching(/^8: Argument of type '\{\}' is not assignable .*componentId/s),
      expect.stringMatching(/^9: Property 'noSuchOperation' does not exist on type 'Client'/),
    ]);
  });
});
