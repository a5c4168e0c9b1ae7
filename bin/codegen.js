#!/usr/bin/env node
// The `codegen` command. The TypeScript sources are compiled to dist/ by `npm ci` / `npm install` (prepare).
import { existsSync } from 'node:fs';
import module from 'node:module';
import v8 from 'node:v8';

// Node 22+: V8 keeps the compiled code of every module loaded (TypeScript through ts-morph, prettier, the
// AsyncAPI parser) in a cache folder, so later runs skip compiling them (bench/levers.md). The folder is
// Node's default (NODE_COMPILE_CACHE, else node-compile-cache in the OS temp folder) and may be deleted at any
// time; NODE_DISABLE_COMPILE_CACHE=1 turns it off. Node 20 has no such cache and runs as before.
if (typeof module.enableCompileCache === 'function') {
  try {
    module.enableCompileCache();
  } catch {
    // A cache folder that cannot be written only costs the time it would have saved.
  }
}

// V8 grows the heap in large steps by default: on GitHub's spec the process held about twice the memory it
// uses (~600 MiB against ~335 MiB). Steps of 10% keep the peak near what is live, at no cost in time
// (measured side by side: bench/levers.md). It bounds nothing: a larger spec still gets the heap it needs.
// Not for --watch: a process that stays up runs again and again, and there the frequent collections cost each
// regeneration time (GitHub, one edit: about 2.0 s with the flag, 1.6 s without).
if (!process.argv.includes('--watch')) v8.setFlagsFromString('--heap-growing-percent=10');

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('codegen: dist/ is missing; run `npm run build` (npm ci does it) first.\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
