/**
 * Type declarations printed in final form (src/emit/type-layout.ts) must be exactly what prettier makes of
 * the same declaration printed by ts-morph: checked on the shapes the layout knows, at and around the print
 * width, and on a few thousand random type trees. A declaration the layout gives up on goes to prettier.
 */
import { printStructure, StructureKind } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { banner, createFile, groupParts, typeImport, valueImport, type Statement } from '../src/emit/context.js';
import { headerText } from '../src/emit/import-layout.js';
import { formatReusing } from '../src/emit/reuse.js';
import { declarationStructure, functionStructure, typeDeclaration } from '../src/emit/declarations.js';
import { docText, stringLiteral } from '../src/emit/text.js';
import { quoted } from '../src/emit/type-layout.js';
import type { MemberTree, TypeTree } from '../src/emit/type-writer.js';
import { functionText, type FunctionShape } from '../src/emit/function-layout.js';
import { formatTypeScript } from '../src/format.js';

async function prettierOf(name: string, doc: string | undefined, body: TypeTree | MemberTree[]): Promise<string> {
  const statements = [declarationStructure(name, doc, body)];
  return formatTypeScript(printStructure({ kind: StructureKind.SourceFile, statements }), 'x.ts');
}

function laidOut(name: string, doc: string | undefined, body: TypeTree | MemberTree[]): string | undefined {
  const declaration = typeDeclaration(name, doc, body);
  return typeof declaration === 'object' && 'final' in declaration ? declaration.final : undefined;
}

/** A seeded generator (the same random cases every run) and a pick from a list with it. */
function seeded(start: number) {
  let seed = start;
  const random = (): number => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return { random, pick };
}

const word = (text: string): TypeTree => ({ t: 'word', text });
const lit = (value: string | number | boolean | null): TypeTree => ({ t: 'literal', value });
const union = (...members: TypeTree[]): TypeTree => ({ t: 'union', members });
const nullable = (tree: TypeTree): TypeTree => ({ t: 'parens', inner: union(tree, lit(null)) });
const member = (name: string | undefined, type: TypeTree, extra: Partial<MemberTree> = {}): MemberTree => ({
  name,
  type,
  readonly: false,
  optional: false,
  ...extra,
});
const object = (...members: MemberTree[]): TypeTree => ({ t: 'object', members });
const enumOf = (n: number, length: number): TypeTree =>
  union(...Array.from({ length: n }, (_, i) => lit(`${String.fromCharCode(97 + i)}`.repeat(length))));

