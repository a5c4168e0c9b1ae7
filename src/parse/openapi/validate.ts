/** Runs swagger-parser's validation and turns its findings into located diagnostics. */
import SwaggerParser from '@apidevtools/swagger-parser';
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import type { LoadedSource } from '../../load/source.js';

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

export async function validateOpenApi(source: LoadedSource): Promise<Diagnostic[]> {
  try {
    await SwaggerParser.validate(source.absPath, structuredClone(source.data) as never, {
      dereference: { circular: 'ignore' },
      validate: { schema: true, spec: true },
    } as never);
    return [];
  } catch (error) {
    return toDiagnostics(source, error);
  }
}

function toDiagnostics(source: LoadedSource, error: unknown): Diagnostic[] {
  const e = error as { name?: string; message?: string; details?: AjvDetail[]; path?: string; code?: string };
  if (Array.isArray(e.details)) return schemaDiagnostics(source, e.details);
  if (e.name === 'MissingPointerError' || e.code === 'EMISSINGPOINTER' || e.name === 'ResolverError') {
    const pointer = findRefPointer(source.data, e.message ?? '') ?? '';
    return [diagnostic({ code: 'CG007', message: firstLine(e.message), ...located(source, pointer) })];
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
    const pointer = detail.instancePath ?? '';
    let message = detail.message ?? 'is invalid';
    if (detail.keyword === 'enum' && Array.isArray(detail.params?.allowedValues)) {
      message = `must be one of ${(detail.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    if (detail.keyword === 'additionalProperties' && typeof detail.params?.additionalProperty === 'string') {
      message = `has an unknown property ${JSON.stringify(detail.params.additionalProperty)}`;
    }
    const list = byPointer.get(pointer) ?? [];
    if (!list.includes(message)) list.push(message);
    byPointer.set(pointer, list);
  }
  const pointers = [...byPointer.keys()];
  const out: Diagnostic[] = [];
  for (const pointer of pointers) {
    const hasDeeper = pointers.some((p) => p !== pointer && p.startsWith(pointer + '/'));
    let messages = byPointer.get(pointer)!;
    const specific = messages.filter((m) => !/must match (exactly one|a) schema|required property '\$ref'/.test(m));
    if (specific.length > 0) messages = specific;
    else if (hasDeeper) continue;
    if (hasDeeper && messages.every((m) => /required property/.test(m))) continue;
    const unescaped = pointer;
    out.push(diagnostic({ code: 'CG006', message: messages.join('; '), ...located(source, unescaped) }));
  }
  return out;
}

/** Finds where a missing `$ref` is written, so the diagnostic can point at it. */
function findRefPointer(root: unknown, message: string): string | undefined {
  const match = /\$ref pointer "([^"]+)"/.exec(message) ?? /"([^"]*#[^"]*)"/.exec(message);
  if (!match) return undefined;
  const ref = match[1]!;
  const walk = (node: unknown, pointer: string): string | undefined => {
    if (typeof node !== 'object' || node === null) return undefined;
    if (!Array.isArray(node) && (node as Record<string, unknown>).$ref === ref) return pointer + '/$ref';
    for (const [key, value] of Object.entries(node)) {
      const found = walk(value, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (found) return found;
    }
    return undefined;
  };
  return walk(root, '');
}
