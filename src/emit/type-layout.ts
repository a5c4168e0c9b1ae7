/**
 * Type declarations in their final form, laid out as prettier lays out the generated code (format.ts), so that
 * the types module of a large spec (megabytes) needs no formatting. The layout knows the shapes schemas
 * mostly take: members one per line, objects always broken, a nullable object hugged (`{ ... } | null`), a
 * union too long for its line moved to the next line, then broken one member per line. For any other shape
 * it gives up (undefined), and that declaration is formatted by prettier. The tests hold every declaration
 * it lays out to prettier's output of the same code.
 */
import { PRETTIER_OPTIONS } from '../format.js';
import { stringLiteral } from './text.js';
import { memberHead, type MemberTree, type TypeTree } from './type-writer.js';

const WIDTH = PRETTIER_OPTIONS.printWidth!;

/** Thrown (and caught by `attempt`) where a layout does not know what prettier would do. */
export class Unknown extends Error {}

const pads: string[] = [];
export const pad = (level: number): string => (pads[level] ??= '  '.repeat(level));

/**
 * Whether a line fits the print width. prettier counts East Asian wide characters as two columns and
 * combining marks as none: a line with other than ASCII characters is decided only when that cannot matter.
 */
export function fits(line: string): boolean {
  // Short enough even at two columns a character: nothing to test.
  if (line.length * 2 <= WIDTH) return true;
  if (!/^[\x20-\x7e]*$/.test(line)) throw new Unknown();
  return line.length <= WIDTH;
}

/** A string literal as prettier prints it: single quotes unless the text holds more of them than double quotes. */
export function quoted(value: string): string {
  const json = stringLiteral(value);
  let singles = 0;
  let doubles = 0;
  for (const c of value) {
    if (c === "'") singles++;
    else if (c === '"') doubles++;
  }
  if (singles > doubles) return json;
  return `'${json
    .slice(1, -1)
    .replace(/\\(.)|'/g, (all, escaped: string | undefined) =>
      escaped === undefined ? "\\'" : escaped === '"' ? '"' : all,
    )}'`;
}

/** A number as prettier prints it: plain decimals as they are; other spellings (`1e+21`) are not known here. */
function numberText(value: number): string {
  const text = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Unknown();
  return text;
}

function literalText(value: string | number | boolean | null): string {
  if (typeof value === 'string') return quoted(value);
  return typeof value === 'number' ? numberText(value) : String(value);
}

/** A property name as prettier prints it (a name quoted by the generator stays quoted, in prettier's quotes). */
function keyText(name: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) return name;
  // prettier unquotes non-ASCII identifier names: not known here.
  if (!/^[\x20-\x7e]*$/.test(name)) throw new Unknown();
  return quoted(name);
}

/** Parentheses prettier drops where a type stands alone (an annotation, a type argument, an alias). */
function unwrapped(tree: TypeTree): TypeTree {
  return tree.t === 'parens' ? unwrapped(tree.inner) : tree;
}