describe('type layout', () => {
  const cases: [string, TypeTree | MemberTree[]][] = [
    ['a short union', enumOf(3, 5)],
    ['an interface without members', []],
    ['a union that fits on the next line', enumOf(8, 12)],
    ['a union one member per line', enumOf(12, 14)],
    ['a nullable enum (one union to prettier)', nullable(enumOf(12, 14))],
    ['a nullable object, hugged', nullable(object(member('a', word('string')), member('b', enumOf(2, 3))))],
    [
      'nested objects, arrays of objects, docs with trailing spaces',
      [
        member(undefined, word('unknown')),
        member('plain', word('string'), { doc: 'One line.' }),
        member('x-quoted', lit("it's"), { optional: true, doc: 'Two  \nlines with a break.   \n\nAnd a gap. ' }),
        member('nested', object(member('inner', nullable(word('Thing')), { doc: 'Inner.', readonly: true }))),
        member('list', { t: 'array', item: nullable(object(member('a', word('number')))) }),
        member('objects', { t: 'array', item: object(member('a', word('number'))) }),
        member('long', enumOf(9, 12)),
        member('longer', enumOf(14, 12), { optional: true }),
        member('arrayOfUnion', { t: 'array', item: enumOf(9, 11) }),
        member('arrayOfLongUnion', { t: 'array', item: enumOf(14, 11) }),
        member('map', { t: 'record', value: nullable(word('Thing')) }),
        member('tuple', {
          t: 'tuple',
          items: [
            { type: nullable(word('A')), optional: false },
            { type: nullable(word('B')), optional: true },
          ],
          rest: word('C'),
        }),
        member(
          'tagged',
          union(
            {
              t: 'parens',
              inner: { t: 'intersection', members: [word('Cat'), { t: 'record', name: 'kind', value: lit('cat') }] },
            },
            word('Dog'),
          ),
        ),
        member('veryLongName'.repeat(12), word('VeryLongTypeName'.repeat(6))),
        member('numbers', union(lit(1), lit(-2.5), lit(true))),
        member('empty', object()),
      ],
    ],
  ];
  for (const [what, body] of cases)
    it(`lays out ${what} as prettier does`, async () => {
      const text = laidOut('Thing', 'A thing.\n\nWith two paragraphs.', body);
      expect(text).toBeDefined();
      expect(text).toBe(await prettierOf('Thing', 'A thing.\n\nWith two paragraphs.', body));
    });

  it('gives up on what it does not know: objects in a union, long tuples, non-ASCII near the width', () => {
    const a = object(member('a', word('string')));
    expect(laidOut('U', undefined, union(a, word('B')))).toBeUndefined();
    const long = {
      t: 'tuple',
      items: Array.from({ length: 12 }, () => ({ type: word('SomeType'), optional: false })),
    } as const;
    expect(laidOut('T', undefined, long)).toBeUndefined();
    expect(laidOut('N', undefined, lit('é'.repeat(70)))).toBeUndefined();
    expect(laidOut('E', undefined, lit(1e21))).toBeUndefined();
  });

  it('keeps the marks of final text out of code: doc text drops control characters', () => {
    expect(docText('a\u0003b\u0004c\u0001d\te\nf')).toBe('abcd\te\nf');
  });

  it('quotes strings as prettier does', async () => {
    for (const value of ['plain', "it's", 'say "hi"', `both ' and "`, `''"`, 'back\\slash', 'tab\t', '\u2028', 'é'])
      expect(`export type X = ${quoted(value)};\n`).toBe(
        await formatTypeScript(`export type X = ${stringLiteral(value)};`, 'x.ts'),
      );
  });

  it('agrees with prettier on random declarations, at and around the print width', async () => {
    const { random, pick } = seeded(7);
    const nameOf = (): string =>
      `T${'abcdefghij'.slice(0, 1 + Math.floor(random() * 9))}`.repeat(1 + Math.floor(random() * 5));
    const leaf = (): TypeTree =>
      pick<() => TypeTree>([
        () => word(pick(['string', 'number', 'boolean', 'unknown', 'Record<string, unknown>'])),
        () => word(nameOf()),
        () => lit(pick(['a', "b'c", 'd"e', 'x'.repeat(30), 1, 2.5, -3, false])),
      ])();
    const tree = (depth: number): TypeTree => {
      if (depth === 0) return leaf();
      const make = pick<() => TypeTree>([
        leaf,
        () => nullable(tree(depth - 1)),
        () => union(...Array.from({ length: 2 + Math.floor(random() * 8) }, leaf)),
        () => nullable(union(...Array.from({ length: 2 + Math.floor(random() * 8) }, leaf))),
        () => ({ t: 'list', item: word(nameOf()) }),
        () => ({ t: 'array', item: tree(depth - 1) }),
        () => ({ t: 'record', value: tree(depth - 1) }),
        () => {
          // As typeTree writes an optional element: a union or intersection in parentheses.
          const last = tree(depth - 1);
          const optional = random() < 0.5;
          const parens = optional && (last.t === 'union' || last.t === 'intersection');
          const items = [
            { type: leaf(), optional: false },
            { type: parens ? ({ t: 'parens', inner: last } as const) : last, optional },
          ];
          return { t: 'tuple', items };
        },
        () => object(...members(depth - 1)),
      ]);
      return make();
    };
    const members = (depth: number): MemberTree[] =>
      Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) =>
        member(pick([`p${i}`, `p-${i}`, `prop${i}`.repeat(8)]), tree(depth), {
          optional: random() < 0.5,
          readonly: random() < 0.2,
          doc: random() < 0.3 ? pick(['Short.', 'Two  \nlines.', 'Ends with a space. \nNext.']) : undefined,
        }),
      );
    let laid = 0;
    const total = 1000;
    for (let i = 0; i < total; i++) {
      const body: TypeTree | MemberTree[] = random() < 0.5 ? tree(3) : members(3);
      const name = nameOf();
      const text = laidOut(name, undefined, body);
      if (text === undefined) continue;
      laid++;
      expect(text).toBe(await prettierOf(name, undefined, body));
    }
    // Most declarations are laid out (the test would pass vacuously otherwise).
    expect(laid).toBeGreaterThan(total / 2);
  });

  it('formats a part around its final declarations: the same text as prettier over the whole part', async () => {
    const [a, b, c] = [enumOf(12, 14), enumOf(2, 2), enumOf(3, 3)].map((tree, i) => ({
      final: laidOut(`T${i}`, i === 0 ? 'Doc.' : undefined, tree)!,
    }));
    const code = 'export   const   x = 1;';
    const alias = { kind: StructureKind.TypeAlias, isExported: true, name: 'C', type: "'c'|'d'" } as const;
    // Final texts first, last, between code, in runs, alone, and parts of final texts only.
    const orders = [[a!, code, b!, alias], [a!, b!, code, c!], [code, a!, b!, c!], [a!, b!], [a!]];
    for (const section of orders)
      for (const partSize of [16_000, 1]) {
        const out = new Map<string, string>();
        createFile({ out, path: 'src/x.ts', header: ['// banner'], sections: [section], partSize });
        const raw = groupParts(out).get('src/x.ts')!.join('\n');
        const { texts } = await formatReusing(groupParts(out), undefined);
        expect(texts.get('src/x.ts')).toBe(await formatTypeScript(raw.replace(/[\u0003\u0004]/g, ''), 'x.ts'));
      }
  });
});

