/**
 * codegen as other projects use it: the published package (bin/pack.js) installed as a dev dependency of a
 * fresh project, `npx codegen run` there, and the package it writes compiled by that project's TypeScript.
 * Nothing comes from this repository's node_modules: the project lives in a temporary folder of its own.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers.js';

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_PATH' && !k.startsWith('npm_')));

function sh(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the published package', () => {
  it('installs into a fresh project, where `npx codegen run` writes a package that compiles', () => {
    const dir = tempDir('codegen-pack-');
    const tarball = sh(process.execPath, [path.join(repoRoot, 'bin/pack.js'), dir], repoRoot).trim();
    expect(path.basename(tarball)).toMatch(/^codegen-\d+\.\d+\.\d+\.tgz$/);
    const app = path.join(dir, 'app');
    mkdirSync(path.join(app, 'specs'), { recursive: true });
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    sh('npm', ['install', '--save-dev', tarball, '--no-audit', '--no-fund', '--prefer-offline'], app);
    // Its runtime dependencies came with it; none of the repository's dev tools did.
    expect(existsSync(path.join(app, 'node_modules/typescript'))).toBe(true);
    expect(existsSync(path.join(app, 'node_modules/vitest'))).toBe(false);

    // Golem's specs and overlay, no config file: the specs/ folder is read as it is.
    for (const file of readdirSync(path.join(repoRoot, 'specs')))
      cpSync(path.join(repoRoot, 'specs', file), path.join(app, 'specs', file));
    const first = execFileSync('npx', ['codegen', 'run'], { cwd: app, env, encoding: 'utf8', stdio: 'pipe' });
    expect(first).toBe('');
    const out = path.join(app, 'generated/client');
    expect(readdirSync(path.join(out, 'src'))).toContain('client.ts');
    // The overlay beside the specs was applied: it adds cancelInvocation.
    expect(readFileSync(path.join(out, 'src/client.ts'), 'utf8')).toContain('cancelInvocation');
    sh(process.execPath, [path.join(app, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', out], app);
    const again = execFileSync('npx', ['codegen', 'run', '--check'], {
      cwd: app,
      env,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    expect(again).toBe('');
  });
});
