/**
 * Fake data (`<package>/mocks`: `fake.<Type>({ seed })`): for every schema type of the Golem package and of the
 * feature fixtures with the most varied schemas, a value that its validator accepts, the same for the same seed.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatePackage, repoRoot, tempDir } from './helpers.js';

type Fakes = Record<string, (options?: { seed?: number }) => unknown>;
type Validators = Record<string, { '~standard': { validate(value: unknown): { issues?: unknown } } }>;

const FIXTURES = [
  'composed-constraints',
  'schemas-3.0',
  'schemas-3.1',
  'int64',
  'read-write',
  'tuples-3.1',
  'names',
  'tolerated-findings',
];

async function load(dir: string): Promise<{ fake: Fakes; validators: Validators }> {
  const { fake } = (await import(pathToFileURL(path.join(dir, 'dist/mocks.js')).href)) as { fake: Fakes };
  const { validators } = (await import(pathToFileURL(path.join(dir, 'dist/validators.js')).href)) as {
    validators: Validators;
  };
  return { fake, validators };
}

describe('fake data', () => {
  it('is valid against the validators for every schema type, for several seeds', async () => {
    const root = tempDir();
    const dirs = [path.join(repoRoot, 'generated/golem-client')];
    for (const fixture of FIXTURES) {
      const out = path.join(root, fixture);
      await generatePackage(path.join(repoRoot, 'test/fixtures/features', `${fixture}.yaml`), out);
      dirs.push(out);
    }
    let checked = 0;
    for (const dir of dirs) {
      const { fake, validators } = await load(dir);
      expect(Object.keys(fake).sort()).toStrictEqual(Object.keys(validators).sort());
      for (const [name, make] of Object.entries(fake))
        for (const seed of [1, 2, 3]) {
          const value = make({ seed });
          expect(
            validators[name]!['~standard'].validate(value).issues,
            `${path.basename(dir)} ${name}`,
          ).toBeUndefined();
          checked++;
        }
    }
    expect(checked).toBeGreaterThan(250);
  }, 60_000);

  it('is the same for the same seed, and answers with the spec example where it is valid', async () => {
    const { fake } = await load(path.join(repoRoot, 'generated/golem-client'));
    expect(fake.WorkerMetadata!({ seed: 7 })).toStrictEqual(fake.WorkerMetadata!({ seed: 7 }));
    expect(fake.WorkerMetadata!({ seed: 7 })).not.toStrictEqual(fake.WorkerMetadata!({ seed: 8 }));
    const root = tempDir();
    const spec = path.join(root, 'examples.openapi.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      spec,
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'examples', version: '1' },
        paths: {},
        components: {
          schemas: {
            Sku: { type: 'string', pattern: '^[A-Z]{3}-[0-9]{4}$', example: 'ABC-1234' },
            Broken: { type: 'string', format: 'uuid', example: 'not-a-uuid' },
          },
        },
      }),
    );
    const out = path.join(root, 'pkg');
    await generatePackage(spec, out);
    const made = await load(out);
    // The example satisfies the pattern the faker could not follow; a broken example is replaced.
    expect(made.fake.Sku!()).toBe('ABC-1234');
    expect(made.fake.Broken!()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  }, 60_000);

  it('makes an allOf property exact in every member when one member declares it int64, and samples patterns', async () => {
    const out = path.join(tempDir(), 'composed');
    await generatePackage(path.join(repoRoot, 'test/fixtures/features/composed-constraints.yaml'), out);
    const { readFileSync } = await import('node:fs');
    const types = readFileSync(path.join(out, 'src/schemas.d.ts'), 'utf8');
    // Base says int64, the other member integer: the client reads a bigint, and both say so (not `bigint & number`).
    expect(types).toMatch(/export type Thing = Base & \{\n  id: bigint;/);
    const { fake } = await load(out);
    const thing = fake.Thing!({ seed: 4 }) as Record<string, unknown>;
    expect(typeof thing.id).toBe('bigint');
    expect(thing.reason).toMatch(/^(resolved|off-topic|spam)$/);
    expect(thing.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    // Read back exactly from the table's JSON text.
    expect(['back`tick', '${dollar}', 'back\\slash', 'dou"ble']).toContain(thing.quote);
    const quotes = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => (fake.Thing!({ seed }) as { quote: string }).quote));
    expect(quotes.size).toBeGreaterThan(1);
    // An anyOf branch that only requires `matches` gives it the object's own declaration (an array of strings).
    const updates = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => fake.Update!({ seed }) as Record<string, unknown>);
    const withMatches = updates.filter((u) => 'matches' in u);
    expect(withMatches.length).toBeGreaterThan(0);
    for (const u of withMatches) expect(Array.isArray(u.matches)).toBe(true);
  });
});