describe('function layout', () => {
  // The operations modules are not formatted (they ship as JavaScript): the text only has to be the same code
  // as the structure it stands for, whatever the lengths of names and types.
  it('writes operation functions as the code their structure prints: short and long names, parameter and result types', async () => {
    const { random, pick } = seeded(5);
    const types: TypeTree[] = [
      word('void'),
      word('string'),
      word('ReposGetResponse'),
      { t: 'list', item: word('MinimalRepository') },
      union(word('ReposGetContentResponseVariant1'), word('ContentDirectory'), word('ContentFile')),
      enumOf(6, 9),
      enumOf(12, 12),
      nullable(word('SomeFairlyLongTypeNameForAResponse')),
      object(member('a', word('string'))),
    ];
    let laid = 0;
    const total = 300;
    for (let i = 0; i < total; i++) {
      const name = `op${'Name'.repeat(1 + Math.floor(random() * 12))}`;
      const result = pick(types);
      const descriptor = `${name}Operation`;
      // A request, an event stream, or a subscription (whose return type is its handle's name).
      const kind = pick(['request', 'sse', 'subscription'] as const);
      const shape: FunctionShape = {
        ...(random() < 0.7 ? { doc: pick(['Get a thing.', 'Get a thing\n\n`GET /things/{id}`']) } : {}),
        name,
        parameters: [
          { name: 'client', type: 'ClientCore' },
          {
            name: 'params',
            type: 'Params'.repeat(1 + Math.floor(random() * 8)),
            ...(random() < 0.5 ? { initializer: '{}' } : {}),
          },
          { name: 'options', type: kind === 'sse' ? 'EventStreamOptions' : 'RequestOptions', optional: true },
        ],
        returns:
          kind === 'subscription'
            ? { before: '', type: word(`${name}Connection`), after: '' }
            : { before: kind === 'sse' ? 'EventStream<' : 'Promise<', type: result, after: '>' },
        call:
          kind === 'sse'
            ? { callee: 'openEventStream', typeArgument: result, args: ['client', descriptor, 'params', 'options'] }
            : { callee: 'client.request', typeArgument: result, args: [descriptor, 'params', 'options'] },
      };
      const text = functionText(shape);
      if (text === undefined) continue;
      laid++;
      const raw = printStructure({ kind: StructureKind.SourceFile, statements: [functionStructure(shape)] });
      expect(await formatTypeScript(text, 'x.ts')).toBe(await formatTypeScript(raw, 'x.ts'));
    }
    expect(laid).toBeGreaterThan(total / 2);
  });
});

describe('client layout', () => {
  const inline = (...members: MemberTree[]): TypeTree => ({ t: 'object', members, inline: true });

  it('lays out error unions (objects written on one line) as prettier does', async () => {
    const { random, pick } = seeded(11);
    const bodies = ['BasicError', 'ValidationError', 'ScimErrorWithAFairlyLongName', 'unknown'];
    const errorObject = (): TypeTree =>
      inline(
        member('status', word(pick(['404', '422', 'number']))),
        member(
          'body',
          union(
            ...Array.from({ length: 1 + Math.floor(random() * 3) }, () => word(pick(bodies))),
            word('string'),
            word('undefined'),
          ),
        ),
      );
    let laid = 0;
    const total = 300;
    for (let i = 0; i < total; i++) {
      const members = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, k) => {
        const count = Math.floor(random() * 5);
        const type =
          count === 0
            ? word('never')
            : count === 1
              ? errorObject()
              : union(...Array.from({ length: count }, errorObject));
        return member(`op${k}${'Name'.repeat(Math.floor(random() * 20))}`, type);
      });
      const text = laidOut('OperationErrors', 'The declared errors.', members);
      if (text === undefined) continue;
      laid++;
      expect(text).toBe(await prettierOf('OperationErrors', 'The declared errors.', members));
    }
    expect(laid).toBeGreaterThan(total / 2);
  });
});

describe('header layout', () => {
  it('lays out a banner and imports as prettier does: one line, or one name a line (never for one name)', async () => {
    const { random, pick } = seeded(14);
    let laid = 0;
    for (let i = 0; i < 200; i++) {
      const header: Statement[] = [banner(['specs/api.yaml'])];
      for (let k = Math.floor(random() * 4); k > 0; k--) {
        const names = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, n) => ({
          name: `Name${n}${'X'.repeat(Math.floor(random() ** 3 * 120))}`,
          ...(random() < 0.1 ? { alias: `Alias${n}` } : {}),
        }));
        header.push({
          ...(random() < 0.5
            ? typeImport([], pick(['./schemas.js', '../runtime/http.js']))
            : valueImport([], './x.js')),
          namedImports: names.map((n) => (n.alias ? n : n.name)),
        });
      }
      const text = headerText(header);
      if (text === undefined) continue;
      laid++;
      const raw = printStructure({ kind: StructureKind.SourceFile, statements: header });
      expect(text).toBe(await formatTypeScript(raw, 'x.ts'));
    }
    expect(laid).toBe(200);
  });
});
