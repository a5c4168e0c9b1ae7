/** Copies the static runtime (real, unit-tested TypeScript under templates/runtime) into the package. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bannerText } from './context.js';
import { RUNTIME } from './runtime-symbols.js';

/** The runtime's modules, as the registry of the names taken from them lists them. */
export const RUNTIME_FILES = Object.keys(RUNTIME).map((module) => `${module}.ts`);

/** templates/ sits beside src/ (and beside dist/ once built). */
const templatesDir = fileURLToPath(new URL('../../templates/runtime/', import.meta.url));

export async function runtimeFiles(parts: {
  websocket: boolean;
  int64: boolean;
  /** Event streams use the WebSocket client's buffer, backoff and error types too. */
  eventStreams: boolean;
}): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of RUNTIME_FILES) {
    if (name.startsWith('websocket') && !parts.websocket && !parts.eventStreams) continue;
    if (name.startsWith('sse') && !parts.eventStreams) continue;
    if (name === 'int64.ts' && !parts.int64) continue;
    const text = await readFile(templatesDir + name, 'utf8');
    files.set(`src/runtime/${name}`, `// ${bannerText([`templates/runtime/${name}`])}\n${text}`);
  }
  return files;
}
