#!/usr/bin/env node
// Makes the published package, codegen-<version>.tgz, in the current directory (or the one given).
//
// The repository's own package.json declares no `bin`: npm 11's `npx codegen` would otherwise copy the
// checkout into its cache and build it again (5 to 13 s) on every fresh clone, where the `codegen` linked
// into node_modules/.bin (bin/package.json) runs at once. So the published manifest is this one plus the
// `bin`, without what only the repository needs (scripts, devDependencies), staged with the files it lists.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const into = path.resolve(process.argv[2] ?? process.cwd());
if (!existsSync(path.join(root, 'dist/cli.js'))) {
  process.stderr.write('codegen: dist/ is missing; run `npm run build` first (`npm run package` does).\n');
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const { scripts, devDependencies, private: _private, files, ...published } = manifest;
const stage = mkdtempSync(path.join(tmpdir(), 'codegen-pack-'));
try {
  writeFileSync(
    path.join(stage, 'package.json'),
    JSON.stringify(
      { ...published, bin: { codegen: 'bin/codegen.js' }, files: ['bin/codegen.js', 'dist', 'templates', 'README.md'] },
      null,
      2,
    ) + '\n',
  );
  cpSync(path.join(root, 'bin/codegen.js'), path.join(stage, 'bin/codegen.js'));
  cpSync(path.join(root, 'dist'), path.join(stage, 'dist'), { recursive: true });
  cpSync(path.join(root, 'README.md'), path.join(stage, 'README.md'));
  // The runtime templates, without their tests: the generator copies them into every package it writes.
  for (const file of readdirSync(path.join(root, 'templates/runtime')).filter((f) => !f.endsWith('.test.ts')))
    cpSync(path.join(root, 'templates/runtime', file), path.join(stage, 'templates/runtime', file));
  const name = execFileSync('npm', ['pack', '--silent', '--ignore-scripts'], { cwd: stage, encoding: 'utf8' }).trim();
  renameSync(path.join(stage, name), path.join(into, name));
  process.stdout.write(`${path.join(into, name)}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
