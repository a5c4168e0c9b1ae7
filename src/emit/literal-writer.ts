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

/**
 * A constant another generated module of the package exports (an int64 shape of `src/int64.ts`): written as its
 * bare name, imported from that module (`module` as an import names it from `src/`, e.g. `int64.js`).
 */
export class PackageRef extends Identifier {
  constructor(
    readonly module: string,
    name: string,
  ) {
    super(name);
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

/** What a literal names from elsewhere, by module: the imports of the file that holds it. */
export interface LiteralImports {
  /** Values of the runtime's modules. */
  runtime: Map<RuntimeModule, Set<RuntimeValue<RuntimeModule>>>;
  /** Constants of the package's other generated modules. */
  package: Map<string, Set<string>>;
}

/** Adds what a literal names from the runtime and from the package's other modules to `out`. */
export function importsOf(
  value: LiteralValue,
  out: LiteralImports = { runtime: new Map(), package: new Map() },
): LiteralImports {
  if (value instanceof RuntimeRef)
    out.runtime.set(value.module, (out.runtime.get(value.module) ?? new Set()).add(value.value));
  else if (value instanceof PackageRef)
    out.package.set(value.module, (out.package.get(value.module) ?? new Set()).add(value.name));
  else if (value instanceof Call) [value.callee, ...value.args].forEach((v) => importsOf(v, out));
  else if (value instanceof Thunk) importsOf(value.target, out);
  else if (Array.isArray(value)) value.forEach((v: LiteralValue) => importsOf(v, out));
  else if (typeof value === 'object' && value !== null && !(value instanceof Identifier))
    Object.values(value).forEach((v) => importsOf(v, out));
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
