/**
 * OpenAPI Overlays (the OpenAPI Initiative's Overlay Specification 1.0): documents of actions that change a
 * spec before it is parsed, so that what a vendor's spec lacks can live beside it, and the spec itself stays
 * as the vendor wrote it. Each action's `target` is an RFC 9535 JSONPath (evaluated by json-p3); `update`
 * merges into every object it selects (objects recursively, other values replaced) or is appended to every
 * array it selects; `remove: true` deletes what it selects. Actions apply in order, overlays in the order
 * the config lists them. Diagnostics point into the overlay file.
 */
import { jsonpath, JSONPathError } from 'json-p3';
import { diagnostic, DiagnosticError, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { joinPointer, splitPointer, type LoadedSource } from './source.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `update` merged into `target`: objects key by key, recursively; anything else replaces. */
function merge(target: Record<string, unknown>, update: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(update)) {
    const current = target[key];
    if (isObject(current) && isObject(value)) merge(current, value);
    else target[key] = structuredClone(value);
  }
}

interface Action {
  index: number;
  target: string;
  update?: unknown;
  remove?: boolean;
}

/** The overlay's actions, or the diagnostics that say why it is not an overlay codegen can apply. */
function readActions(overlay: LoadedSource): { actions: Action[]; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const at = (pointer: string, message: string) => {
    const pos = overlay.locate(pointer);
    problems.push(
      diagnostic({
        code: 'CG017',
        message,
        file: overlay.displayPath,
        ...(pointer === '' ? {} : { pointer }),
        ...(pos ? { line: pos.line, col: pos.col } : {}),
      }),
    );
  };
  const data = overlay.data;
  if (!isObject(data) || typeof data.overlay !== 'string') {
    at('', `${overlay.displayPath} is not an overlay document (no top-level "overlay: 1.0.0")`);
    return { actions: [], problems };
  }
  if (!/^1\.0(\.\d+)?$/.test(data.overlay))
    at('/overlay', `overlay version ${data.overlay} is not supported (1.0.x is)`);
  if (!isObject(data.info) || typeof data.info.title !== 'string' || typeof data.info.version !== 'string')
    at('/info', 'an overlay needs "info" with a "title" and a "version"');
  if (!Array.isArray(data.actions) || data.actions.length === 0) {
    at('/actions', 'an overlay needs a non-empty "actions" list');
    return { actions: [], problems };
  }
  const actions: Action[] = [];
  data.actions.forEach((raw, index) => {
    const pointer = `/actions/${index}`;
    if (!isObject(raw) || typeof raw.target !== 'string') return at(pointer, `action ${index + 1} has no "target"`);
    const remove = raw.remove === true;
    if (!remove && raw.update === undefined)
      return at(pointer, `action ${index + 1} has neither "update" nor "remove: true"`);
    actions.push({ index, target: raw.target, ...(remove ? { remove } : { update: raw.update }) });
  });
  return { actions, problems };
}

/**
 * Applies overlays to a loaded spec, in order: the spec's data is changed, its text (and positions) stay
 * the vendor's. Throws a DiagnosticError, located in the overlay, when an overlay is not one, a target is
 * not a JSONPath, or matches nothing (an action that does nothing is a mistake worth stopping for).
 */
