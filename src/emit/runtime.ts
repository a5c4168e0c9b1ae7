/** Copies the static runtime (real, unit-tested TypeScript under templates/runtime) into the package. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bannerText } from './context.js';
import { RUNTIME } from './runtime-symbols.js';

/** The runtime's modules, as the registry of the names taken from them lists them. */
export const RUNTIME_FILES = Object.keys(RUNTIME).map((module) => `${module}.ts`);

/** templates/ sits beside src/ (and beside dist/ once built). */
const templatesDir = fileURLToPath(new URL('../../templates/runtime/', import.meta.url));

/** Whether a package with these parts needs a runtime module: the stream session is shared by both kinds of stream. */
export function needsRuntimeModule(
  module: string,
  parts: { websocket: boolean; eventStreams: boolean; int64: boolean; msw?: boolean },
): boolean {
  if (module === 'mock-msw') return parts.msw === true;
  if (module.startsWith('stream')) return parts.websocket || parts.eventStreams;
  if (module.startsWith('websocket')) return parts.websocket;
  if (module.startsWith('sse')) return parts.eventStreams;
  // The mocks write what the client delivers with the int64 module's exact JSON writer.
  if (module === 'int64') return parts.int64 || parts.msw === true;
  return true;
}

export async function runtimeFiles(parts: {
  websocket: boolean;
  int64: boolean;
  eventStreams: boolean;
  msw?: boolean;
}): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of RUNTIME_FILES) {
    if (!needsRuntimeModule(name.replace(/\.ts$/, ''), parts)) continue;
    const text = await readFile(templatesDir + name, 'utf8');
    files.set(`src/runtime/${name}`, `// ${bannerText([`templates/runtime/${name}`])}\n${text}`);
  }
  return files;
}
