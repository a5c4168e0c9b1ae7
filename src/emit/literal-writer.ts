/** Writes plain data (descriptors the runtime reads) as a TypeScript object literal. */
import type { CodeBlockWriter, WriterFunction } from 'ts-morph';
import type { RuntimeModule, RuntimeValue } from './runtime-symbols.js';
import { propertyKey, stringLiteral } from './text.js';

/** A reference to a binding in scope (an imported function), written as its bare name. */
export class Identifier {
  constructor(readonly name: string) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  }
}

/** A value the runtime exports (`decodeJson`, `bearerAuth`): written as its bare name, imported from its module. */
export class RuntimeRef extends Identifier {
  constructor(
    readonly module: RuntimeModule,
    readonly value: RuntimeValue<RuntimeModule>,
  ) {
    super(value);
  }
}

export function runtimeRef<M extends RuntimeModule>(module: M, value: RuntimeValue<M>): RuntimeRef {
  return new RuntimeRef(module, value);
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

/** The runtime values a literal refers to, by module: what the file that holds it imports. */
export function runtimeRefsOf(
  value: LiteralValue,
  out = new Map<RuntimeModule, Set<RuntimeValue<RuntimeModule>>>(),
): Map<RuntimeModule, Set<RuntimeValue<RuntimeModule>>> {
  if (value instanceof RuntimeRef) out.set(value.module, (out.get(value.module) ?? new Set()).add(value.value));
  else if (value instanceof Call) [value.callee, ...value.args].forEach((v) => runtimeRefsOf(v, out));
  else if (value instanceof Thunk) runtimeRefsOf(value.target, out);
  else if (Array.isArray(value)) value.forEach((v: LiteralValue) => runtimeRefsOf(v, out));
  else if (typeof value === 'object' && value !== null && !(value instanceof Identifier))
    Object.values(value).forEach((v) => runtimeRefsOf(v, out));
  return out;
}

/** The value as a TypeScript expression, on one line. */
export function literalText(value: LiteralValue): string {
  if (value === undefined) return 'undefined';
  if (value instanceof Identifier) return value.name;
  if (value instanceof Call) return `/* @__PURE__ */ ${value.callee.name}(${value.args.map(literalText).join(', ')})`;
  if (value instanceof Thunk) return `() => ${value.target.name}`;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return stringLiteral(value);
  if (Array.isArray(value)) return `[${value.map(literalText).join(', ')}]`;
  const entries = Object.entries(value as Record<string, LiteralValue>).filter(([, v]) => v !== undefined);
  return `{ ${entries.map(([key, item]) => `${propertyKey(key)}: ${literalText(item)}`).join(', ')} }`;
}

export function writeLiteral(writer: CodeBlockWriter, value: LiteralValue): void {
  writer.write(literalText(value));
}

export function literalWriter(value: LiteralValue): WriterFunction {
  return (writer) => writeLiteral(writer, value);
}
