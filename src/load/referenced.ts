/**
 * The other files a spec's `$ref`s reach, directly or through each other: inputs of the output as much as
 * the spec itself, so the stamp's fingerprint covers them too (an edit to a referenced schema file must not
 * look like a no-op). Remote references are not files here; unreadable ones are left to the parse stage.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The target (without its fragment) of each `$ref` in `data` that points outside the document, local or remote. */
export function externalRefs(data: unknown): string[] {
  const out: string[] = [];
  const stack = [data];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const ref = (node as Record<string, unknown>).$ref;
    if (typeof ref === 'string') {
      const file = ref.split('#', 1)[0]!;
      if (file !== '') out.push(file);
    }
    stack.push(...Object.values(node));
  }
  return out;
}

const isRemote = (ref: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(ref);

/** A `$ref`'s file part as a path: percent-decoded, or as written when it is not valid percent-encoding. */
function decodedPath(ref: string): string {
  try {
    return decodeURI(ref);
  } catch {
    return ref;
  }
}

/** Absolute paths of every local file reachable from `refs` (the external refs of the document at `absPath`). */
export function referencedFiles(absPath: string, refs: string[]): string[] {
  const found = new Set<string>();
  const visit = (from: string, targets: string[]) => {
    for (const ref of targets) {
      if (isRemote(ref)) continue;
      const file = path.resolve(path.dirname(from), decodedPath(ref));
      if (found.has(file) || file === absPath) continue;
      found.add(file);
      try {
        visit(file, externalRefs(parse(readFileSync(file, 'utf8'))));
      } catch {
        // Unreadable or not YAML/JSON: the parse stage says so; its bytes are still fingerprinted.
      }
    }
  };
  visit(absPath, refs);
  return [...found];
}
