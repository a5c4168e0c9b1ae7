/** prettier, once per generated TypeScript file (or part of one); on large outputs spread over worker threads. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as prettier from 'prettier';

export const PRETTIER_OPTIONS: prettier.Options = {
  parser: 'typescript',
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
};

/** `filepath` tells prettier the file is .ts, not .tsx (where a generic arrow needs `<T,>`). */
export async function formatTypeScript(text: string, filepath: string): Promise<string> {
  return prettier.format(text, { ...PRETTIER_OPTIONS, filepath });
}

/** Below this much text, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD = 1_000_000;

/** Formats every file; results keyed like the input. */
export async function formatAll(files: Map<string, string>): Promise<Map<string, string>> {
  const total = [...files.values()].reduce((n, t) => n + t.length, 0);
  const workerFile = fileURLToPath(new URL('./format-worker.js', import.meta.url));
  const threads = Math.min(availableParallelism(), 4);
  if (total < PARALLEL_THRESHOLD || threads < 2 || !existsSync(workerFile)) {
    const out = new Map<string, string>();
    for (const [path, text] of files) out.set(path, await formatTypeScript(text, path));
    return out;
  }
  return formatInWorkers(files, workerFile, threads);
}

async function formatInWorkers(files: Map<string, string>, workerFile: string, threads: number): Promise<Map<string, string>> {
  // Largest first, each worker taking the next file when it is done: the parts finish close together.
  const jobs = [...files].map(([path, text], id) => ({ id, path, text })).sort((a, b) => b.text.length - a.text.length);
  const results = new Map<number, string>();
  const workers = Array.from({ length: threads }, () => new Worker(workerFile));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const job = jobs.shift();
              if (!job) return resolve();
              worker.postMessage(job);
            };
            worker.on('message', (message: { id: number; text?: string; error?: string }) => {
              if (message.error !== undefined) return reject(new Error(message.error));
              results.set(message.id, message.text!);
              next();
            });
            worker.on('error', reject);
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return new Map([...files.keys()].map((path, id) => [path, results.get(id)!]));
}
