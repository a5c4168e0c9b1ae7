/**
 * The realtime client in a real install: the generated package linked into an application (`npm i ../client`,
 * `file:` dependencies, workspaces), so that it resolves imports from its own real path, outside the
 * application, while `ws` is installed in the application only. Node 20 has no WebSocket of its own (the
 * program below removes Node 22+'s, so that every Node takes the same path).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from './helpers.js';
import { snippetErrors } from './support/snippets.js';
import { startGolemServer, type GolemServer } from './support/golem-server.js';

const run = promisify(execFile);
const golem = path.join(repoRoot, 'generated/golem-client');
let server: GolemServer;

beforeAll(async () => {
  server = await startGolemServer();
});
afterAll(() => server.close());

/** An application folder with the package linked in, and `ws` in its own node_modules when asked. */
function application(withWs: boolean): string {
  const root = tempDir('codegen-linked-');
  const pkg = path.join(root, 'golem-client');
  mkdirSync(pkg);
  cpSync(path.join(golem, 'package.json'), path.join(pkg, 'package.json'));
  cpSync(path.join(golem, 'dist'), path.join(pkg, 'dist'), { recursive: true });
  const app = path.join(root, 'app');
  mkdirSync(path.join(app, 'node_modules'), { recursive: true });
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', type: 'module' }));
  symlinkSync(pkg, path.join(app, 'node_modules/golem-client'), 'dir');
  if (withWs) symlinkSync(path.join(repoRoot, 'node_modules/ws'), path.join(app, 'node_modules/ws'), 'dir');
  return app;
}

const program = (url: string) => `
delete globalThis.WebSocket;
const { createClient } = await import('golem-client');
const client = createClient({ baseUrl: ${JSON.stringify(url)}, token: 't' });
try {
  for await (const event of client.streamWorkerEvents({ componentId: 'c', agentName: 'w' }, { reconnect: false })) {
    console.log(JSON.stringify(event));
    break;
  }
} catch (error) {
  console.log(JSON.stringify({ error: error.message }));
}`;

describe('a linked install', () => {
  it("finds the application's ws from where the application runs", async () => {
    server.onSocket((socket) => socket.send(JSON.stringify({ type: 'StdOut', message: 'hello' })));
    const app = application(true);
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', program(server.url)], { cwd: app });
    expect(JSON.parse(stdout)).toStrictEqual({ type: 'StdOut', message: 'hello' });
  });

  it('says where ws was looked for when the application has none', async () => {
    const app = application(false);
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', program(server.url)], { cwd: app });
    const { error } = JSON.parse(stdout) as { error: string };
    expect(error).toContain('the optional peer dependency `ws` was not found');
    expect(error).toContain(`from this package (${path.join(path.dirname(app), 'golem-client/dist/runtime')}/)`);
    expect(error).toContain(`from the working directory (${app})`);
  });
});

describe('the WebSocket option', () => {
  it("takes ws's class and the platform's, client-wide and per call, without a cast", () => {
    const code = `import WS from 'ws';
import { createClient } from 'golem-client';
const params = { componentId: 'c', agentName: 'a' };
const viaWs = createClient({ baseUrl: 'http://localhost:9881', WebSocket: WS });
viaWs.streamWorkerEvents(params, { WebSocket: WS }).close();
const viaPlatform = createClient({ WebSocket: globalThis.WebSocket });
viaPlatform.streamWorkerEvents(params, { WebSocket: globalThis.WebSocket }).close();
// @ts-expect-error a WebSocket class, not an instance
createClient({ WebSocket: new WS('ws://localhost') });`;
    expect(
      snippetErrors(
        [{ source: 'consumer.ts', line: 0, code, pkg: 'golem-client' }],
        { 'golem-client': golem },
        {
          ws: path.join(repoRoot, 'node_modules/ws'),
          '@types/ws': path.join(repoRoot, 'node_modules/@types/ws'),
        },
      ),
    ).toStrictEqual([]);
  });
});