/** The type on one line; undefined when it holds an object type with members (always broken). */
function flat(tree: TypeTree): string | undefined {
  switch (tree.t) {
    case 'word':
      return tree.text;
    case 'literal':
      return literalText(tree.value);
    case 'parens': {
      const inner = flat(tree.inner);
      return inner === undefined ? undefined : `(${inner})`;
    }
    case 'union':
    case 'intersection': {
      const parts = tree.members.map(flat);
      return parts.includes(undefined) ? undefined : parts.join(tree.t === 'union' ? ' | ' : ' & ');
    }
    case 'list': {
      const item = flat(tree.item);
      return item === undefined ? undefined : `${item}[]`;
    }
    case 'array': {
      const item = flat(unwrapped(tree.item));
      return item === undefined ? undefined : `Array<${item}>`;
    }
    case 'tuple': {
      // An optional element keeps its parentheses (`(A | null)?`); a required one loses them.
      const items = tree.items.map((i) => {
        const item = i.optional ? flat(i.type) : flat(unwrapped(i.type));
        return item === undefined || !i.optional ? item : `${item}?`;
      });
      const rest = tree.rest && flat(unwrapped(tree.rest));
      if (items.includes(undefined) || (tree.rest && rest === undefined)) return undefined;
      const all = tree.rest ? [...items, `...Array<${rest}>`] : items;
      return `[${all.join(', ')}]`;
    }
    case 'record': {
      const value = flat(unwrapped(tree.value));
      if (value === undefined) return undefined;
      return `{ ${tree.name === undefined ? '[key: string]' : keyText(tree.name)}: ${value} }`;
    }
    case 'object': {
      // An object written on one line stays on it when it fits (prettier keeps an object broken only when the
      // text it formats has a line break after the `{`); an object without members prettier prints as `{}`.
      if (tree.members.length === 0) return '{}';
      if (!tree.inline || tree.members.some((m) => m.doc)) return undefined;
      const members = tree.members.map((m) => {
        const type = flat(unwrapped(m.type));
        return type === undefined ? undefined : `${memberHead(m, keyText)}: ${type}`;
      });
      return members.includes(undefined) ? undefined : `{ ${members.join('; ')} }`;
    }
  }
}

/** A type on one line as it stands alone (a type argument, say); undefined when it holds an object type. */
export function flatType(tree: TypeTree): string | undefined {
  return flat(unwrapped(tree));
}

/** `{ ... } | null`: prettier keeps a union of one object type and null on the object's lines. */
function hugged(tree: TypeTree): Extract<TypeTree, { t: 'object' }> | undefined {
  if (tree.t === 'object') return tree.members.length > 0 ? tree : undefined;
  if (tree.t !== 'union' || tree.members.length !== 2) return undefined;
  const [first, second] = tree.members;
  return first!.t === 'object' && first.members.length > 0 && second!.t === 'literal' && second.value === null
    ? first
    : undefined;
}

/**
 * The lines of a type that starts after `head` (a line's text so far, its indentation included) and is
 * followed by `tail`, at indentation `level`.
 */
function place(given: TypeTree, level: number, head: string, tail: string): string[] {
  const tree = unwrapped(given);
  const one = flat(tree);
  if (one !== undefined && fits(head + one + tail)) return [head + one + tail];
  const object = hugged(tree);
  if (object) {
    const close = tree.t === 'union' ? '} | null' : '}';
    return [`${head}{`, ...memberLines(object.members, level + 1, 'block'), `${pad(level)}${close}${tail}`];
  }
  if (tree.t === 'array') {
    const item = unwrapped(tree.item);
    const inner = hugged(item);
    if (inner) {
      const close = item.t === 'union' ? '} | null>' : '}>';
      return [`${head}Array<{`, ...memberLines(inner.members, level + 1, 'block'), `${pad(level)}${close}${tail}`];
    }
    const one = flat(item);
    if (item.t === 'union' && one !== undefined && unionMembers(item).every(atomic)) {
      // The union on a line of its own between `Array<` and `>`, then, if still too long, one member per line.
      const next = `${pad(level + 1)}${one}`;
      return [`${head}Array<`, ...(fits(next) ? [next] : unionLines(item, level + 1, '')), `${pad(level)}>${tail}`];
    }
  }
  if (one === undefined) throw new Unknown();
  if (tree.t === 'union') {
    if (!unionMembers(tree).every(atomic)) throw new Unknown();
    // Moved after the `=` or `:` to a line of its own, then, if still too long, one member per line.
    const next = `${pad(level + 1)}${one}${tail}`;
    return [head.trimEnd(), ...(fits(next) ? [next] : unionLines(tree, level + 1, tail))];
  }
  // Nothing to break in a name or a list of names: prettier lets the line run long.
  if (tree.t === 'word' || (tree.t === 'list' && tree.item.t === 'word')) return [head + one + tail];
  throw new Unknown();
}

