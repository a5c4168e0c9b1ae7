/**
 * Files are printed, formatted and compiled in parts. Where a file is cut must never show in its text, and
 * a file that does not compile must be reported, never written.
 */
import { StructureKind } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { compilePackage } from '../src/emit/compile.js';
import { createFile, groupParts, type Statement } from '../src/emit/context.js';
import { formatReusing } from '../src/emit/reuse.js';
import { formatTypeScript } from '../src/format.js';

const declarations = (prefix: string): Statement[] =>
  Array.from({ length: 6 }, (_, i): Statement[] => [
    { kind: StructureKind.TypeAlias, isExported: true, name: `${prefix}Id${i}`, type: 'string' },
    { kind: StructureKind.TypeAlias, isExported: true, name: `${prefix}Kind${i}`, type: "'a' | 'b'" },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: `${prefix}Thing${i}`,
      docs: [{ description: `Thing ${i}.` }],
      properties: [{ name: 'id', type: `${prefix}Id${i}` }],
    },
    `export const ${prefix.toLowerCase()}Value${i} = ${i};`,
    {
      kind: StructureKind.Function,
      isExported: true,
      name: `${prefix.toLowerCase()}Make${i}`,
      returnType: 'number',
      statements: [`return ${prefix.toLowerCase()}Value${i};`],
    },
  ]).flat();

async function formatted(partSize: number): Promise<{ text: string; parts: number }> {
  const out = new Map<string, string>();
  createFile({
    out,
    path: 'src/x.ts',
    header: ['// banner', "import type { Y } from './y.js';"],
    sections: [declarations('A'), declarations('B')],
    partSize,
  });
  const { texts } = await formatReusing(groupParts(out), undefined);
  return { text: texts.get('src/x.ts')!, parts: out.size };
}

describe('parts of a file', () => {
  it('give the same text however the file is cut, and the text prettier gives the whole file', async () => {
    const one = await formatted(1);
    const few = await formatted(200);
    const sections = await formatted(Infinity);
    expect(one.parts).toBe(60);
    expect(few.parts).toBeGreaterThan(2);
    expect(sections.parts).toBe(2);
    expect(few.text).toBe(one.text);
    expect(sections.text).toBe(one.text);
    expect(await formatTypeScript(one.text, 'src/x.ts')).toBe(one.text);
  });
});

describe('per-file compile', () => {
  const compile = (text: string) => compilePackage(new Map([['src/a.ts', text]]));

  it('gives JavaScript and declarations', () => {
    const { outputs, errors } = compile('export function f(x: number): number {\n  return x;\n}\n');
    expect(errors).toStrictEqual([]);
    expect(outputs.get('dist/a.js')).toContain('export function f(x) {');
    expect(outputs.get('dist/a.d.ts')).toContain('export declare function f(x: number): number;');
  });

  it('gives a declaration file as it is, with no JavaScript', () => {
    const text = '// banner\nexport interface A {\n  a: string;\n}\n';
    const { outputs, errors } = compilePackage(new Map([['src/types.d.ts', text]]));
    expect(errors).toStrictEqual([]);
    expect(outputs).toStrictEqual(new Map([['dist/types.d.ts', text]]));
  });

  it('reports a syntax error and an export the declarations cannot be derived from, with file and line, and writes nothing', () => {
    expect(compile('\nexport const x: number = ;\n')).toMatchObject({
      outputs: new Map(),
      errors: [expect.stringMatching(/^src\/a\.ts:2: /)],
    });
    const missing = compile('export const a = 1;\nexport function f(x: number) {\n  return x;\n}\n');
    expect(missing.outputs).toStrictEqual(new Map());
    expect(missing.errors).toHaveLength(1);
    expect(missing.errors[0]).toMatch(/^src\/a\.ts:2: .*return type/i);
  });
});
