/**
 * `npm run build`: @asyncapi/parser, with the internals codegen reaches into (parser-module.ts), bundled into
 * one CommonJS file, dist/vendor/asyncapi-parser.cjs. Node loads its 780 modules faster as one file; the
 * bundle keeps each package's license comments (at its end). Where the bundle is missing, codegen loads the
 * packages themselves.
 */
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { PARSER_BUNDLE, parserModulePaths } from './parser-module.js';

const paths = parserModulePaths();
const at = (file: string) => JSON.stringify(file);
const entry = [
  `module.exports = {`,
  `  Parser: require(${at(paths.Parser)}).Parser,`,
  `  getSchema: require(${at(paths.getSchema)}).getSchema,`,
  `  AsyncAPIFormats: require(${at(paths.AsyncAPIFormats)}).AsyncAPIFormats,`,
  `  rulesetValidation: require(${at(paths.rulesetValidation)}),`,
  `};`,
].join('\n');

/**
 * jsonc-parser's CommonJS build is a UMD wrapper that requires its parts in a way a bundler cannot follow: its
 * ES module build (in the same package, so whichever copy a package depends on) is taken instead. Every other
 * package keeps its CommonJS build, whose `require`s inside functions stay lazy (an ES module build would
 * load, at start, what the parser needs only for remote references).
 */
const RESOLVING = Symbol('resolving');
const umdAsModule: Plugin = {
  name: 'umd-as-module',
  setup(bundler) {
    bundler.onResolve({ filter: /^jsonc-parser$/ }, async (args) => {
      if (args.pluginData === RESOLVING) return undefined;
      const found = await bundler.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: RESOLVING,
      });
      if (found.errors.length > 0) return { errors: found.errors };
      return { path: found.path.replace(/(lib[\\/])umd([\\/]main\.js)$/, '$1esm$2') };
    });
  },
};

await build({
  stdin: { contents: entry, resolveDir: path.dirname(paths.Parser), loader: 'js', sourcefile: 'asyncapi-parser.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  plugins: [umdAsModule],
  // Node's own punycode module is deprecated, and warns when code outside node_modules (this bundle) loads it:
  // the same code from its package (whatwg-url, for remote references, is written against it).
  alias: { punycode: 'punycode/' },
  legalComments: 'eof',
  outfile: PARSER_BUNDLE,
  logLevel: 'warning',
});
