/**
 * `codegen run --watch`: stays up and runs again whenever one of its inputs changes (the specs, overlays, the
 * config and every file the specs refer to). The process keeps everything warm between runs: the modules it
 * loaded, and each client's previous output, which every run reuses part by part. Changes are debounced (an
 * editor's save, rename and write is one change); a change during a run queues one more run, never two at once.
 * A run with errors leaves the last output as it is. SIGINT or SIGTERM stops it once no run is writing.
 */
import { watch as watchFolder, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface WatchInput {
  /** The files a run reads, asked again after each run (the files the specs refer to may change). */
  inputs(): Promise<string[]>;
  /** One run over every client. */
  run(): Promise<{ code: number; changes: number; breaking: number; written: number }>;
  print(line: string): void;
  /** Quiet time after a change before a run starts (default 25 ms: an editor's save, rename and write come within it). */
  debounceMs?: number;
}

/** One line about a run, for the terminal. */
function runLine(outcome: Awaited<ReturnType<WatchInput['run']>>, ms: number): string {
  const time = `${Math.round(ms)} ms`;
  if (outcome.code !== 0) return `codegen: watch: the run failed (${time}); the last output is kept`;
  if (outcome.written === 0) return `codegen: watch: nothing to write (${time})`;
  const callers =
    outcome.changes === 0
      ? 'no change for callers'
      : `${outcome.changes} change${outcome.changes === 1 ? '' : 's'} for callers${outcome.breaking > 0 ? `, ${outcome.breaking} BREAKING` : ''}`;
  return `codegen: watch: ${outcome.written} file${outcome.written === 1 ? '' : 's'} written, ${callers} (${time})`;
}

export async function watch(input: WatchInput): Promise<number> {
  const debounceMs = input.debounceMs ?? 25;
  let watchers: FSWatcher[] = [];
  let files = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let queued = false;
  let stopping = false;
  let finished!: () => void;
  const stopped = new Promise<void>((resolve) => (finished = resolve));

  /** Watches each input's folder (a save often replaces the file, which a watch on the file itself loses). */
  const rewatch = async (): Promise<void> => {
    const next = new Set(await input.inputs());
    if ([...next].every((f) => files.has(f)) && next.size === files.size && watchers.length > 0) return;
    files = next;
    watchers.forEach((w) => w.close());
    watchers = [...new Set([...files].map((f) => path.dirname(f)))].flatMap((folder) => {
      try {
        return [
          watchFolder(folder, (_event, name) => {
            if (name !== null && files.has(path.join(folder, name.toString()))) schedule();
          }),
        ];
      } catch {
        return [];
      }
    });
  };
  const stop = (): void => {
    stopping = true;
    if (timer) clearTimeout(timer);
    if (!running) {
      watchers.forEach((w) => w.close());
      finished();
    }
  };
  const cycle = async (): Promise<void> => {
    if (stopping) return;
    if (running) {
      queued = true;
      return;
    }
    running = true;
    const started = performance.now();
    const outcome = await input.run().catch((error: unknown) => {
      input.print(`codegen: watch: ${error instanceof Error ? error.message : String(error)}`);
      return { code: 1, changes: 0, breaking: 0, written: 0 };
    });
    input.print(runLine(outcome, performance.now() - started));
    await rewatch();
    running = false;
    if (stopping) return stop();
    if (queued) {
      queued = false;
      void cycle();
    }
  };
  function schedule(): void {
    if (stopping) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void cycle();
    }, debounceMs);
  }

  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await cycle();
  input.print(`codegen: watch: watching ${files.size} file${files.size === 1 ? '' : 's'}; Ctrl-C stops`);
  await stopped;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  return 0;
}
