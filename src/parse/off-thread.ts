/**
 * Parses run on a worker thread, so that a one-shot run does two things at once on a machine with more than
 * one core: the AsyncAPI stack (its parser, Spectral, their schemas) loads and parses on the worker while the
 * main thread parses the OpenAPI spec and loads the emitters. A process that stays up (`--watch`) parses on
 * its own thread, where every module stays loaded from one run to the next.
 *
 * The worker gets a spec's text, not its parsed data, and reads it again (the same function reads it on both
 * threads); what comes back is the parse result, plain IR, as the structured clone keeps it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DiagnosticError, type Diagnostic } from '../diagnostics.js';
import type { LoadedSource } from '../load/source.js';
import type { SpecKind } from './cache.js';
import { parseSpec, type ParseOptions, type ParseResults } from './spec.js';

/** What parses the specs of a run: on the main thread (`inProcess`) or partly on a worker (`startParseWorker`). */
export interface SpecParser {
  parse<K extends SpecKind>(kind: K, source: LoadedSource, options: ParseOptions): Promise<ParseResults[K]>;
  /** Whether some parse runs on another thread: the main thread has time for other work meanwhile. */
  readonly concurrent: boolean;
  close(): Promise<void>;
}

export const inProcess: SpecParser = {
  parse: parseSpec,
  concurrent: false,
  close: async () => {},
};

/** A request to the worker: the spec as read (text and hash), which parser, with what options. */
export interface ParseRequest {
  id: number;
  kind: SpecKind;
  source: { absPath: string; displayPath: string; text: string; hash: string };
  options: ParseOptions;
}

export type ParseReply =
  | { id: number; result: unknown }
  | { id: number; diagnostics: Diagnostic[] }
  | { id: number; error: { message: string; stack?: string } };

const ENTRY = new URL('./off-thread-entry.js', import.meta.url);

/**
 * A worker that parses the kinds in `kinds` (it starts loading their parsers at once); other kinds parse on
 * the calling thread. Undefined where there is no compiled worker script beside this module (running from
 * the TypeScript sources, as the unit tests do): then every parse is in process.
 */
export function startParseWorker(kinds: readonly SpecKind[]): SpecParser | undefined {
  if (kinds.length === 0 || !existsSync(fileURLToPath(ENTRY))) return undefined;
  const worker = new Worker(ENTRY, { workerData: { preload: kinds } });
  // The worker never keeps the process up: a run that has its results exits.
  worker.unref();
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  worker.on('message', (reply: ParseReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if ('result' in reply) waiting.resolve(reply.result);
    else if ('diagnostics' in reply) waiting.reject(new DiagnosticError(reply.diagnostics));
    else waiting.reject(Object.assign(new Error(reply.error.message), { stack: reply.error.stack }));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the parse worker stopped (exit code ${code})`)));
  let next = 0;
  return {
    concurrent: true,
    parse<K extends SpecKind>(kind: K, source: LoadedSource, options: ParseOptions): Promise<ParseResults[K]> {
      if (!kinds.includes(kind)) return parseSpec(kind, source, options);
      if (failure) return Promise.reject(failure);
      const id = next++;
      const { absPath, displayPath, text, hash } = source;
      const request: ParseRequest = { id, kind, source: { absPath, displayPath, text, hash }, options };
      return new Promise<ParseResults[K]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        worker.postMessage(request);
      });
    },
    async close() {
      failure ??= new Error('the parse worker was closed');
      await worker.terminate();
    },
  };
}
