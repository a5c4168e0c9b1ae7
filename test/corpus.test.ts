/**
 * Compile or a clear error, for any input. How the guarantee is kept: every identifier in a package is
 * chosen by one naming pass (src/passes/naming.ts) against the reserved words, the runtime's exports and the
 * client's own names, so a package compiles by construction; this corpus checks the construction with the
 * strict compiler (`typecheck: true`) on inputs made to break it, and on every spec in the repository. (The
 * feature fixtures are type-checked the same way in features.test.ts.)
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { DiagnosticError } from '../src/diagnostics.js';
import { RUNTIME } from '../src/emit/runtime-symbols.js';
import { CLIENT_NAMES } from '../src/passes/naming.js';
import { runPipeline } from '../src/pipeline.js';
import { repoRoot, tempDir } from './helpers.js';

/** Generates with the strict type-check; returns 'ok', or throws unless every error is located and named. */
async function compileOrClearError(kind: 'openapi' | 'asyncapi', file: string): Promise<'ok' | 'error'> {
  const config = resolveConfig({
    cwd: repoRoot,
    adHoc: true,
    flags: { [kind]: path.relative(repoRoot, file), out: 'unused', typecheck: true },
  });
  try {
    await runPipeline(config);
    return 'ok';
  } catch (error) {
    if (!(error instanceof DiagnosticError)) throw error;
    for (const d of error.diagnostics.filter((x) => x.severity === 'error')) {
      // CG090 is the generator's own failure: the package did not compile.
      expect(d.code, error.message).not.toBe('CG090');
      expect(
        [d.file, d.line, d.col].every((x) => x !== undefined),
        error.message,
      ).toBe(true);
    }
    return 'error';
  }
}

/** Every name the generator itself uses or derives, which a spec might also use. */
const TAKEN = [
  ...CLIENT_NAMES,
  ...Object.values(RUNTIME).flatMap((m) => [...m.values, ...m.types]),
  ...['index', 'client', 'schemas', 'subscriptions', 'runtime', 'int64', 'default', 'delete', 'class', 'body'],
  ...['Promise', 'Record', 'Response', 'Uint8Array', 'Blob', 'undefined', 'constructor', '__proto__'],
];

/** A spec where the names of schemas, operations, tags, parameters and properties are all the taken ones. */
function adversarialSpec(): object {
  const schemas: Record<string, object> = {};
  for (const name of TAKEN)
    schemas[name] = {
      type: 'object',
      properties: {
        [name]: { type: 'string' },
        size: { type: 'integer', format: 'int64' },
        self: { $ref: `#/components/schemas/${encodeURIComponent(name).replace(/~/g, '~0')}` },
      },
    };
  const paths: Record<string, object> = {};
  TAKEN.forEach((name, i) => {
    const schema = { $ref: `#/components/schemas/${encodeURIComponent(name)}` };
    const op = (suffix: string) => ({
      operationId: `${name}${suffix}`,
      tags: [name],
      parameters: [
        { name, in: 'query', schema: { type: 'integer', format: 'int64' } },
        { name: 'body', in: 'header', schema: { type: 'string' } },
      ],
      requestBody: { content: { 'application/json': { schema } } },
      responses: {
        '200': { description: 'ok', content: { 'application/json': { schema } } },
        '400': { description: 'bad', content: { 'application/json': { schema } } },
      },
    });
    // `x`, `xOperation`, `xParams`, `iterateX`: each also what the generator derives from another's name.
    paths[`/n${i}`] = { get: op(''), put: op('Operation'), post: op('Params'), patch: op('Int64') };
    paths[`/i${i}`] = { get: { ...op(''), operationId: `iterate ${name}` } };
  });
  return { openapi: '3.0.3', info: { title: 'Adversarial names', version: '1' }, paths, components: { schemas } };
}

/** The same for an AsyncAPI 3 document: channels, operations, messages and payload schemas of taken names. */
function adversarialAsyncApi(): object {
  const channels: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const messages: Record<string, object> = {};
  // `__proto__` as a key trips @asyncapi/parser's own validation (a located CG006, not ours to fix).
  TAKEN.filter((name) => name !== '__proto__').forEach((name, i) => {
    const key = `c${i}${name.replace(/[^A-Za-z0-9]/g, '')}`;
    messages[key] = {
      name,
      payload: {
        type: 'object',
        required: ['type'],
        properties: { type: { const: name }, [name]: { type: 'integer', format: 'int64' } },
      },
    };
    channels[key] = {
      address: `/${key}/{${name.replace(/[^A-Za-z0-9]/g, '') || 'p'}}`,
      messages: { [name.replace(/[^A-Za-z0-9_]/g, '') || 'm']: { $ref: `#/components/messages/${key}` } },
    };
    operations[name.replace(/[^A-Za-z0-9_]/g, '') || `op${i}`] = {
      action: i % 2 === 0 ? 'send' : 'receive',
      channel: { $ref: `#/channels/${key}` },
    };
  });
  return {
    asyncapi: '3.0.0',
    info: { title: 'Adversarial names', version: '1' },
    servers: { live: { host: 'localhost', protocol: 'ws' } },
    channels,
    operations,
    components: { messages },
  };
}

describe('compile or a clear error', () => {
  it('an AsyncAPI document whose every name is one the generator uses or derives compiles too', async () => {
    const file = path.join(tempDir(), 'adversarial.asyncapi.json');
    writeFileSync(file, JSON.stringify(adversarialAsyncApi()));
    expect(await compileOrClearError('asyncapi', file)).toBe('ok');
  }, 60_000);

  it('a spec whose every name is one the generator uses or derives compiles under tsc --strict', async () => {
    const file = path.join(tempDir(), 'adversarial.openapi.json');
    writeFileSync(file, JSON.stringify(adversarialSpec()));
    expect(await compileOrClearError('openapi', file)).toBe('ok');
  }, 60_000);

  const fixtures = [
    ...readdirSync(path.join(repoRoot, 'test/fixtures/diagnostics')).map((f) => `test/fixtures/diagnostics/${f}`),
    ...readdirSync(path.join(repoRoot, 'specs')).map((f) => `specs/${f}`),
  ];
  it.each(fixtures)('%s', async (fixture) => {
    const kind = path.basename(fixture).includes('asyncapi') ? 'asyncapi' : 'openapi';
    expect(['ok', 'error']).toContain(await compileOrClearError(kind, path.join(repoRoot, fixture)));
  });
});
