/** Runs swagger-parser's validation and turns its findings into located diagnostics. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { diagnostic, DiagnosticError, type Diagnostic } from '../../diagnostics.js';
import { isRemoteRefFailure, REMOTE_REF_HELP, resolvePointer } from '../refs.js';
import { followBundledMapRefs } from '../repair-refs.js';
import { bundledNames, resolveFileMappings } from './mappings.js';
import { joinPointer, type LoadedSource } from '../../load/source.js';
import { openApiValidator, schemaVersion } from './schemas.js';

interface AjvDetail {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function located(source: LoadedSource, pointer: string) {
  const pos = source.locate(pointer);
  return { file: source.displayPath, pointer, ...(pos ? { line: pos.line, col: pos.col } : {}) };
}

export interface RefScan {
  /** Every `$ref` that points at nothing, located: swagger-parser stops at the first one. */
  unresolved: Diagnostic[];
  /** Whether any `$ref` points into another file (the document then needs bundling). */
  external: boolean;
}

/**
 * One walk over the document for what the parser needs to know about its `$ref`s. The way down is kept as
 * segments, joined into a pointer only for a `$ref` that is reported (GitHub's spec has millions of nodes).
 */
export function scanRefs(source: LoadedSource, data: unknown = source.data): RefScan {
  const out: Diagnostic[] = [];
  let external = false;
  const baseDir = path.dirname(source.absPath);
  const segments: (string | number)[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        segments.push(i);
        walk(node[i]);
        segments.pop();
      }
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string') {
      const ref = record.$ref;
      const hash = ref.indexOf('#');
      const file = hash === -1 ? ref : ref.slice(0, hash);
      const fragment = hash === -1 ? undefined : ref.slice(hash + 1);
      let problem: string | undefined;
      if (file !== '') external = true;
      if (file === '') {
        if (resolvePointer(data, `#${fragment ?? ''}`) === undefined)
          problem = `$ref ${JSON.stringify(ref)} points at nothing in this document`;
      } else if (!/^[a-z]+:\/\//i.test(file) && !existsSync(path.resolve(baseDir, file))) {
        problem = `$ref ${JSON.stringify(ref)}: file ${JSON.stringify(file)} does not exist`;
      }
      if (problem)
        out.push(
          diagnostic({ code: 'CG007', message: problem, ...located(source, joinPointer([...segments, '$ref'])) }),
        );
    }
    for (const key of Object.keys(record)) {
      segments.push(key);
      walk(record[key]);
      segments.pop();
    }
  };
  walk(data);
  return { unresolved: out, external };
}

/**
 * Validation against the OpenAPI 3.0/3.1 JSON Schema that swagger-parser uses, compiled with its settings
 * (see schemas.ts), of the document as written (bundled with the files it refers to, if any), not of a
 * dereferenced copy: `SwaggerParser.validate` would first dereference a clone of the whole document (most of
 * its time on large specs), only for its spec-level checks, which it skips for OpenAPI 3; and errors inside a
 * shared schema are then found once, where the schema is written, not again at every place that refers to it.
 */
export function validateOpenApi(source: LoadedSource, doc: unknown): Diagnostic[] {
  const validate = openApiValidator(schemaVersion((doc as { openapi: string }).openapi));
  return validate(doc) ? [] : schemaDiagnostics(source, (validate.errors ?? []) as AjvDetail[]);
}

/**
 * A document with the files its `$ref`s reach bundled in, and the names of what bundling placed, by where it
 * placed it (what its schemas are called where no component names them: see bundledNames).
 */
export interface Bundled {
  doc: unknown;
  placedNames: ReadonlyMap<string, string>;
}

/**
 * The document with the files its `$ref`s reach bundled in, by swagger-parser (loaded only for such a
 * spec). A file that cannot be read or parsed is a located diagnostic.
 */
export async function bundleExternal(source: LoadedSource, data: unknown = source.data): Promise<Bundled> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const parser = new SwaggerParser();
  let bundled: unknown;
  try {
    // The options argument is not optional here: without it the document is taken for the options, and the
    // file is read again from disk (losing overlays and repairs).
    bundled = await parser.bundle(source.absPath, structuredClone(data) as never, {});
  } catch (error) {
    throw new DiagnosticError(toDiagnostics(source, error));
  }
  // Discriminator mappings that name files, relative to the file each is written in.
  resolveFileMappings(bundled, parser.$refs as never, source.absPath);
  const doc = followBundledMapRefs(bundled);
  return { doc, placedNames: bundledNames(doc, parser.$refs as never, source.absPath) };
}

/**
 * Any JSON document (an AsyncAPI one) with the files its `$ref`s reach bundled in, each relative `$ref`
 * resolved against the file it is written in (json-schema-ref-parser, which swagger-parser bundles with).
 */
export async function bundleFiles(source: LoadedSource, data: unknown = source.data): Promise<Bundled> {
  const { $RefParser } = await import('@apidevtools/json-schema-ref-parser');
  const parser = new $RefParser();
  try {
    // With an options argument, or the document is taken for the options and the file read again from disk.
    const doc = followBundledMapRefs(await parser.bundle(source.absPath, structuredClone(data) as never, {}));
    return { doc, placedNames: bundledNames(doc, parser.$refs as never, source.absPath) };
  } catch (error) {
    throw new DiagnosticError(toDiagnostics(source, error));
  }
}

