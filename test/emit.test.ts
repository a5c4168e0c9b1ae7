import { describe, expect, it } from 'vitest';
import { emitPackage, emitSources, finishPackage, GeneratedCodeError } from '../src/emit/index.js';
import { api, channel, message, namedSchema, operation, parameter, prop, s } from '../src/ir/factory.js';
import { runPasses } from '../src/pipeline.js';
import { Call, Identifier, importsOf, PackageRef, runtimeRef, Thunk } from '../src/emit/literal-writer.js';
import { channelCredentials, securityAlternatives, securitySpec } from '../src/emit/security.js';

/** A small API built with the factory: every emitter is exercised without parsing a spec. */
function sample() {
  const event = namedSchema({
    name: 'Event',
    schema: s.object([prop('type', s.enum(['A', 'B'])), prop('text', s.string())]),
  });
  return runPasses(
    api({
      sources: { openapi: 'specs/sample.yaml', asyncapi: 'specs/sample-events.yaml' },
      servers: [{ url: 'https://api.example.com' }],
      securitySchemes: [{ key: 'bearer', type: 'http', scheme: 'bearer' }],
      schemas: [
        namedSchema({
          name: 'Thing',
          schema: s.object([
            prop('id', s.string(), true),
            prop('note', s.string({ description: 'Ends a comment */ here', nullable: true })),
          ]),
        }),
        namedSchema({ name: 'Problem', schema: s.object([prop('error', s.string())]) }),
        event,
      ],
      operations: [
        operation({
          operationId: 'getThing',
          path: '/things/{thing_id}',
          tags: ['Things'],
          parameters: [parameter({ name: 'thing_id', in: 'path' })],
          responses: [
            {
              status: '200',
              contents: [{ mediaType: 'application/json', schema: s.ref('#/components/schemas/Thing') }],
            },
            {
              status: '404',
              contents: [{ mediaType: 'application/json', schema: s.ref('#/components/schemas/Problem') }],
            },
          ],
          security: [{ schemes: ['bearer'] }],
        }),
        operation({
          operationId: 'connect',
          tags: ['Things'],
          path: '/things/{thing_id}/events',
          parameters: [parameter({ name: 'thing_id', in: 'path' })],
          responses: [{ status: '101', contents: [] }],
        }),
      ],
      channels: [
        channel({
          id: 'watchThing',
          operationId: 'watchThing',
          address: '/things/{thing_id}/events',
          parameters: [parameter({ name: 'thing_id', in: 'path' })],
          receives: [message({ name: 'Event', payload: s.ref(event.id) })],
        }),
      ],
    }),
  );
}

describe('emitters', () => {
  it('write a package that type-checks, from IR alone', async () => {
    const { files } = await emitPackage(sample(), {
      packageName: 'sample-client',
      packageVersion: '1.0.0',
      typecheck: true,
    });
    expect([...files.keys()].filter((f) => f.startsWith('src/') && !f.startsWith('src/runtime/'))).toStrictEqual([
      'src/client.ts',
      // The operations, the descriptors, the fake data and the validators are shipped as JavaScript with
      // declarations (keyed.ts).
      'src/descriptors/things.d.ts',
      'src/descriptors/things.js',
      'src/index.ts',
      'src/mocks.d.ts',
      'src/mocks.js',
      'src/operations/things.d.ts',
      'src/operations/things.js',
      'src/schemas.d.ts',
      'src/subscriptions.ts',
      'src/validators.d.ts',
      'src/validators.js',
    ]);
    for (const name of [
      'src/schemas.d.ts',
      'src/operations/things.d.ts',
      'src/operations/things.js',
      'src/subscriptions.ts',
      'src/client.ts',
      'src/descriptors/things.js',
      'src/validators.js',
      'src/validators.d.ts',
    ]) {
      await expect(files.get(name)).toMatchFileSnapshot(`__snapshots__/sample/${name}`);
    }
    expect(files.get('src/schemas.d.ts')).toContain('Ends a comment *\\/ here');
  });
});

