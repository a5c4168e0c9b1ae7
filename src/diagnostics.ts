/**
 * Diagnostics: every problem the generator reports about its input has a stable code from this catalog,
 * a location (file, 1-based line/column, JSON pointer) and a hint that says what to do.
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
  col?: number;
  pointer?: string;
  help?: string;
}

interface CatalogEntry {
  severity: Severity;
  title: string;
  help: string;
}

/** The catalog: one entry per code. Codes are stable; never renumber. */
export const DIAGNOSTIC_CATALOG = {
  CG001: {
    severity: 'error',
    title: 'file not found',
    help: 'Check the path (it is resolved from the current directory, or from the config file for paths in codegen.config.json).',
  },
  CG002: { severity: 'error', title: 'file is empty', help: 'Point codegen at a YAML or JSON spec document.' },
  CG003: {
    severity: 'error',
    title: 'malformed YAML or JSON',
    help: 'Fix the syntax at the position shown; a YAML linter shows the same error.',
  },
  CG004: {
    severity: 'error',
    title: 'not an OpenAPI or AsyncAPI document',
    help: 'The document needs a top-level `openapi: 3.x` (for --openapi) or `asyncapi: 2.x/3.x` (for --asyncapi) field.',
  },
  CG005: {
    severity: 'error',
    title: 'unsupported spec version',
    help: 'codegen reads OpenAPI 3.0.x and 3.1.x, and AsyncAPI 2.x and 3.x.',
  },
  CG006: {
    severity: 'error',
    title: 'spec does not match the OpenAPI/AsyncAPI schema',
    help: 'Fix the value at the pointer shown so that it matches the specification.',
  },
  CG007: {
    severity: 'error',
    title: 'unresolved $ref',
    help: 'Make the $ref point at an existing node (a JSON pointer such as #/components/schemas/Name, or a file that exists).',
  },
  CG008: {
    severity: 'warning',
    title: 'duplicate operationId',
    help: 'codegen names the operations apart by tag, else by path; give each a unique operationId to choose the names yourself.',
  },
  CG009: {
    severity: 'error',
    title: 'circular allOf cannot be merged',
    help: 'Break the cycle: an allOf member must not (indirectly) include the schema itself.',
  },
  CG010: {
    severity: 'warning',
    title: 'unknown schema type',
    help: 'Use one of string, number, integer, boolean, array, object, null; codegen treats the value as unknown.',
  },
  CG011: {
    severity: 'warning',
    title: 'channel protocol not implemented',
    help: "codegen implements WebSocket channels (ws, wss). The channel's message types are generated; talk to its broker with a client for that protocol.",
  },
  CG012: {
    severity: 'warning',
    title: 'correlation id outside the payload',
    help: 'WebSocket frames carry only a payload: point correlationId.location at `$message.payload#/...`, or replies are matched to requests in the order they arrive.',
  },
  CG013: {
    severity: 'warning',
    title: 'the spec does not match its specification (generated anyway)',
    help: 'Fix the value at the pointer shown so that it matches the specification; --strict makes this an error.',
  },
  CG014: {
    severity: 'warning',
    title: 'unescaped "/" in a $ref',
    help: 'Escape a "/" inside a key as "~1" in JSON pointers (`#/components/schemas/foo~1bar`); codegen read it as the key that exists.',
  },
  CG015: {
    severity: 'warning',
    title: 'WebSocket route without an AsyncAPI document',
    help: 'Pass the AsyncAPI document that describes the WebSocket (`asyncapi` in codegen.config.json, or --asyncapi) for typed events.',
  },
  CG016: {
    severity: 'error',
    title: 'overlay action matches nothing',
    help: "Fix the action's JSONPath target so that it selects a node of the spec (the spec may have changed under the overlay), or delete the action.",
  },
  CG017: {
    severity: 'error',
    title: 'not an overlay codegen can apply',
    help: 'An overlay is `overlay: 1.0.0`, `info: {title, version}` and `actions`, each with a JSONPath `target` (RFC 9535) and `update` or `remove: true` (the OpenAPI Overlay Specification 1.0).',
  },
  CG018: {
    severity: 'warning',
    title: 'discriminator mapping entry points at nothing (skipped)',
    help: 'Point the mapping entry at a schema that exists (a component name, a JSON pointer, or a file relative to the file the mapping is written in), or remove it.',
  },
  CG019: {
    severity: 'warning',
    title: 'YAML that YAML 1.2 does not allow, read as the ecosystem reads it',
    help: 'Fix the YAML at the position shown (indent the continuation lines of a quoted string, say); codegen read it as js-yaml, which swagger-parser and most OpenAPI tools use, reads it.',
  },
  CG020: {
    severity: 'error',
    title: 'invalid config',
    help: 'Fix codegen.config.json; `codegen --help` lists the fields.',
  },
  CG021: {
    severity: 'error',
    title: 'the output directory holds files codegen did not write',
    help: 'Point "out" at a new or empty folder, or move those files away. To let codegen write into this folder anyway, run once with --take-over: it then overwrites only the files it generates, never removes a file it did not write, and records what it wrote in codegen.stamp.json.',
  },
  CG022: {
    severity: 'warning',
    title: 'AsyncAPI channel with neither operation nor message (skipped)',
    help: 'Give the channel an operation that sends or receives its messages, and the messages, or remove it.',
  },
  CG023: {
    severity: 'warning',
    title: 'pattern that is not an ECMAScript regular expression (not checked)',
    help: 'JSON Schema patterns are ECMA-262 regular expressions: rewrite it in that dialect (no `(?i)`, `\\Z` or possessive quantifiers), or remove it. The types are unaffected; the validators skip it.',
  },
  CG024: {
    severity: 'error',
    title: 'a package the generated code imports is not installed where it is written',
    help: "Install it in the project that holds the output (for the mocks: npm install --save-dev msw), or run without --typecheck. The check resolves imports from the output folder, as the package's own type-checker does; nothing was written.",
  },
  CG090: {
    severity: 'error',
    title: 'internal error',
    help: 'The generated code did not compile: this is a codegen bug. Please report it with the spec; nothing was written.',
  },
} as const satisfies Record<string, CatalogEntry>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CATALOG;