function toDiagnostics(source: LoadedSource, error: unknown): Diagnostic[] {
  const e = error as { name?: string; message?: string; details?: AjvDetail[]; path?: string; code?: string };
  if (Array.isArray(e.details)) return schemaDiagnostics(source, e.details);
  if (e.name === 'MissingPointerError' || e.code === 'EMISSINGPOINTER' || e.name === 'ResolverError') {
    const pointer = findRefPointer(source.data, e.message ?? '') ?? '';
    const remote = isRemoteRefFailure(e.message ?? '');
    return [
      diagnostic({
        code: 'CG007',
        message: `${remote ? 'remote $ref could not be fetched: ' : ''}${firstLine(e.message)}`,
        ...(remote ? { help: REMOTE_REF_HELP } : {}),
        ...located(source, pointer),
      }),
    ];
  }
  const message = firstLine(e.message);
  const duplicate = /Duplicate operation id "([^"]+)"/i.exec(e.message ?? '');
  if (duplicate) return []; // reported by the parser with both locations
  const pointerMatch = /at (#\/\S+)/.exec(e.message ?? '');
  const pointer = pointerMatch ? decodeURIComponent(pointerMatch[1]!.slice(1)) : '';
  return [diagnostic({ code: 'CG006', message, ...located(source, pointer) })];
}

function firstLine(message: string | undefined): string {
  return (message ?? 'invalid spec').split('\n')[0]!.trim();
}

/**
 * ajv reports one error per failed branch of a oneOf. Keep the most specific message per location:
 * drop "must match exactly one schema in oneOf" and "$ref" alternatives when a deeper error explains it.
 */
function schemaDiagnostics(source: LoadedSource, details: AjvDetail[]): Diagnostic[] {
  const byPointer = new Map<string, string[]>();
  for (const detail of details) {
    let pointer = detail.instancePath ?? '';
    let message = detail.message ?? 'is invalid';
    if (detail.keyword === 'enum' && Array.isArray(detail.params?.allowedValues)) {
      message = `must be one of ${(detail.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    if (detail.keyword === 'additionalProperties' && typeof detail.params?.additionalProperty === 'string') {
      // Said where the property is, not where the object that holds it starts (the document's 1:1).
      message = `unknown property ${JSON.stringify(detail.params.additionalProperty)}: the specification has no such field here`;
      pointer = `${pointer}${joinPointer([detail.params.additionalProperty])}`;
    }
    const list = byPointer.get(pointer) ?? [];
    if (!list.includes(message)) list.push(message);
    byPointer.set(pointer, list);
  }
  // One "must be one of" per oneOf branch: say it once with every allowed value.
  for (const [pointer, list] of byPointer) {
    const enums = list.filter((m) => m.startsWith('must be one of '));
    if (enums.length > 1) {
      const values = enums.map((m) => m.slice('must be one of '.length)).join(', ');
      byPointer.set(pointer, [...list.filter((m) => !m.startsWith('must be one of ')), `must be one of ${values}`]);
    }
  }
  // The document validated is the one as written (or bundled): each error is reported once, where it is.
  // Content bundled in from another file is located at the nearest place of this file that holds it.
  const all = [...byPointer.keys()];
  const out: Diagnostic[] = [];
  for (const pointer of all) {
    const hasDeeper = all.some((p) => p !== pointer && p.startsWith(pointer + '/'));
    let messages = byPointer.get(pointer)!;
    const specific = messages.filter((m) => !/must match (exactly one|a) schema|required property '\$ref'/.test(m));
    if (specific.length > 0) messages = specific;
    else if (hasDeeper) continue;
    if (hasDeeper && messages.every((m) => /required property/.test(m))) continue;
    const value = resolvePointer(source.data, '#' + encodeURI(pointer).replace(/#/g, '%23'));
    if (
      pointer.endsWith('/type') &&
      typeof value === 'string' &&
      messages.every((m) => m.startsWith('must be one of'))
    ) {
      // A misspelt type name: the intent is clear enough to generate, as `unknown`, with a warning.
      out.push(
        diagnostic({
          code: 'CG010',
          message: `unknown schema type ${JSON.stringify(value)}; treated as unknown`,
          ...located(source, pointer),
        }),
      );
      continue;
    }
    // Generated anyway: what the reader cannot use it skips or reads leniently, and says so where it matters.
    out.push(diagnostic({ code: 'CG013', message: messages.join('; '), ...located(source, pointer) }));
  }
  return out;
}

/** Finds where a missing `$ref` is written, so the diagnostic can point at it. */
function findRefPointer(root: unknown, message: string): string | undefined {
  const match = /\$ref pointer "([^"]+)"/.exec(message) ?? /"([^"]*#[^"]*)"/.exec(message);
  const url = /https?:\/\/[^\s"']+?(?=:?\s|"|'|$)/.exec(message)?.[0];
  if (!match && !url) return undefined;
  const matches = (value: unknown) =>
    typeof value === 'string' && (match ? value === match[1] : value === url || value.startsWith(`${url}#`));
  const walk = (node: unknown, pointer: string): string | undefined => {
    if (typeof node !== 'object' || node === null) return undefined;
    if (!Array.isArray(node) && matches((node as Record<string, unknown>).$ref)) return pointer + '/$ref';
    for (const [key, value] of Object.entries(node)) {
      const found = walk(value, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (found) return found;
    }
    return undefined;
  };
  return walk(root, '');
}
