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

/** What parses the specs of a run: on the main thread (`inProcess`) or partly on a worker (`offThreadParser`). */
export interface SpecParser {
  parse<K extends SpecKind>(kind: K, source: LoadedSource, options: ParseOptions): Promise<ParseResults[K]>;
  /** Whether this kind parses on another thread: the calling thread has time for other work meanwhile. */
  offThread(kind: SpecKind): boolean;
  close(): Promise<void>;
}

export const inProcess: SpecParser = {
  parse: parseSpec,
  offThread: () => false,
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
 * A parser that parses the kinds in `kinds` on a worker thread, started on the first such parse (a run that
 * reuses every parse never starts it); other kinds parse on the calling thread. Undefined where there is no
 * compiled worker script beside this module (running from the TypeScript sources, as the unit tests do): then
 * every parse is in process. The worker only saves time: if it stops (it crashed, ran out of memory, could not
 * start), the parses it had not answered, and every later one, run on the calling thread instead.
 * `entry` is the worker's script (the tests give one that fails).
 */
export function offThreadParser(kinds: readonly SpecKind[], entry: URL = ENTRY): SpecParser | undefined {
  if (kinds.length === 0 || !existsSync(fileURLToPath(entry))) return undefined;
  let worker: ParseWorker | undefined;
  let closed = false;
  return {
    offThread: (kind) => kinds.includes(kind),
    async parse<K extends SpecKind>(kind: K, source: LoadedSource, options: ParseOptions): Promise<ParseResults[K]> {
      if (!kinds.includes(kind)) return parseSpec(kind, source, options);
      if (closed) throw new Error('the parse worker was closed');
      worker ??= new ParseWorker(kinds, entry);
      try {
        return (await worker.parse(kind, source, options)) as ParseResults[K];
      } catch (error) {
        if (!(error instanceof WorkerStopped) || closed) throw error;
        return parseSpec(kind, source, options);
      }
    },
    async close() {
      closed = true;
      await worker?.close();
    },
  };
}

/** The worker stopped before it answered: not the parse's outcome, which the calling thread can still find. */
class WorkerStopped extends Error {}

/** One worker thread and the parses it has been asked for, answered by id. */
class ParseWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  #failure: Error | undefined;
  #next = 0;

  constructor(kinds: readonly SpecKind[], entry: URL) {
    this.#worker = new Worker(entry, { workerData: { preload: kinds } });
    // The worker never keeps the process up: a run that has its results exits.
    this.#worker.unref();
    this.#worker.on('message', (reply: ParseReply) => this.#answer(reply));
    this.#worker.on('error', (error) => this.#failAll(new WorkerStopped(`the parse worker failed: ${error.message}`)));
    this.#worker.on('exit', (code) => this.#failAll(new WorkerStopped(`the parse worker stopped (exit code ${code})`)));
  }

  parse(kind: SpecKind, source: LoadedSource, options: ParseOptions): Promise<unknown> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#next++;
    const { absPath, displayPath, text, hash } = source;
    const request: ParseRequest = { id, kind, source: { absPath, displayPath, text, hash }, options };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.#failAll(new Error('the parse worker was closed'));
    await this.#worker.terminate();
  }

  #answer(reply: ParseReply): void {
    const waiting = this.#pending.get(reply.id);
    if (!waiting) return;
    this.#pending.delete(reply.id);
    if ('result' in reply) waiting.resolve(reply.result);
    else if ('diagnostics' in reply) waiting.reject(new DiagnosticError(reply.diagnostics));
    else waiting.reject(Object.assign(new Error(reply.error.message), { stack: reply.error.stack }));
  }

  #failAll(error: Error): void {
    this.#failure ??= error;
    for (const { reject } of this.#pending.values()) reject(this.#failure);
    this.#pending.clear();
  }
}