export function applyOverlays(
  spec: LoadedSource,
  overlays: LoadedSource[],
): { source: LoadedSource; added: AddedOperation[] } {
  const document = structuredClone(spec.data) as Json;
  const problems: Diagnostic[] = [];
  const added: AddedOperation[] = [];
  const writes: Write[] = [];
  for (const overlay of overlays) {
    const before = operationKeys(document);
    const { actions, problems: invalid } = readActions(overlay);
    problems.push(...invalid);
    for (const action of actions) {
      const pointer = `/actions/${action.index}/target`;
      const pos = overlay.locate(pointer);
      const located = { file: overlay.displayPath, pointer, ...(pos ? { line: pos.line, col: pos.col } : {}) };
      let nodes;
      try {
        nodes = jsonpath.query(action.target, document).nodes;
      } catch (error) {
        const reason = error instanceof JSONPathError ? error.message : String(error);
        problems.push(
          diagnostic({ code: 'CG017', message: `"${action.target}" is not a JSONPath: ${reason}`, ...located }),
        );
        continue;
      }
      if (nodes.length === 0) {
        problems.push(
          diagnostic({
            code: 'CG016',
            message: `action ${action.index + 1}: target "${action.target}" matches nothing in ${spec.displayPath}`,
            ...located,
          }),
        );
        continue;
      }
      // Deepest first, and from the end of arrays, whatever order the selection has: removing one node never
      // moves another still to be removed.
      const ordered = nodes
        .map((node) => ({ node, tokens: node.toPointer().tokens as (string | number)[] }))
        .sort((a, b) => comparePointers(b.tokens, a.tokens));
      for (const { node, tokens } of ordered) {
        if (action.remove) {
          if (tokens.length === 0) {
            problems.push(diagnostic({ code: 'CG017', message: 'the whole document cannot be removed', ...located }));
            continue;
          }
          let parent: unknown = document;
          for (const token of tokens.slice(0, -1)) parent = (parent as Record<string, unknown>)[String(token)];
          const last = tokens[tokens.length - 1]!;
          if (Array.isArray(parent)) parent.splice(Number(last), 1);
          else delete (parent as Record<string, unknown>)[String(last)];
        } else if (Array.isArray(node.value)) {
          writes.push({ at: [...tokens, node.value.length], overlay, pointer: `/actions/${action.index}/update` });
          (node.value as unknown[]).push(structuredClone(action.update));
        } else if (isObject(node.value) && isObject(action.update)) {
          for (const key of Object.keys(action.update))
            writes.push({
              at: [...tokens, key],
              overlay,
              pointer: `/actions/${action.index}/update${joinPointer([key])}`,
            });
          merge(node.value, action.update);
        } else {
          problems.push(
            diagnostic({
              code: 'CG017',
              message: `action ${action.index + 1}: "${action.target}" selects a ${node.value === null ? 'null' : typeof node.value}; "update" merges an object into an object, or appends to an array`,
              ...located,
            }),
          );
        }
      }
    }
    for (const key of operationKeys(document))
      if (!before.has(key)) {
        const space = key.indexOf(' ');
        added.push({ method: key.slice(0, space), path: key.slice(space + 1), overlay: overlay.displayPath });
      }
  }
  if (problems.some((d) => d.severity === 'error')) throw new DiagnosticError(sortDiagnostics(problems));
  return { source: { ...spec, data: document, writtenBy: (pointer) => writtenBy(writes, pointer) }, added };
}

/** What an action wrote: the node at `at` in the spec, from the value at `pointer` in the overlay. */
interface Write {
  at: (string | number)[];
  overlay: LoadedSource;
  pointer: string;
}

/** The last write at or above a spec pointer, mapped into its overlay (the rest of the path follows the value). */
function writtenBy(writes: readonly Write[], pointer: string): ReturnType<NonNullable<LoadedSource['writtenBy']>> {
  const segments = splitPointer(pointer);
  for (const write of [...writes].reverse()) {
    if (write.at.length > segments.length || write.at.some((t, i) => String(t) !== segments[i])) continue;
    const inOverlay = write.pointer + joinPointer(segments.slice(write.at.length));
    const position = write.overlay.locate(inOverlay);
    return { file: write.overlay.displayPath, pointer: inOverlay, ...(position ? { position } : {}) };
  }
  return undefined;
}

/** Document order of two pointers (array indices as numbers; a parent before its children). */
function comparePointers(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = String(a[i]!);
    const y = String(b[i]!);
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** An operation an overlay added to the spec: the generated README lists them. */
export interface AddedOperation {
  method: string;
  path: string;
  overlay: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `method path` of every operation in a document. */
function operationKeys(document: Json): Set<string> {
  const keys = new Set<string>();
  const paths = isObject(document) ? document.paths : undefined;
  if (isObject(paths))
    for (const [path, item] of Object.entries(paths))
      if (isObject(item)) for (const method of METHODS) if (isObject(item[method])) keys.add(`${method} ${path}`);
  return keys;
}
