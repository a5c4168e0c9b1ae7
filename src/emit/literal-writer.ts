/** Writes plain data (descriptors the runtime reads) as a TypeScript object literal. */
import type { CodeBlockWriter, WriterFunction } from 'ts-morph';
import { propertyKey, stringLiteral } from './text.js';

/** A reference to a binding in scope (an imported function), written as its bare name. */
export class Identifier {
  constructor(readonly name: string) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  }
}

/** A function that returns a binding in scope, written `() => name` (lets constants refer to each other in cycles). */
export class Thunk {
  constructor(readonly target: Identifier) {}
}

/**
 * A call of a binding in scope with literal arguments, written `/* @__PURE__ *\/ name(args)` (a descriptor's
 * reader): marked pure, so that a bundler still drops the descriptors of operations nobody imports.
 */
export class Call {
  constructor(
    readonly callee: Identifier,
    readonly args: readonly LiteralValue[],
  ) {}
}

export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | Identifier
  | Thunk
  | Call
  | readonly LiteralValue[]
  | { readonly [key: string]: LiteralValue };

export function writeLiteral(writer: CodeBlockWriter, value: LiteralValue): void {
  if (value === undefined) {
    writer.write('undefined');
  } else if (value instanceof Identifier) {
    writer.write(value.name);
  } else if (value instanceof Call) {
    writer.write(`/* @__PURE__ */ ${value.callee.name}(`);
    value.args.forEach((arg, i) => {
      if (i > 0) writer.write(', ');
      writeLiteral(writer, arg);
    });
    writer.write(')');
  } else if (value instanceof Thunk) {
    writer.write(`() => ${value.target.name}`);
  } else if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    writer.write(String(value));
  } else if (typeof value === 'string') {
    writer.write(stringLiteral(value));
  } else if (Array.isArray(value)) {
    writer.write('[');
    value.forEach((item, i) => {
      if (i > 0) writer.write(', ');
      writeLiteral(writer, item);
    });
    writer.write(']');
  } else {
    const entries = Object.entries(value as Record<string, LiteralValue>).filter(([, v]) => v !== undefined);
    writer.write('{ ');
    entries.forEach(([key, item], i) => {
      if (i > 0) writer.write(', ');
      writer.write(`${propertyKey(key)}: `);
      writeLiteral(writer, item);
    });
    writer.write(' }');
  }
}

export function literalWriter(value: LiteralValue): WriterFunction {
  return (writer) => writeLiteral(writer, value);
}
