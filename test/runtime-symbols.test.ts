/**
 * The registry of runtime names (src/emit/runtime-symbols.ts) against the runtime itself: every value the
 * generated code imports is exported as a value by its module, every type as a type, and the modules the
 * registry lists are the runtime files copied into each package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIME_FILES } from '../src/emit/runtime.js';
import { publicNames, RUNTIME, type RuntimeModule } from '../src/emit/runtime-symbols.js';
import { repoRoot } from './helpers.js';

function exportsOf(module: string): { values: Set<string>; types: Set<string> } {
  const text = readFileSync(path.join(repoRoot, 'templates/runtime', `${module}.ts`), 'utf8');
  const values = new Set<string>();
  const types = new Set<string>();
  for (const [, kind, name] of text.matchAll(
    /^export (?:async )?(function\*?|const|let|class|type|interface) (\w+)/gm,
  )) {
    if (kind === 'type' || kind === 'interface') types.add(name!);
    else values.add(name!);
    if (kind === 'class') types.add(name!);
  }
  return { values, types };
}

describe('runtime symbols', () => {
  it('lists exactly the runtime modules in templates/runtime/, which are what a package gets', () => {
    const files = readdirSync(path.join(repoRoot, 'templates/runtime'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort();
    expect(Object.keys(RUNTIME).map((m) => `${m}.ts`)).toStrictEqual(files);
    expect(RUNTIME_FILES).toStrictEqual(files);
  });

  for (const module of Object.keys(RUNTIME) as RuntimeModule[]) {
    it(`${module}: every registered name is exported, values as values and types as types`, () => {
      const exported = exportsOf(module);
      const missing = [
        ...RUNTIME[module].values.filter((name) => !exported.values.has(name)).map((name) => `value ${name}`),
        ...RUNTIME[module].types.filter((name) => !exported.types.has(name)).map((name) => `type ${name}`),
      ];
      expect(missing).toStrictEqual([]);
    });
  }

  it('marks as internal only names it registers, and re-exports the rest from a package', () => {
    for (const module of Object.keys(RUNTIME) as RuntimeModule[]) {
      const registered: readonly string[] = [...RUNTIME[module].values, ...RUNTIME[module].types];
      expect(RUNTIME[module].internal.filter((name: string) => !registered.includes(name))).toStrictEqual([]);
    }
    expect(publicNames('http', 'values')).toStrictEqual(['createClientCore', 'paginate']);
    expect(publicNames('websocket', 'types')).not.toContain('ChannelSpec');
    expect(publicNames('encode', 'values')).toStrictEqual([]);
  });

  it('would catch a name the runtime does not export', () => {
    expect(exportsOf('http').values.has('bindMethods')).toBe(true);
    expect(exportsOf('http').values.has('ClientCore')).toBe(false);
    expect(exportsOf('http').types.has('ClientCore')).toBe(true);
  });
});
