/**
 * Writing the package: compare with what is on disk, stage every new file beside its target, then rename
 * them into place. A failure while staging leaves the previous output exactly as it was. `--check`
 * only compares. The output directory belongs to codegen: files it did not generate are removed
 * (except `node_modules/` and dotfiles).
 */
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface Plan {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel + '/')));
    else out.push(rel);
  }
  return out;
}

/**
 * What writing `files` would change. `known` gives the text of a file already read (and checked against the
 * stamp) this run, so it is not read again.
 */
export async function plan(
  outDir: string,
  files: Map<string, string>,
  known: (file: string) => string | undefined = () => undefined,
): Promise<Plan> {
  const existing = new Set(await listFiles(outDir));
  const result: Plan = { added: [], changed: [], removed: [], unchanged: [] };
  for (const [rel, text] of files) {
    if (!existing.has(rel)) {
      result.added.push(rel);
      continue;
    }
    const current = known(rel) ?? (await readFile(path.join(outDir, rel), 'utf8'));
    (current === text ? result.unchanged : result.changed).push(rel);
  }
  result.removed = [...existing].filter((rel) => !files.has(rel)).sort();
  return result;
}

export async function write(outDir: string, files: Map<string, string>, changes: Plan): Promise<void> {
  const toWrite = [...changes.added, ...changes.changed];
  const staged: [string, string][] = [];
  const suffix = `.codegen-tmp-${process.pid}`;
  try {
    for (const rel of toWrite) {
      const target = path.join(outDir, rel);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target + suffix, files.get(rel)!);
      staged.push([target + suffix, target]);
    }
  } catch (error) {
    await Promise.all(staged.map(([tmp]) => rm(tmp, { force: true })));
    throw error;
  }
  for (const [tmp, target] of staged) await rename(tmp, target);
  for (const rel of changes.removed) await rm(path.join(outDir, rel), { force: true });
  await removeEmptyDirs(outDir);
}

async function removeEmptyDirs(dir: string): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  let empty = true;
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
      if (!(await removeEmptyDirs(path.join(dir, entry.name)))) empty = false;
    } else {
      empty = false;
    }
  }
  return (
    empty &&
    (await rmdir(dir).then(
      () => true,
      () => false,
    ))
  );
}
