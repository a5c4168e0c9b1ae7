/**
 * The compile guarantee, proven wide: a matrix of small specs that varies every option the emitters read
 * (each parameter location with each style and explode, required and optional, nullable or not, of each
 * kind of schema; string and integer cursors; read-only and write-only properties; int64 in parameters,
 * bodies, responses, errors and messages; each int64 mode; with and without an AsyncAPI document), each
 * generated and type-checked under `tsc --strict` (the pipeline's --typecheck: a type error is CG090).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig, type Int64Mode } from '../src/config.js';
import { DiagnosticError, formatDiagnostic } from '../src/diagnostics.js';
import { runPipeline } from '../src/pipeline.js';
import { tempDir } from './helpers.js';

const SCHEMAS: Record<string, unknown> = {
  string: { type: 'string' },
  int64: { type: 'integer', format: 'int64' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  enum: { type: 'string', enum: ['a', 'b'] },
  array: { type: 'array', items: { type: 'string' } },
  int64Array: { type: 'array', items: { type: 'integer', format: 'int64' } },
  object: { type: 'object', properties: { x: { type: 'string' }, n: { type: 'integer', format: 'int64' } } },
};

/** Each location with the styles (and explode values) the OpenAPI spec allows there. */
const STYLES: Record<string, [string, boolean][]> = {
  path: [
    ['simple', false],
    ['simple', true],
    ['label', false],
    ['label', true],
    ['matrix', false],
    ['matrix', true],
  ],
  query: [
    ['form', true],
    ['form', false],
    ['spaceDelimited', false],
    ['pipeDelimited', false],
    ['deepObject', true],
  ],
  header: [
    ['simple', false],
    ['simple', true],
  ],
  cookie: [
    ['form', true],
    ['form', false],
  ],
};

/** Which schemas a style can carry (delimited styles are for arrays, deepObject for objects). */
function fits(style: string, kind: string): boolean {
  if (style === 'spaceDelimited' || style === 'pipeDelimited') return kind === 'array' || kind === 'int64Array';
  if (style === 'deepObject') return kind === 'object';
  return true;
}

function operations(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [location, styles] of Object.entries(STYLES))
    styles.forEach(([style, explode], s) => {
      for (const kind of Object.keys(SCHEMAS).filter((k) => fits(style, k))) {
        // One operation per location, style and schema: each parameter's variants side by side.
        const variants =
          location === 'path'
            ? [
                [true, false],
                [true, true],
              ]
            : [
                [true, false],
                [false, false],
                [false, true],
              ];
        const parameters = variants.map(([required, nullable]) => ({
          name: `${location}-${kind}-${required ? 'req' : 'opt'}${nullable ? '-null' : ''}`,
          in: location,
          required,
          style,
          explode,
          schema: { ...(SCHEMAS[kind] as object), ...(nullable ? { nullable: true } : {}) },
        }));
        const segments = parameters.filter((p) => p.in === 'path').map((p) => `{${p.name}}`);
        const route = `/${location}/${s}/${kind}${segments.length > 0 ? `/${segments.join('/')}` : ''}`;
        paths[route] = {
          get: {
            operationId: `${location}${s}${kind}`,
            parameters,
            responses: { '204': { description: 'ok' } },
          },
        };
      }
    });
  return paths;
}

