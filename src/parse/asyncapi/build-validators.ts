/**
 * Run by `npm run build` after the TypeScript compile: writes the AsyncAPI document-structure validators, one
 * per version and form (resolved, as written), as standalone modules in dist/parse/asyncapi/validators/, so
 * that no parse pays for compiling them (structure.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import { builtModuleName, structureAjv, structureSchema, structureVersions } from './structure.js';

const require = createRequire(import.meta.url);
const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: Ajv, fn: ValidateFunction) => string })
  .default;

const dir = fileURLToPath(new URL('./validators/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const version of structureVersions()) {
  for (const resolved of [true, false]) {
    const ajv = structureAjv({ source: true });
    const code = standaloneCode(ajv, ajv.compile(structureSchema(version, resolved)));
    writeFileSync(
      `${dir}${builtModuleName(version, resolved)}`,
      `// Built by codegen's build from @asyncapi/specs.\n${code}`,
    );
  }
}
