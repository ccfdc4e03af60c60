import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILE_CACHE_ENV } from './compile-cache-env.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServiceProcess {
  child: ChildProcess;
  output: string[];
  /** Resolves with the first output line that matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/** Runs one of the service's real entry points (src/bin/*.ts) as a child process on this Node. */
export function spawnService(entry: string, env: Record<string, string>): ServiceProcess {
  // The flag and malloc settings npm start, start:api and start:worker run with (package.json), so
  // benchmarks measure what users run.
  const child = spawn(process.execPath, ['--max-semi-space-size=4', path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, ...COMPILE_CACHE_ENV, MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }>();
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      output.push(line);
      for (const waiter of waiters) {
        const match = waiter.pattern.exec(line);
        if (match) {
          waiters.delete(waiter);
          waiter.resolve(match);
        }
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    waitFor(pattern, timeoutMs = 30_000) {
      const seen = output.map((line) => pattern.exec(line)).find(Boolean);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = { pattern, resolve };
        waiters.add(waiter);
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms:\n${output.slice(-20).join('\n')}`));
        }, timeoutMs);
        void exited.then(() => {
          if (waiters.delete(waiter)) {
            clearTimeout(timer);
            reject(new Error(`process exited before printing ${pattern}:\n${output.slice(-20).join('\n')}`));
          }
        });
      });
    },
  };
}