/** Pagination with string and integer cursors, required and optional; bodies and errors with every shape. */
function shapes(): Record<string, unknown> {
  const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
  const paths: Record<string, unknown> = {};
  for (const required of [true, false]) {
    paths[`/pages/string/${required}`] = {
      get: {
        operationId: `pagesString${required ? 'Required' : 'Optional'}`,
        parameters: [{ name: 'cursor', in: 'query', required, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            ...json({
              type: 'object',
              properties: {
                items: { type: 'array', items: { $ref: '#/components/schemas/Record' } },
                cursor: { type: 'string', nullable: true },
              },
            }),
          },
        },
      },
    };
    paths[`/pages/integer/${required}`] = {
      get: {
        operationId: `pagesInteger${required ? 'Required' : 'Optional'}`,
        parameters: [{ name: 'from', in: 'query', required, schema: { type: 'integer', format: 'int64' } }],
        responses: {
          '200': {
            description: 'ok',
            ...json({
              type: 'object',
              required: ['entries'],
              properties: {
                entries: { type: 'array', items: { type: 'integer', format: 'int64' } },
                next: { type: 'integer', format: 'int64' },
              },
            }),
          },
        },
      },
    };
    paths[`/records/${required}`] = {
      post: {
        operationId: `putRecord${required ? 'Required' : 'Optional'}`,
        requestBody: { required, ...json({ $ref: '#/components/schemas/Record' }) },
        responses: {
          '200': { description: 'ok', ...json({ $ref: '#/components/schemas/Record' }) },
          '404': { description: 'missing', ...json({ $ref: '#/components/schemas/Problem' }) },
          '4XX': {
            description: 'client error',
            ...json({ type: 'object', properties: { code: { type: 'integer', format: 'int64' } } }),
          },
          '503': { description: 'down' },
          default: { description: 'other', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    };
  }
  return paths;
}

const COMPONENTS = {
  schemas: {
    Record: {
      type: 'object',
      required: ['id', 'name'],
      properties: {
        id: { type: 'integer', format: 'int64', readOnly: true },
        name: { type: 'string' },
        secret: { type: 'string', writeOnly: true },
        size: { type: 'integer', format: 'int64', nullable: true },
        tags: { type: 'array', items: { type: 'string' } },
        parent: { $ref: '#/components/schemas/Record' },
        extra: { type: 'object', additionalProperties: { type: 'integer', format: 'int64' } },
        kind: { oneOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'string', nullable: true }] },
      },
    },
    Problem: {
      type: 'object',
      required: ['title'],
      properties: { title: { type: 'string' }, at: { type: 'integer', format: 'int64', readOnly: true } },
    },
  },
};

const ASYNCAPI = {
  asyncapi: '2.6.0',
  info: { title: 'Matrix events', version: '1.0.0' },
  servers: { main: { url: 'localhost:1', protocol: 'ws' } },
  channels: {
    '/events/{room}': {
      parameters: { room: { schema: { type: 'string' } } },
      subscribe: {
        message: { oneOf: [{ $ref: '#/components/messages/tick' }, { $ref: '#/components/messages/note' }] },
      },
      publish: { message: { $ref: '#/components/messages/say' } },
    },
  },
  components: {
    messages: {
      tick: {
        payload: {
          type: 'object',
          required: ['type', 'seq'],
          properties: { type: { const: 'tick' }, seq: { type: 'integer', format: 'int64' } },
        },
      },
      note: {
        payload: {
          type: 'object',
          required: ['type'],
          properties: { type: { const: 'note' }, text: { type: 'string', nullable: true } },
        },
      },
      say: {
        payload: {
          type: 'object',
          required: ['text'],
          properties: {
            text: { type: 'string' },
            seq: { type: 'integer', format: 'int64', readOnly: true },
            at: { type: 'integer', format: 'int64' },
          },
        },
      },
    },
  },
};

async function generate(int64: Int64Mode, withAsyncApi: boolean): Promise<string[]> {
  const dir = tempDir('codegen-matrix-');
  const spec = {
    openapi: '3.0.3',
    info: { title: 'Matrix', version: '1.0.0' },
    servers: [{ url: 'http://localhost:1' }],
    paths: { ...operations(), ...shapes() },
    components: COMPONENTS,
  };
  writeFileSync(path.join(dir, 'api.openapi.json'), JSON.stringify(spec));
  if (withAsyncApi) writeFileSync(path.join(dir, 'events.asyncapi.json'), JSON.stringify(ASYNCAPI));
  const config = resolveConfig({
    cwd: dir,
    adHoc: true,
    flags: {
      openapi: 'api.openapi.json',
      ...(withAsyncApi ? { asyncapi: 'events.asyncapi.json' } : {}),
      out: 'out',
      int64,
      typecheck: true,
    },
  });
  try {
    const result = await runPipeline(config);
    return [...result.files.keys()];
  } catch (error) {
    if (error instanceof DiagnosticError) throw new Error(error.diagnostics.map(formatDiagnostic).join('\n'));
    throw error;
  }
}

describe('the compile matrix', () => {
  it('covers every location, style, kind, required and nullable combination it means to', () => {
    const ops = Object.values(operations()) as { get: { parameters: unknown[] } }[];
    // path: 6 styles x 8 kinds; query: 2 x 8 + 2 delimited + 1 deepObject; header and cookie: 2 x 8 each.
    expect(ops.length).toBe(48 + 21 + 16 + 16);
    // Path parameters are required (nullable or not); the others required, optional, optional and nullable.
    expect(ops.flatMap((o) => o.get.parameters)).toHaveLength(48 * 2 + (21 + 16 + 16) * 3);
  });

  it.each<[Int64Mode, boolean]>([
    ['bigint', false],
    ['bigint', true],
    ['string', false],
    ['string', true],
    ['number', false],
    ['number', true],
  ])('int64 as %s, AsyncAPI %s: generates a package that type-checks under --strict', async (int64, withAsyncApi) => {
    const files = await generate(int64, withAsyncApi);
    expect(files).toContain('dist/index.d.ts');
    expect(files.includes('src/subscriptions.ts')).toBe(withAsyncApi);
  });
});
