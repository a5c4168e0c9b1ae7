/**
 * The public surface (what the change report compares) against what each package really declares: for every
 * feature fixture and the Golem package, a file of type assertions, checked by the compiler, that each
 * function's params argument, its result and each schema type are the types the surface records (mutually
 * assignable). The surface is made from the resolved model, the declarations by the emitters: they cannot
 * drift apart without this failing.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printType } from '../src/surface/compare.js';
import { readSurface, SURFACE_FILE, type Surface } from '../src/surface/model.js';
import { generatePackage, repoRoot, strictDiagnostics, tempDir } from './helpers.js';

const featureDir = path.join(repoRoot, 'test/fixtures/features');

/**
 * The assertions for one package: every type qualified through `P`, the package's index; binary values as the
 * runtime's `BinaryInput`, under the name the index exports it (a schema may have taken the name).
 */
function assertions(surface: Surface, index: string): string {
  const binary = `P.${/\bBinaryInput as (\w+)/.exec(index)?.[1] ?? 'BinaryInput'}`;
  const print = (type: Surface['schemas'][string]['type']) => printType(type, q, binary);
  const q = (name: string) => `P.${name}`;
  const qualify = (text: string) =>
    // A type name starts with a capital, or with `_` where the name it came from starts with a digit (`_13`).
    text.replace(/\b([A-Z_][A-Za-z0-9_$]*)\b/g, (name) =>
      ['Promise', 'Array', 'Record', 'Uint8Array', 'ReadableStream'].includes(name) ? name : q(name),
    );
  const lines = [
    `type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;`,
    `type Expect<T extends true> = T;`,
  ];
  let n = 0;
  const check = (actual: string, expected: string) =>
    lines.push(`export type C${n++} = Expect<Same<${actual}, ${expected}>>;`);
  for (const [fn, op] of Object.entries(surface.operations)) {
    const fields = Object.entries(op.params).map(
      ([name, p]) => `${JSON.stringify(name)}${p.required ? '' : '?'}: ${print(p.type)}`,
    );
    if (op.body) fields.push(`body${op.body.required ? '' : '?'}: ${print(op.body.type)}`);
    check(`NonNullable<Parameters<typeof P.${fn}>[1]>`, `{ ${fields.join('; ')} }`);
    check(`ReturnType<typeof P.${fn}>`, qualify(op.returns));
    check(`ReturnType<P.Client[${JSON.stringify(fn)}]>`, qualify(op.returns));
  }
  for (const [name, schema] of Object.entries(surface.schemas)) check(`P.${name}`, print(schema.type));
  return lines.join('\n');
}

async function generatedPackage(fixture: string, root: string): Promise<string> {
  const out = path.join(root, fixture.replace(/\.ya?ml$/, ''));
  const flags: Record<string, string> = fixture.includes('client-side') ? { perspective: 'client' } : {};
  await generatePackage(path.join(featureDir, fixture), out, { flags });
  return out;
}

describe('the public surface', () => {
  it('says what every package declares: params, results and schema types, as the type-checker sees them', async () => {
    const root = tempDir();
    const packages = [path.join(repoRoot, 'generated/golem-client')];
    for (const fixture of readdirSync(featureDir).filter((f) => /\.ya?ml$/.test(f)))
      packages.push(await generatedPackage(fixture, root));
    const checks: string[] = [];
    let operations = 0;
    for (const dir of packages) {
      const surface = readSurface(readFileSync(path.join(dir, SURFACE_FILE), 'utf8'))!;
      expect(surface, dir).toBeDefined();
      operations += Object.keys(surface.operations).length;
      const file = path.join(root, `check-${checks.length}.ts`);
      const index = path.relative(root, path.join(dir, 'src/index.js'));
      const assertionsText = assertions(surface, readFileSync(path.join(dir, 'src/index.ts'), 'utf8'));
      writeFileSync(file, `import type * as P from './${index}';\n${assertionsText}\n`);
      checks.push(file);
    }
    expect(operations).toBeGreaterThan(60);
    const errors = strictDiagnostics(checks)
      .filter((d) => d.file && checks.includes(path.resolve(d.file.fileName)))
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start!);
        return `${path.basename(d.file!.fileName)}:${line + 1}: ${d.file!.text.split('\n')[line]}`;
      });
    expect(errors).toStrictEqual([]);
  }, 120_000);
});