describe('a generator bug', () => {
  it('is caught by --typecheck before anything is written (CG090 in the pipeline)', async () => {
    const broken = sample();
    // A schema that points at a type no one declares: the package cannot compile.
    broken.schemas[0]!.schema = { kind: 'ref', target: '#/nowhere' };
    broken.schemas.push({ ...broken.schemas[0]!, id: '#/nowhere', typeName: 'Thing' });
    await expect(emitPackage(broken, { packageName: 'x', packageVersion: '1.0.0', typecheck: true })).rejects.toThrow(
      GeneratedCodeError,
    );
  });

  // The validators are shipped as JavaScript with declarations (megabytes of checks over `any` values for a
  // large spec); codegen's own check reads their TypeScript.
  it('in a module shipped as JavaScript (the validators) is still caught by --typecheck', async () => {
    const options = { packageName: 'x', packageVersion: '1.0.0' };
    const emitted = await emitSources(sample(), options);
    // A type error that only the validators' TypeScript holds (their JavaScript and declarations do not show it).
    emitted.raw.set('src/validators.ts', `${emitted.raw.get('src/validators.ts')!}export const n: number = 'a';\n`);
    await expect(finishPackage(emitted, { typecheck: true })).rejects.toThrow(
      /src\/validators\.ts:\d+: Type 'string' is not assignable to type 'number'/,
    );
  });

  // The schemas are shipped as a declaration file, which `skipLibCheck` (the package's, and the check's) would
  // not check: codegen's own check reads it as TypeScript, and names it as it is written.
  it('in the schemas declaration file is still caught by --typecheck, at its path and line', async () => {
    const options = { packageName: 'x', packageVersion: '1.0.0' };
    const emitted = await emitSources(sample(), options);
    const schemas = emitted.raw.get('src/schemas.d.ts')!;
    emitted.raw.set('src/schemas.d.ts', `${schemas}export type Broken = NoSuchType;\n`);
    const line = schemas.split('\n').length;
    await expect(finishPackage(emitted, { typecheck: true })).rejects.toThrow(
      new RegExp(`src/schemas\\.d\\.ts:${line}: Cannot find name 'NoSuchType'`),
    );
  });

  // `Client`'s methods are worked out from the operation functions (BoundMethods): a function that does not take
  // the core first would be a method no one can call (`never`); codegen's own check, a module it does not
  // write, says so.
  it('an operation function that does not take the core first is caught by --typecheck, in a module not shipped', async () => {
    const options = { packageName: 'x', packageVersion: '1.0.0', typecheck: true };
    const tamper = (emitted: Awaited<ReturnType<typeof emitSources>>) => {
      const head = 'export function getThing(client: ClientCore,';
      const [file, text] = [...emitted.raw].find(([f, t]) => f.startsWith('src/operations/') && t.includes(head))!;
      // Still a function that type-checks on its own: it asks for more than a core.
      emitted.raw.set(file, text.replace(head, 'export function getThing(client: ClientCore & { tenant: string },'));
      return emitted;
    };
    await expect(finishPackage(tamper(await emitSources(sample(), options)), options)).rejects.toThrow(
      /src\/client\.check\.ts:\d+: .*'true' is not assignable to type '"getThing"'/s,
    );
    // Without the check the package type-checks as it is: nothing else calls the method.
    const unchecked = tamper(await emitSources(sample(), options));
    unchecked.checks.clear();
    const { files } = await finishPackage(unchecked, options);
    expect([...files.keys()].some((f) => f.includes('client.check'))).toBe(false);
  });

  it('the package ships the validators as they are in dist/, without their TypeScript', async () => {
    const { files } = await emitPackage(sample(), { packageName: 'x', packageVersion: '1.0.0' });
    expect(files.has('src/validators.ts')).toBe(false);
    expect(files.get('src/validators.js')).toBe(files.get('dist/validators.js'));
    expect(files.get('src/validators.d.ts')).toBe(files.get('dist/validators.d.ts'));
  });
});

describe('descriptor literals', () => {
  it('import what they name from the runtime and from the package, by module; globals are not imported', () => {
    const literal = {
      decode: runtimeRef('decode', 'decodeJson'),
      params: [
        { serialize: runtimeRef('encode', 'serializeFormParam') },
        { serialize: runtimeRef('encode', 'serializeFormParam') },
      ],
      readJson: new Call(runtimeRef('int64', 'exactJsonReader'), [
        {
          v: new Identifier('BigInt'),
          p: { at: { of: [new Thunk(new PackageRef('int64.js', 'stampInt64'))] } },
          of: [new Thunk(new PackageRef('int64.js', 'thingInt64')), new Thunk(new Identifier('localShape'))],
        },
      ]),
      security: [[runtimeRef('http', 'bearerAuth')]],
      errors: ['404'],
    };
    expect(importsOf(literal)).toStrictEqual({
      runtime: new Map<string, Set<string>>([
        ['decode', new Set(['decodeJson'])],
        ['encode', new Set(['serializeFormParam'])],
        ['int64', new Set(['exactJsonReader'])],
        ['http', new Set(['bearerAuth'])],
      ]),
      package: new Map([['int64.js', new Set(['stampInt64', 'thingInt64'])]]),
    });
  });
});

describe('security descriptors', () => {
  it('map each scheme kind to what the runtime sends', () => {
    const withSchemes = api({
      securitySchemes: [
        { key: 'bearer', type: 'http', scheme: 'bearer' },
        { key: 'basic', type: 'http', scheme: 'basic' },
        { key: 'oauth', type: 'oauth2' },
        { key: 'key', type: 'apiKey', in: 'query', paramName: 'api_key' },
        { key: 'tls', type: 'mutualTLS' },
      ],
    });
    const requirements = [
      { schemes: ['bearer'] },
      { schemes: ['basic', 'key'] },
      { schemes: ['oauth'] },
      { schemes: ['tls'] },
      { schemes: ['missing'] },
    ];
    expect(securityAlternatives(withSchemes, requirements)).toStrictEqual([
      [{ type: 'bearer' }],
      [{ type: 'basic' }, { type: 'apiKey', in: 'query', name: 'api_key' }],
      [{ type: 'bearer' }],
    ]);
    // As descriptors write them: the runtime's fixed schemes by name, an API key with its place's serializer.
    expect(securitySpec(withSchemes, requirements)).toStrictEqual([
      [runtimeRef('http', 'bearerAuth')],
      [
        runtimeRef('http', 'basicAuth'),
        { type: 'apiKey', in: 'query', name: 'api_key', serialize: runtimeRef('encode', 'serializeFormParam') },
      ],
      [runtimeRef('http', 'bearerAuth')],
    ]);
    expect(channelCredentials(withSchemes, [{ schemes: ['key'] }, { schemes: ['oauth'] }])).toStrictEqual([
      'apiKey',
      'bearer',
    ]);
  });
});
