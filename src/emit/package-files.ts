/** package.json and tsconfig.json of the generated package (data, serialized as JSON). */
import type { Api } from '../ir/types.js';
import { bannerText } from './context.js';

export interface PackageOptions {
  name: string;
  version: string;
  sources: string[];
}

export function packageJson(api: Api, options: PackageOptions): string {
  const pkg: Record<string, unknown> = {
    '//': bannerText(options.sources),
    name: options.name,
    version: options.version,
    description: `Typed TypeScript client for ${api.info.title} ${api.info.version}`,
    type: 'module',
    sideEffects: false,
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: {
      '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' },
      './validators': {
        types: './dist/validators.d.ts',
        import: './dist/validators.js',
        default: './dist/validators.js',
      },
      './mocks': { types: './dist/mocks.d.ts', import: './dist/mocks.js', default: './dist/mocks.js' },
      './package.json': './package.json',
    },
    files: ['dist', 'src', 'README.md'],
    engines: { node: '>=20' },
  };
  // Optional peers: `ws` for sockets on Node 20, msw for the mocks' handlers (what the app's tests install).
  const peers: Record<string, string> = {
    ...(api.channels.length > 0 ? { ws: '^8.0.0' } : {}),
    ...(api.runtimeParts?.msw ? { msw: '^2.0.0' } : {}),
  };
  if (Object.keys(peers).length > 0) {
    pkg.peerDependencies = peers;
    pkg.peerDependenciesMeta = Object.fromEntries(Object.keys(peers).map((name) => [name, { optional: true }]));
  }
  return JSON.stringify(pkg, null, 2) + '\n';
}

export const COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  strict: true,
  declaration: true,
  skipLibCheck: true,
  types: [],
  rootDir: 'src',
  outDir: 'dist',
} as const;

/** tsconfig.json allows comments, so it carries the banner like the sources do. */
export function tsconfigJson(sources: string[]): string {
  return (
    `// ${bannerText(sources)}\n` +
    JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include: ['src'] }, null, 2) +
    '\n'
  );
}