/** A union's members, those of a union written inside it without parentheses too (one union to prettier). */
function unionMembers(tree: Extract<TypeTree, { t: 'union' }>): TypeTree[] {
  return tree.members.flatMap((m) => (m.t === 'union' ? unionMembers(m) : [m]));
}

/**
 * Whether a union member has nothing prettier would rather break than the union: a name, a literal, a list,
 * or such in parentheses (a tagged member `(Cat & { kind: 'cat' })` too), an object written on one line.
 * prettier lays out a union holding another object type, an `Array<...>` or a tuple otherwise (not known here).
 */
function atomic(tree: TypeTree): boolean {
  switch (tree.t) {
    case 'word':
    case 'literal':
    case 'list':
      return true;
    case 'parens':
      return atomic(tree.inner);
    case 'union':
      return tree.members.every(atomic);
    case 'intersection':
      return tree.members.every((m) => atomic(m) || (m.t === 'record' && atomic(m.value)));
    case 'object':
      // On one line, as a union member when it fits (else its line does not fit, and the layout gives up).
      return tree.inline === true && tree.members.every((m) => atomic(m.type));
    default:
      return false;
  }
}

/** `| member` lines, the last one followed by `tail`. */
function unionLines(tree: Extract<TypeTree, { t: 'union' }>, level: number, tail: string): string[] {
  const members = unionMembers(tree);
  if (!members.every(atomic)) throw new Unknown();
  return members.map((member, i) => {
    const text = flat(member);
    const line = `${pad(level)}| ${text}${i === members.length - 1 ? tail : ''}`;
    if (text === undefined || !fits(line)) throw new Unknown();
    return line;
  });
}

/**
 * A doc comment's lines as the generator writes them: `'block'` always as a block, `'jsdoc'` as ts-morph
 * prints a JSDoc structure (on one line when the text is one line). prettier trims the ends of a block's
 * lines but keeps two trailing spaces (a Markdown line break).
 */
export function docComment(doc: string | undefined, level: number, style: 'block' | 'jsdoc'): string[] {
  if (!doc) return [];
  const lines = doc.split('\n');
  if (style === 'jsdoc' && lines.length === 1) return [`${pad(level)}/** ${doc} */`];
  return [
    `${pad(level)}/**`,
    ...lines.map((line) => {
      const text = ` * ${line}`.trimEnd();
      return `${pad(level)}${text}${text !== ' *' && line.endsWith('  ') ? '  ' : ''}`;
    }),
    `${pad(level)} */`,
  ];
}

function memberLines(members: MemberTree[], level: number, docs: 'block' | 'jsdoc'): string[] {
  return members.flatMap((member) => [
    ...docComment(member.doc, level, docs),
    ...place(member.type, level, `${pad(level)}${memberHead(member, keyText)}: `, ';'),
  ]);
}

export function attempt(lines: () => string[]): string | undefined {
  try {
    return `${lines().join('\n')}\n`;
  } catch (error) {
    if (error instanceof Unknown) return undefined;
    throw error;
  }
}

/** `export interface <name> { ... }` in final form, or undefined. */
export function interfaceText(name: string, doc: string | undefined, members: MemberTree[]): string | undefined {
  return attempt(() =>
    members.length === 0
      ? [...docComment(doc, 0, 'jsdoc'), `export interface ${name} {}`]
      : [...docComment(doc, 0, 'jsdoc'), `export interface ${name} {`, ...memberLines(members, 1, 'jsdoc'), '}'],
  );
}

/** `export type <name> = <type>;` in final form, or undefined. */
export function aliasText(name: string, doc: string | undefined, tree: TypeTree): string | undefined {
  return attempt(() => [...docComment(doc, 0, 'jsdoc'), ...place(tree, 0, `export type ${name} = `, ';')]);
}
