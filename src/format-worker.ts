/** A formatting worker: receives files, answers with prettier's output. */
import { parentPort } from 'node:worker_threads';
import { formatTypeScript } from './format.js';

parentPort!.on('message', async (job: { id: number; path: string; text: string }) => {
  try {
    parentPort!.postMessage({ id: job.id, text: await formatTypeScript(job.text, job.path) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: String((error as Error).stack ?? error) });
  }
});
