/** The parse worker (see off-thread.ts): reads each spec it is sent again and parses it. */
import { parentPort, workerData } from 'node:worker_threads';
import { DiagnosticError } from '../diagnostics.js';
import { parseSource } from '../load/source.js';
import type { SpecKind } from './cache.js';
import type { ParseReply, ParseRequest } from './off-thread.js';
import { parseSpec } from './spec.js';

const port = parentPort!;
// The parsers load as soon as the worker starts, while the main thread is still reading the specs.
const preload = (workerData as { preload: SpecKind[] }).preload.map((kind) =>
  kind === 'openapi' ? import('./openapi/index.js') : import('./asyncapi/index.js'),
);

port.on('message', (request: ParseRequest) => {
  void answer(request).then((reply) => port.postMessage(reply));
});

async function answer({ id, kind, source, options }: ParseRequest): Promise<ParseReply> {
  try {
    await Promise.all(preload);
    return { id, result: await parseSpec(kind, parseSource(source), options) };
  } catch (error) {
    if (error instanceof DiagnosticError) return { id, diagnostics: [...error.diagnostics] };
    const { message, stack } = error instanceof Error ? error : new Error(String(error));
    return { id, error: { message, ...(stack ? { stack } : {}) } };
  }
}
