/**
 * The one place that turns spec names into TypeScript identifiers and file names. Deterministic:
 * the same input always gives the same output, collisions are resolved in the order names are claimed.
 */

/** Words that cannot be a binding name in strict-mode ES modules, plus TypeScript's own type names. */
const RESERVED = new Set([
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'let',
  'static',
  'implements',
  'interface',
  'package',
  'private',
  'protected',
  'public',
  'await',
  'arguments',
  'eval',
  'undefined',
  'NaN',
  'Infinity',
]);

/** Type names that would shadow globals the generated code relies on. */
const RESERVED_TYPES = new Set([
  'any',
  'unknown',
  'never',
  'object',
  'string',
  'number',
  'boolean',
  'symbol',
  'bigint',
  'Array',
  'Record',
  'Partial',
  'Required',
  'Readonly',
  'Pick',
  'Omit',
  'Promise',
  'Date',
  'Blob',
  'Uint8Array',
  'ArrayBuffer',
  'Response',
  'Request',
  'Error',
  'Map',
  'Set',
  'Object',
  'String',
  'Number',
  'Boolean',
  'Function',
  'Symbol',
  'ReadableStream',
  'FormData',
  'Headers',
  'URL',
  'WebSocket',
  'AbortSignal',
  'Extract',
  'Exclude',
]);

/** Splits on anything that is not a letter or digit, and on lower->upper case changes. */
export function words(input: string): string[] {
  return input
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
}

const capitalize = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export function pascalCase(input: string): string {
  return words(input)
    .map((w) => (w === w.toUpperCase() && w.length > 1 ? capitalize(w.toLowerCase()) : capitalize(w)))
    .join('');
}

export function camelCase(input: string): string {
  const pascal = pascalCase(input);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

export function kebabCase(input: string): string {
  return words(input)
    .map((w) => w.toLowerCase())
    .join('-');
}

/** A valid binding identifier: never empty, never starting with a digit, never a reserved word. */
export function safeIdentifier(candidate: string, fallback: string, kind: 'value' | 'type' = 'value'): string {
  let id = candidate === '' ? fallback : candidate;
  if (/^[0-9]/.test(id)) id = `_${id}`;
  if (RESERVED.has(id) || (kind === 'type' && RESERVED_TYPES.has(id))) id = `${id}_`;
  return id;
}

export function isIdentifierName(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/** Hands out unique names within one scope: the second claim of `Foo` gets `Foo2`, then `Foo3`. */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name.toLowerCase());
  }

  /** Case-insensitive, so that names stay distinct as file names on any file system. */
  claim(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${base}${n}`;
    this.taken.add(name.toLowerCase());
    return name;
  }

  /** Takes names without renaming them; a name already taken stays with whoever took it. */
  reserve(names: Iterable<string>): void {
    for (const name of names) this.taken.add(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.taken.has(name.toLowerCase());
  }
}

/** A default npm package name from an API title: `Golem Cloud API` -> `golem-cloud-client`. */
export function packageNameFor(title: string): string {
  const parts = title
    .replace(/['\u2019]s\b/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && w !== 'api');
  return `${parts.slice(0, 4).join('-') || 'api'}-client`;
}