/** Builds a diagnostic whose severity and default hint come from the catalog. */
export function diagnostic(input: Omit<Diagnostic, 'severity'> & { severity?: Severity }): Diagnostic {
  const entry = DIAGNOSTIC_CATALOG[input.code];
  return {
    code: input.code,
    severity: input.severity ?? entry.severity,
    message: input.message,
    ...(input.file === undefined ? {} : { file: input.file }),
    ...(input.line === undefined ? {} : { line: input.line, col: input.col ?? 1 }),
    ...(input.pointer === undefined ? {} : { pointer: input.pointer }),
    help: input.help ?? entry.help,
  };
}

/** `file:line:col: error CG007: message (at #/pointer)` followed by an indented hint. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file === undefined ? '' : `${d.file}${d.line === undefined ? '' : `:${d.line}:${d.col ?? 1}`}: `;
  const at = d.pointer === undefined ? '' : ` (at #${d.pointer})`;
  const help = d.help === undefined ? '' : `\n  hint: ${d.help}`;
  return `${where}${d.severity} ${d.code}: ${d.message}${at}${help}`;
}

/**
 * An error a late stage (emit, compile) throws for a problem of the project rather than of codegen: the run
 * reports it under its own code, with the run's other diagnostics; any other error there is CG090.
 */
export class CodedError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown by a stage that cannot go on; carries every diagnostic collected so far. */
export class DiagnosticError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by file, line, column, code: stable output whatever the order they were found in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.file ?? '', d.line ?? 0, d.col ?? 0, d.code, d.message] as const;
  // The same finding can come from two checks (the schema validator and the converter): report it once.
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const id = JSON.stringify([d.code, d.file, d.pointer, d.message]);
    return seen.has(id) ? false : (seen.add(id), true);
  });
  return unique.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const x = ka[i]!;
      const y = kb[i]!;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  });
}
