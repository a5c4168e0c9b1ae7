/**
 * One small spec per feature (test/fixtures/features) and per diagnostic (test/fixtures/diagnostics).
 * Each generated package is type-checked with the strict compiler while it is generated (a type error
 * fails the run); these tests pin the output and the diagnostics as file snapshots.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import type { DiagnosticError } from '../src/diagnostics.js';
import { runPipeline } from '../src/pipeline.js';
import { plan, write } from '../src/write.js';
import { repoRoot, runCli, tempDir } from './helpers.js';

const featureDir = path.join(repoRoot, 'test/fixtures/features');
const diagnosticDir = path.join(repoRoot, 'test/fixtures/diagnostics');

async function generate(fixture: string, perspective?: 'server' | 'client') {
  const kind = path.basename(fixture).includes('asyncapi') ? 'asyncapi' : 'openapi';
  // A document written from the client's side says so in its name (`client-side`).
  const side = perspective ?? (path.basename(fixture).includes('client-side') ? 'client' : undefined);
  const config = resolveConfig({
    cwd: repoRoot,
    adHoc: true,
    flags: {
      [kind]: path.relative(repoRoot, fixture),
      out: 'unused',
      typecheck: true,
      ...(side ? { perspective: side } : {}),
    },
  });
  return runPipeline(config);
}

/**
 * Generates a fixture's package into a temp dir and runs `body` in a fresh Node process with the package
 * imported as `m`; returns what the program prints as JSON.
 */
async function runWithPackage(fixture: string, body: string) {
  const result = await generate(path.join(featureDir, fixture));
  const out = tempDir();
  await write(out, result.files, await plan(out, result.files));
  const program = `const m = await import(${JSON.stringify(path.join(out, 'dist/index.js'))});\n${body}`;
  const printed = execFileSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
  return { result, printed: JSON.parse(printed) as unknown };
}

