/**
 * Loading a spec file: read the text, parse YAML or JSON, and keep what is needed to turn a JSON pointer
 * back into a line and column for diagnostics. The position map is built lazily, only when a diagnostic
 * needs it, so that large JSON specs are read with the fast JSON parser.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { jsonLocator } from './json-locate.js';
import { diagnostic, DiagnosticError, type Diagnostic } from '../diagnostics.js';

export interface SourcePosition {
  line: number;
  col: number;
}

export interface LoadedSource {
  /** Path as shown to the user and in banners: relative, with forward slashes. */
  displayPath: string;
  absPath: string;
  text: string;
  /** The SHA-256 of the text as UTF-8 (hex): what the stamp and the parse cache know it by, hashed once. */
  readonly hash: string;
  data: unknown;
  /** What reading the file found that did not stop it (YAML the strict parser rejects but js-yaml reads). */
  readWarnings?: Diagnostic[];
  /** 1-based position of the node at a JSON pointer (or of its nearest existing ancestor). */
  locate(pointer: string): SourcePosition | undefined;
  /**
   * Where the node at a JSON pointer was written, when an overlay wrote it (or an ancestor of it): the
   * overlay file, the pointer into it and the position there. Set on a spec that overlays changed.
   */
  writtenBy?(pointer: string): { file: string; pointer: string; position?: SourcePosition } | undefined;
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^#/, '')
    .replace(/^\//, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function joinPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export async function loadSource(input: { absPath: string; displayPath: string }): Promise<LoadedSource> {
  let bytes: Buffer;
  try {
    bytes = await readFile(input.absPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `file not found: ${input.displayPath}`
        : `cannot read ${input.displayPath}: ${code ?? String(error)}`;
    throw new DiagnosticError([diagnostic({ code: 'CG001', message, file: input.displayPath })]);
  }
  // The bytes are hashed as read (hashing the text would encode it to UTF-8 again).
  return parseSource({
    ...input,
    text: bytes.toString('utf8'),
    hash: createHash('sha256').update(bytes).digest('hex'),
  });
}

export function parseSource(input: {
  absPath: string;
  displayPath: string;
  text: string;
  hash?: string;
}): LoadedSource {
  const { text, displayPath } = input;
  let hash = input.hash;
  if (text.trim() === '') {
    throw new DiagnosticError([
      diagnostic({ code: 'CG002', message: `${displayPath} is empty`, file: displayPath, line: 1, col: 1 }),
    ]);
  }
  let data: unknown;
  let positions: PositionMap | undefined;
  let readWarnings: Diagnostic[] | undefined;
  let jsonLocate: ReturnType<typeof jsonLocator> | undefined;
  const trimmed = text.trimStart();
  const looksLikeJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  if (looksLikeJson) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const at = /at position (\d+)/.exec(message);
      if (at && /\.json$/i.test(displayPath)) {
        // A .json file: JSON's own message and position say best what is wrong.
        const before = text.slice(0, Number(at[1]));
        const line = before.split('\n').length;
        const col = Number(at[1]) - before.lastIndexOf('\n');
        throw new DiagnosticError([
          diagnostic({
            code: 'CG003',
            message: message.replace(/ in JSON at position \d+.*$/, ''),
            file: displayPath,
            line,
            col,
          }),
        ]);
      }
      // Otherwise it may still be YAML (flow style): the YAML parser decides and reports the position.
    }
  }
  if (data === undefined) {
    positions = buildPositionMap(text, displayPath);
    data = positions.data;
    if (positions.warnings.length > 0) readWarnings = positions.warnings;
  }
  return {
    absPath: input.absPath,
    displayPath,
    text,
    get hash() {
      return (hash ??= createHash('sha256').update(text).digest('hex'));
    },
    data,
    ...(readWarnings ? { readWarnings } : {}),
    locate(pointer) {
      // A text read as YAML (JSON only YAML could read too) has its tree, and is located by it; one read as JSON
      // is located by scanning the text.
      if (!positions) return (jsonLocate ??= jsonLocator(text))(splitPointer(pointer));
      return positions.locate(pointer);
    },
  };
}

