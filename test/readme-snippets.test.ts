/** Every TypeScript snippet of the project README and of the generated README type-checks against the package. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';
import { readmeSnippets, snippetErrors, snippetsOf } from './support/snippets.js';

const golem = path.join(repoRoot, 'generated/golem-client');

describe('README snippets', () => {
  it('are found with the line of their fence', () => {
    const found = snippetsOf('R.md', '# x\n```ts\nconst a = 1;\n```\n```sh\nls\n```\n```typescript\nb;\n```\n', 'p');
    expect(found).toStrictEqual([
      { source: 'R.md', line: 2, code: 'const a = 1;', pkg: 'p' },
      { source: 'R.md', line: 8, code: 'b;', pkg: 'p' },
    ]);
  });

  it('report a snippet that does not type-check at its README line', () => {
    const errors = snippetErrors(
      snippetsOf('R.md', '```ts\nconst ok = 1;\nawait client.someOperation();\n```\n', 'golem-client'),
      { 'golem-client': golem },
    );
    expect(errors).toStrictEqual([expect.stringMatching(/^R\.md:3: error TS2339: Property 'someOperation'/)]);
  });

  it('of the project README and the generated Golem README all type-check under --strict', () => {
    const snippets = [
      ...readmeSnippets(path.join(repoRoot, 'README.md'), 'golem-client'),
      ...readmeSnippets(path.join(golem, 'README.md'), 'golem-client'),
    ];
    expect(snippets.length).toBeGreaterThan(40);
    // The mocks' examples use msw, as an app's tests would (installed beside the package).
    const msw = { msw: path.join(repoRoot, 'node_modules/msw') };
    expect(snippetErrors(snippets, { 'golem-client': golem }, msw)).toStrictEqual([]);
  });
});

describe('generated README snippets of every feature fixture', () => {
  it('type-check under --strict against their own package', async () => {
    const { readdirSync } = await import('node:fs');
    const { resolveConfig } = await import('../src/config.js');
    const { runPipeline } = await import('../src/pipeline.js');
    const { plan, write } = await import('../src/write.js');
    const { tempDir } = await import('./helpers.js');
    const featureDir = path.join(repoRoot, 'test/fixtures/features');
    const packages: Record<string, string> = {};
    const snippets = [];
    for (const name of readdirSync(featureDir).filter((f) => /\.ya?ml$/.test(f))) {
      const kind = name.includes('asyncapi') ? 'asyncapi' : 'openapi';
      const pkg = `fixture-${name.replace(/\.ya?ml$/, '')}`;
      const config = resolveConfig({
        cwd: repoRoot,
        adHoc: true,
        flags: {
          [kind]: path.join('test/fixtures/features', name),
          out: 'unused',
          name: pkg,
          ...(name.includes('client-side') ? { perspective: 'client' as const } : {}),
        },
      });
      const result = await runPipeline(config);
      const out = tempDir();
      await write(out, result.files, await plan(out, result.files));
      packages[pkg] = out;
      snippets.push(...snippetsOf(`${name} README.md`, result.files.get('README.md')!, pkg));
    }
    expect(snippets.length).toBeGreaterThan(100);
    expect(snippetErrors(snippets, packages)).toStrictEqual([]);
  }, 120_000);
});
