/** Keyed files: each emitter is given its view of the IR alone, and its reuse key is that view's hash. */
import { describe, expect, it } from 'vitest';
import { keyedFiles, keyedInputs } from '../src/emit/keyed.js';
import { api, namedSchema, operation, prop, s } from '../src/ir/factory.js';
import { runPasses } from '../src/pipeline.js';

const spec = (summary: string, extra: string[] = []) =>
  runPasses(
    api({
      schemas: [
        namedSchema({
          name: 'Thing',
          schema: s.object([prop('id', s.string(), true), ...extra.map((p) => prop(p, s.string()))]),
        }),
      ],
      operations: [
        operation({ operationId: 'getThing', tags: ['things'], summary }),
        operation({ operationId: 'listPeople', path: '/people', tags: ['people'] }),
      ],
    }),
  );

const keys = (input: ReturnType<typeof spec>) => {
  const inputs = keyedInputs();
  return Object.fromEntries(keyedFiles(input).map((file) => [file.file, inputs.key(file).join('\n')]));
};

describe('keyed files', () => {
  it('give each operations file its own operations only, with the schemas and channels', () => {
    const files = keyedFiles(spec('one'));
    expect(files.map((f) => [f.file, f.view.operations.map((o) => o.operationId)])).toStrictEqual([
      ['src/schemas.d.ts', []],
      ['src/operations/people.ts', ['listPeople']],
      // Each group's descriptors read what its functions read.
      ['src/descriptors/people.ts', ['listPeople']],
      ['src/operations/things.ts', ['getThing']],
      ['src/descriptors/things.ts', ['getThing']],
      // The validators check every operation's values (they see each one's names, route and resolved model).
      ['src/validators.ts', ['getThing', 'listPeople']],
      // Fake data reads the schemas only.
      ['src/mocks.ts', []],
    ]);
    expect(files.every((f) => f.view.schemas === files[0]!.view.schemas)).toBe(true);
  });

  it('change the key of what an edit reaches, and only that', () => {
    const before = keys(spec('one'));
    // A summary is not on the wire: the descriptors and the validators, which read the wire's side of each
    // operation, keep their key.
    const summary = keys(spec('two'));
    expect(Object.keys(before).filter((file) => before[file] !== summary[file])).toStrictEqual([
      'src/operations/things.ts',
    ]);
    const schema = keys(spec('one', ['name']));
    expect(Object.keys(before).filter((file) => before[file] !== schema[file])).toStrictEqual([
      'src/schemas.d.ts',
      'src/operations/people.ts',
      'src/descriptors/people.ts',
      'src/operations/things.ts',
      'src/descriptors/things.ts',
      'src/validators.ts',
      'src/mocks.ts',
    ]);
  });
});
