#!/usr/bin/env node
// The `codegen` command. The TypeScript sources are compiled to dist/ by `npm ci` / `npm install` (prepare).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('codegen: dist/ is missing; run `npm run build` (npm ci does it) first.\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
