/**
 * The generated client in a real browser: bundled with esbuild, served from localhost, opened in headless
 * Chromium (Debian's package, driven by playwright-core). It subscribes through the browser's own WebSocket,
 * receives typed events, and reconnects after the server drops the connection.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { runPipeline } from '../src/pipeline.js';
import { plan, write } from '../src/write.js';
import { repoRoot, tempDir } from './helpers.js';
import { startGolemServer, type GolemServer } from './support/golem-server.js';

const CHROMIUM = '/usr/bin/chromium';
// CODEGEN_BROWSER_TEST=required (set by .ci/run, which installs Chromium) makes a missing browser a failure;
// elsewhere the test runs when Chromium is installed and is skipped when it is not.
const available = existsSync(CHROMIUM) || process.env.CODEGEN_BROWSER_TEST === 'required';

/** One entry bundled for the browser, as the page loads it. */
async function bundleFor(entry: string, plugins: Plugin[] = []): Promise<string> {
  const result = await build({
    entryPoints: [path.join(repoRoot, entry)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins,
  });
  return result.outputFiles[0]!.text;
}

describe.skipIf(!available)('in a real browser (headless Chromium)', () => {
  let server: GolemServer;
  let browser: Browser;
  let bundle: string;
  let duplexBundle: string;

  beforeAll(async () => {
    bundle = await bundleFor('test/browser/entry.ts');
    // The market fixture's package (AsyncAPI 3, request/reply), generated for this test and bundled as `market-client`.
    const market = await runPipeline(
      resolveConfig({
        cwd: repoRoot,
        adHoc: true,
        flags: { asyncapi: 'test/fixtures/features/market-asyncapi-3.yaml', out: 'unused' },
      }),
    );
    const marketDir = tempDir();
    await write(marketDir, market.files, await plan(marketDir, market.files));
    duplexBundle = await bundleFor('test/browser/duplex-entry.ts', [
      {
        name: 'market-client',
        setup: (b) =>
          b.onResolve({ filter: /^market-client$/ }, () => ({ path: path.join(marketDir, 'dist/index.js') })),
      },
    ]);
    server = await startGolemServer();
    server.respond((request) => {
      if (request.segments[0] === 'bundle.js') return { headers: { 'content-type': 'text/javascript' }, body: bundle };
      if (request.segments[0] === 'duplex.js')
        return { headers: { 'content-type': 'text/javascript' }, body: duplexBundle };
      if (request.segments[0] === 'duplex')
        return {
          headers: { 'content-type': 'text/html' },
          body: '<!doctype html><title>duplex</title><script type="module" src="/duplex.js"></script>',
        };
      return {
        headers: { 'content-type': 'text/html' },
        body: '<!doctype html><title>codegen</title><script type="module" src="/bundle.js"></script>',
      };
    });
    server.onSocket((socket, request) => {
      const ticket = new URL(request.url!, 'http://x').searchParams.get('ticket');
      if (ticket !== 'browser-ticket') return socket.close(4401, 'no ticket');
      const n = server.upgrades.length;
      if (new URL(request.url!, 'http://x').pathname === '/') {
        // The market channel (address `/`): heartbeats, and replies that carry the request's reqid.
        socket.send(JSON.stringify({ event: 'heartbeat' }));
        socket.on('message', (data) => {
          const message = JSON.parse(String(data)) as { event: string; reqid?: number };
          if (message.event === 'ping' && message.reqid !== 99)
            socket.send(JSON.stringify({ event: 'pong', reqid: message.reqid }));
          if (message.event === 'subscribe') {
            socket.send(JSON.stringify({ event: 'subscriptionStatus', reqid: 12345, status: 'error' }));
            socket.send(JSON.stringify({ event: 'subscriptionStatus', reqid: message.reqid, status: 'subscribed' }));
          }
        });
      } else if (request.url!.includes('quiet%20worker')) {
        // Silent for four of the default idle periods a Node client would use in a test, pinging meanwhile.
        const timer = setInterval(() => socket.ping(), 100);
        socket.on('close', () => clearInterval(timer));
        setTimeout(
          () => socket.send(Buffer.from(JSON.stringify({ type: 'StdOut', message: 'binary, after the silence' }))),
          1200,
        );
      } else if (n === 1) {
        socket.send(JSON.stringify({ type: 'InvocationStart' }));
        socket.send(JSON.stringify({ type: 'StdOut', message: 'before the drop' }));
        setTimeout(() => socket.terminate(), 50);
      } else {
        socket.send(JSON.stringify({ type: 'StdOut', message: 'after the reconnect' }));
      }
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a page and waits until its script has put `{ done: true }` at `window[key]`. */
  async function openPage(url: string, key: string) {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url + url);
    await page.waitForFunction(
      (k) => (window as unknown as Record<string, { done?: boolean } | undefined>)[k]?.done === true,
      key,
      { timeout: 15_000 },
    );
    const results = await page.evaluate((k) => (window as unknown as Record<string, unknown>)[k], key);
    return { page, pageErrors, results };
  }

  it('receives typed events over the browser WebSocket, reconnects after a drop, keeps a quiet stream on one connection, and reads binary JSON frames', async () => {
    const { page, pageErrors, results } = await openPage('/', 'results');
    expect(pageErrors).toStrictEqual([]);
    expect(results).toMatchObject({
      events: [
        { type: 'InvocationStart' },
        { type: 'StdOut', message: 'before the drop' },
        { type: 'StdOut', message: 'after the reconnect' },
      ],
      errors: [],
      done: true,
    });
    expect((results as { lifecycle: string[] }).lifecycle).toStrictEqual([
      'connecting',
      'open',
      'reconnecting',
      'connecting',
      'open',
      'closed',
    ]);
    await page.waitForFunction(
      () => (window as unknown as { results: { quiet: { done: boolean } } }).results.quiet.done,
      undefined,
      { timeout: 15_000 },
    );
    const quiet = await page.evaluate(() => (window as unknown as { results: { quiet: unknown } }).results.quiet);
    expect(quiet).toStrictEqual({
      events: [{ type: 'StdOut', message: 'binary, after the silence' }],
      lifecycle: ['connecting', 'open', 'closed'],
      done: true,
    });
    expect(server.upgrades).toHaveLength(3);
    expect(server.upgrades[0]!.url).toBe('/v1/components/c-1/workers/browser%20worker/connect?ticket=browser-ticket');
    expect(server.upgrades[0]!.headers.authorization).toBeUndefined();
    await page.close();
  });

  it('holds a duplex connection over the browser WebSocket: send, request/reply by correlation id, reply timeout', async () => {
    const { page, pageErrors, results: duplex } = await openPage('/duplex', 'duplex');
    expect(pageErrors).toStrictEqual([]);
    expect(duplex).toStrictEqual({
      replies: [
        { event: 'pong', reqid: 1 },
        { event: 'subscriptionStatus', reqid: 2, status: 'subscribed' },
      ],
      heartbeats: [{ event: 'heartbeat' }],
      timeout: 'ReplyTimeoutError',
      done: true,
    });
    await page.close();
  });
});