describe('feature fixtures', () => {
  it.each(readdirSync(featureDir).filter((f) => /\.ya?ml$/.test(f)))('%s', async (name) => {
    const result = await generate(path.join(featureDir, name));
    const stem = name.replace(/\.ya?ml$/, '');
    for (const [file, text] of result.files) {
      // The READMEs of the realtime fixtures document subscriptions and event streams: pinned too.
      const readme = file === 'README.md' && (name.includes('asyncapi') || name.includes('event-stream'));
      if (readme || (file.startsWith('src/') && !file.startsWith('src/runtime/')))
        await expect(text).toMatchFileSnapshot(`__snapshots__/features/${stem}/${file}`);
    }
    await expect(
      result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}:${d.col} ${d.message}`).join('\n') + '\n',
    ).toMatchFileSnapshot(`__snapshots__/features/${stem}/diagnostics.txt`);
  });

  it('never exposes a realtime client that can deliver nothing, over every AsyncAPI document of the tests', async () => {
    const documents = [
      ...readdirSync(featureDir)
        .filter((f) => f.includes('asyncapi'))
        .map((f) => path.join(featureDir, f)),
      ...readdirSync(path.join(repoRoot, 'specs'))
        .filter((f) => f.includes('asyncapi'))
        .map((f) => path.join(repoRoot, 'specs', f)),
    ];
    expect(documents.length).toBeGreaterThan(5);
    for (const document of documents) {
      const subscriptions = (await generate(document)).files.get('src/subscriptions.ts') ?? '';
      const declared = new Map(
        [...subscriptions.matchAll(/^export type (\w+) = ([^;]+);/gm)].map(([, name, type]) => [name!, type!.trim()]),
      );
      const never = (name: string | undefined) => name !== undefined && declared.get(name) === 'never';
      // A receive-only subscription of never, or a send of never.
      for (const [, event] of subscriptions.matchAll(/Subscription<\s*(\w+)/g))
        expect(never(event), `${path.basename(document)}: Subscription<${event}>`).toBe(false);
      for (const [name, type] of declared)
        if (name.endsWith('Outgoing')) expect(type, `${path.basename(document)}: ${name}`).not.toBe('never');
    }
  });

  it("says in the run's summary which channels no operation uses, and sends unknown where a publish names no message", async () => {
    const declared = await generate(path.join(featureDir, 'declared-channels-asyncapi-3.yaml'));
    expect(declared.notes).toStrictEqual([
      'channel "audit" is used by no operation: its message types are in src/schemas.d.ts, no client function',
    ]);
    expect(declared.files.get('src/schemas.d.ts')).toContain('export interface AuditEntry {');
    expect(declared.files.get('src/subscriptions.ts')).not.toMatch(/audit/i);
    // Channels only replied on are used by the operations that reply on them; one socket's channels are one.
    const sockets = await generate(path.join(featureDir, 'multi-channel-socket-asyncapi-3.yaml'));
    expect(sockets.notes).toStrictEqual([
      'channels "ping", "heartbeat", "systemStatus", "subscribe" are one socket (/): one client function, connectExchangeFeed',
    ]);
    const loose = await generate(path.join(featureDir, 'publish-without-message-asyncapi-2.yaml'));
    expect(loose.files.get('src/schemas.d.ts')).toContain('export type SendAnythingMessage = unknown;');
    expect(loose.files.get('src/subscriptions.ts')).toContain(
      'export type SendAnythingOutgoing = SendAnythingMessage;',
    );
  });

  it('tolerates AsyncAPI findings that do not stop a correct client: located warnings, errors under --strict', async () => {
    const fixture = path.join(featureDir, 'tolerated-findings-asyncapi-2.yaml');
    const result = await generate(fixture);
    expect(result.diagnostics.map((d) => [d.severity, d.code, d.line, d.pointer])).toStrictEqual([
      ['warning', 'CG013', 12, '/channels/~1rooms~1{room}/parameters/unused'],
      ['warning', 'CG013', 21, '/channels/~1rooms~1{room}/subscribe/message/examples/0/payload'],
    ]);
    // The parameter the address does not use is nothing the client fills in.
    expect(result.files.get('src/subscriptions.ts')).not.toContain('unused');
    const strict = resolveConfig({
      cwd: repoRoot,
      adHoc: true,
      flags: { asyncapi: path.relative(repoRoot, fixture), out: 'unused', strict: true },
    });
    const refused = await runPipeline(strict).catch((e: unknown) => e);
    expect((refused as DiagnosticError).diagnostics.map((d) => [d.severity, d.code])).toStrictEqual([
      ['error', 'CG013'],
      ['error', 'CG013'],
    ]);
  });

  it('reads an AsyncAPI document from the side it describes: the same messages, sent and received the other way round', async () => {
    const fixture = path.join(featureDir, 'speech-client-side-asyncapi-3.yaml');
    const declared = (text: string) =>
      [...text.matchAll(/^export type (\w+) = ([^;]+);/gm)].map(([, name, type]) => `${name} = ${type}`);
    const client = declared((await generate(fixture, 'client')).files.get('src/subscriptions.ts')!);
    const server = declared((await generate(fixture, 'server')).files.get('src/subscriptions.ts')!);
    expect(client).toContain('ConnectSessionEvent = AddTranscript | EndOfTranscript');
    expect(client).toContain('ConnectSessionOutgoing = StartRecognition');
    expect(server).toContain('ConnectSessionEvent = StartRecognition');
    expect(server).toContain('ConnectSessionOutgoing = AddTranscript | EndOfTranscript');
  });

  it("fills server variables: the defaults for defaultBaseUrl, the caller's values through createClient", async () => {
    const { printed } = await runWithPackage(
      'server-variables.yaml',
      `const client = m.createClient({ serverVariables: { scheme: 'http', basePath: 'v2' } });
      console.log(JSON.stringify([m.defaultBaseUrl, m.serverUrl({ scheme: 'http' }), client.core.config.baseUrl]));`,
    );
    expect(printed).toStrictEqual([
      'https://developer.example.gov/ds-api',
      'http://developer.example.gov/ds-api',
      'http://developer.example.gov/v2',
    ]);
  });

  it('sends path parameters in their styles: arrays, label, matrix and exploded objects', async () => {
    const { printed } = await runWithPackage(
      'path-styles.yaml',
      `const urls = [];
      const client = m.createClient({
        baseUrl: 'http://api.test',
        fetch: async (url) => (urls.push(String(url)), new Response(null, { status: 204 })),
      });
      await client.getPoint({ coords: [3, 4], label: ['a', 'b c'], matrix: 'x', filter: { role: 'admin', firstName: 'Alex' } });
      console.log(JSON.stringify(urls));`,
    );
    expect(printed).toStrictEqual(['http://api.test/points/3,4/.a.b%20c;matrix=x/role=admin,firstName=Alex']);
  });

  it("places each scheme's credential as its descriptor says, and picks the first alternative the client can meet", async () => {
    const { printed } = await runWithPackage(
      'security-schemes.yaml',
      `const sent = [];
      const fetch = async (url, init) => (sent.push([String(url), init.headers]), new Response(null, { status: 204 }));
      const tokenOnly = m.createClient({ baseUrl: 'http://api.test', fetch, token: 't 1' });
      const both = m.createClient({ baseUrl: 'http://api.test', fetch, token: 't 1', apiKey: 'k&1' });
      await tokenOnly.withBearer();
      await tokenOnly.withBasic();
      await tokenOnly.withKeys({ theme: 'dark' });
      await both.withKeys({ theme: 'dark' });
      await both.withHeaderKey();
      await both.open();
      const shown = (headers) => [headers.authorization, headers['x-api-key'], headers.cookie];
      console.log(JSON.stringify(sent.map(([url, headers]) => [url, ...shown(headers)])));`,
    );
    expect(printed).toStrictEqual([
      ['http://api.test/bearer', 'Bearer t 1', null, null],
      ['http://api.test/basic', 'Basic t 1', null, null],
      // Without an API key, the OAuth alternative.
      ['http://api.test/keys', 'Bearer t 1', null, 'theme=dark'],
      ['http://api.test/keys?api_key=k%261', null, null, 'theme=dark; session=k%261'],
      ['http://api.test/header-key', null, 'k&1', null],
      ['http://api.test/open', null, null, null],
    ]);
  });

  it("says in the run's summary what webhooks and callbacks became", async () => {
    const result = await generate(path.join(featureDir, 'webhooks-3.1.yaml'));
    expect(result.notes).toStrictEqual([
      '2 webhooks: payload types in the Webhooks type (src/schemas.d.ts), no client calls',
      '1 callback: payload types in the Callbacks type (src/schemas.d.ts), no client calls',
    ]);
  });

  it("keeps the spec's schema names: runtime exports of the same name are exported under aliases", async () => {
    const { result, printed } = await runWithPackage(
      'runtime-names.yaml',
      `const error = new m.RuntimeApiError({ status: 400, body: { code: 7 }, response: new Response(null, { status: 400 }), operationId: 'setOptions', operation: 'setOptions', method: 'POST', url: 'http://x/options' });
      console.log(JSON.stringify(['ApiError' in m, 'RequestError' in m, error instanceof m.RuntimeRequestError, error.name]));`,
    );
    // The schemas are types only: at run time the index holds the runtime's classes under their aliases.
    expect(printed).toStrictEqual([false, false, true, 'ApiError']);
    expect(result.files.get('README.md')).toContain('- `RequestError` is exported as `RuntimeRequestError`');
    const index = result.files.get('dist/index.d.ts')!;
    expect(index).toMatch(/export type \* from ["']\.\/schemas\.js["'];/);
    // The schemas module is a declaration file: no JavaScript, and nothing imports it at run time.
    expect(result.files.has('dist/schemas.js')).toBe(false);
    expect(result.files.get('dist/index.js')).not.toContain('schemas');
    expect(index).toMatch(/RequestOptions as RuntimeRequestOptions/);
  });

  it('hostile text stays inert: the package compiles and importing it runs nothing from the spec', async () => {
    const { result, printed } = await runWithPackage(
      'hostile.yaml',
      `const client = m.createClient();
      console.log(JSON.stringify([globalThis.pwned ?? null, m.servers[0], typeof client.evilOp]));`,
    );
    expect(printed).toStrictEqual([null, "http://localhost/'; globalThis.pwned = 3; '", 'function']);
    const schemas = result.files.get('src/schemas.d.ts')!;
    expect(schemas).toContain("'*/ globalThis.pwned = 9; /*'?: string;");
    expect(schemas).not.toMatch(/\/\*\*[^*]*\*\/ globalThis/);
  });
});

describe('diagnostic fixtures', () => {
  const progress = /^codegen: (load|parse|passes|emit|format|compile|write) +\d+ ms$|^codegen: wrote /;
  it.each(readdirSync(diagnosticDir))('%s', async (name) => {
    const flag = name.startsWith('asyncapi') ? '--asyncapi' : '--openapi';
    const out = tempDir();
    const { code, stderr } = await runCli(['run', flag, path.join('test/fixtures/diagnostics', name), '--out', out]);
    const text = stderr
      .split('\n')
      .filter((line) => !progress.test(line))
      .join('\n');
    await expect(`exit ${code}\n${text}`).toMatchFileSnapshot(`__snapshots__/diagnostics/${name}.txt`);
    // Warnings only: generated anyway.
    const generated = [
      'unknown-type.yaml',
      'shared-schema-error.yaml',
      'duplicate-operation-id.yaml',
      'lenient-yaml.yaml',
      'empty-ref-cycle.yaml',
    ];
    expect(code).toBe(generated.includes(name) ? 0 : 1);
    // Compile or a clear error: a failed run names the file, the line and column, and the code of each error.
    const errors = text.split('\n').filter((line) => / error CG\d{3}: /.test(line));
    expect(errors.length > 0).toBe(code !== 0);
    for (const line of errors) expect(line).toMatch(/^test\/fixtures\/diagnostics\/[^:]+:\d+:\d+: error CG\d{3}: \S/);
    expect(readdirSync(out).length > 0).toBe(code === 0);
  });

  it('--strict turns warnings into errors', async () => {
    const out = tempDir();
    const { code, stderr } = await runCli([
      'run',
      '--openapi',
      'test/fixtures/diagnostics/unknown-type.yaml',
      '--out',
      out,
      '--strict',
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('error CG010: unknown schema type "integr"; treated as unknown');
    expect(readdirSync(out)).toStrictEqual([]);
  });
});