/**
 * A document the strict YAML 1.2 parser rejects but js-yaml (what swagger-parser and most tools read YAML
 * with) reads, such as a double-quoted multi-line string whose continuation lines start at column 0: read as
 * js-yaml reads it, each of the strict parser's findings a warning where it is. Undefined when js-yaml
 * rejects it too (then it is CG003).
 */
function readAsTheEcosystemDoes(
  text: string,
  findings: Diagnostic[],
): { data: unknown; warnings: Diagnostic[] } | undefined {
  let data: unknown;
  try {
    // Loaded only here: a document YAML 1.2 reads (nearly all) never pays for it.
    const { load } = createRequire(import.meta.url)('js-yaml') as typeof import('js-yaml');
    data = load(text);
  } catch {
    return undefined;
  }
  // The first finding says where; the others usually follow from it (the rest of the string read as keys).
  const warnings = findings.slice(0, 1).map((finding) =>
    diagnostic({
      code: 'CG019',
      message: `${finding.message}: YAML 1.2 does not allow this; read as js-yaml (and most OpenAPI tools) read it`,
      file: finding.file!,
      ...(finding.line !== undefined ? { line: finding.line, col: finding.col! } : {}),
    }),
  );
  return { data, warnings };
}

/** The start of the innermost quoted scalar or flow collection that runs on to `end` (the end of the file). */
function unclosedStart(node: unknown, end: number): number | undefined {
  if (!isNode(node) || !node.range || node.range[0] >= end || node.range[1] < end) return undefined;
  const children =
    isMap(node) || isSeq(node) ? node.items.flatMap((item) => (isPair(item) ? [item.key, item.value] : [item])) : [];
  for (const child of children) {
    const inner = unclosedStart(child, end);
    if (inner !== undefined) return inner;
  }
  const open =
    (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) ||
    ((isMap(node) || isSeq(node)) && node.flow === true);
  return open ? node.range[0] : undefined;
}

interface PositionMap {
  data: unknown;
  warnings: Diagnostic[];
  locate(pointer: string): SourcePosition | undefined;
}

function buildPositionMap(text: string, displayPath: string): PositionMap {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  let lenient: { data: unknown; warnings: Diagnostic[] } | undefined;
  if (doc.errors.length > 0) {
    const diagnostics: Diagnostic[] = doc.errors.map((error) => {
      // An unclosed quote or bracket is noticed at the end of the file: point where it was opened.
      const opened = error.pos[0] >= text.trimEnd().length ? unclosedStart(doc.contents, error.pos[0]) : undefined;
      const pos = lineCounter.linePos(opened ?? error.pos[0]);
      const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return diagnostic({
        code: 'CG003',
        message: opened === undefined ? message : `${message}: opened here and never closed`,
        file: displayPath,
        line: pos.line,
        col: pos.col,
      });
    });
    lenient = readAsTheEcosystemDoes(text, diagnostics);
    if (!lenient) throw new DiagnosticError(diagnostics);
  }
  const position = (node: Node): SourcePosition | undefined => {
    if (!node.range) return undefined;
    const pos = lineCounter.linePos(node.range[0]);
    return { line: pos.line, col: pos.col };
  };
  return {
    data: lenient ? lenient.data : doc.toJS({ maxAliasCount: 10_000 }),
    warnings: lenient?.warnings ?? [],
    locate(pointer) {
      let node: unknown = doc.contents;
      let best: SourcePosition | undefined = isNode(node) ? position(node) : undefined;
      for (const segment of splitPointer(pointer)) {
        if (isMap(node)) {
          const pair = node.items.find(
            (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment,
          );
          if (!pair) break;
          node = pair.value;
          const key = pair.key as Node;
          // A scalar is shown where its value is; a mapping or sequence where its key is.
          best = (isScalar(node) ? position(node) : position(key)) ?? best;
        } else if (isSeq(node)) {
          node = node.items[Number(segment)];
          if (!isNode(node)) break;
          best = position(node) ?? best;
        } else {
          break;
        }
      }
      return best;
    },
  };
}
