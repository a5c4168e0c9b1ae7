/**
 * Constants of plain data (operation descriptors, int64 shapes) in their final form, laid out as prettier lays
 * out the generated code: a value on one line when it fits, else an object one property a line and an array
 * one element a line (an array of several objects or arrays always so, as prettier does), each value again on
 * one line when it fits. For what it does not know (a long string, a call or arrow too long for its line) it
 * gives up (undefined) and the constant is formatted by prettier. Tested against prettier's output.
 */
import { Call, Identifier, Thunk, type LiteralValue } from './literal-writer.js';
import { attempt, docComment, fits, keyText, numberText, pad, quoted, Unknown } from './type-layout.js';

type Entries = [string, LiteralValue][];

function entries(value: { readonly [key: string]: LiteralValue }): Entries {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

function isObject(value: LiteralValue): value is { readonly [key: string]: LiteralValue } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Identifier) &&
    !(value instanceof Thunk) &&
    !(value instanceof Call)
  );
}

/** prettier breaks an array of two or more objects (or arrays) with more than one member each. */
function mustBreak(list: readonly LiteralValue[]): boolean {
  if (list.length < 2) return false;
  if (list.every((v) => isObject(v) && entries(v).length > 1)) return true;
  return list.every((v) => Array.isArray(v) && v.length > 1);
}

/** The value on one line; undefined when an array in it is always broken. */
function flat(value: LiteralValue): string | undefined {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return quoted(value);
  if (value instanceof Identifier) return value.name;
  if (value instanceof Thunk) return `() => ${value.target.name}`;
  if (value instanceof Call) {
    const args = value.args.map(flat);
    return args.includes(undefined) ? undefined : `/* @__PURE__ */ ${value.callee.name}(${args.join(', ')})`;
  }
  if (Array.isArray(value)) {
    if (mustBreak(value)) return undefined;
    const items = value.map(flat);
    return items.includes(undefined) ? undefined : `[${items.join(', ')}]`;
  }
  const list = entries(value as { readonly [key: string]: LiteralValue });
  if (list.length === 0) return '{}';
  const parts = list.map(([key, v]) => {
    const text = flat(v);
    return text === undefined ? undefined : `${keyText(key)}: ${text}`;
  });
  return parts.includes(undefined) ? undefined : `{ ${parts.join(', ')} }`;
}

/** The lines of a value that starts after `head` and is followed by `tail`, at indentation `level`. */
function place(value: LiteralValue, level: number, head: string, tail: string): string[] {
  const one = flat(value);
  if (one !== undefined && fits(head + one + tail)) return [head + one + tail];
  if (Array.isArray(value)) {
    // An array of numbers is filled line by line by prettier (not known here).
    if (value.every((v) => typeof v === 'number')) throw new Unknown();
    const items = value.flatMap((item) => place(item, level + 1, pad(level + 1), ','));
    return [`${head}[`, ...items, `${pad(level)}]${tail}`];
  }
  if (isObject(value)) {
    const lines = entries(value).flatMap(([key, v]) => place(v, level + 1, `${pad(level + 1)}${keyText(key)}: `, ','));
    return [`${head}{`, ...lines, `${pad(level)}}${tail}`];
  }
  // A string, a name, a call or an arrow function too long for its line.
  throw new Unknown();
}

/**
 * `[export ]const <name>: <type> = <value>;` in final form, or undefined. `doc` as ts-morph prints a JSDoc
 * structure.
 */
export function constText(
  name: string,
  type: string,
  value: LiteralValue,
  options: { exported?: boolean; doc?: string } = {},
): string | undefined {
  const head = `${options.exported ? 'export ' : ''}const ${name}: ${type} = `;
  return attempt(() => [...docComment(options.doc, 0, 'jsdoc'), ...place(value, 0, head, ';')]);
}
