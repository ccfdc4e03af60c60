import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILE_CACHE_ENV } from './compile-cache-env.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface NodeProcess {
  child: ChildProcess;
  /** Every stdout line so far (the process logs JSON lines there). */
  stdout: string[];
  /** All of stderr so far. */
  stderr(): string;
  /** The first stdout line (so far or to come) that matches; rejects when the process ends first. */
  waitForLine(match: RegExp | ((line: string) => boolean), timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ends the process unless it has already ended (SIGTERM, then SIGKILL); safe to call twice. */
  kill(): Promise<void>;
}

/**
 * Runs one of the service's entry points (`src/bin/*.ts`) as a real process with the Node that
 * runs the tests, in the repository folder, with only the environment given (plus PATH/HOME, and
 * the compile cache, which changes nothing a process does), so the test sees exactly what a user
 * starting it would see.
 */
export function spawnNode(script: string, args: string[] = [], env: Record<string, string> = {}): NodeProcess {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...COMPILE_CACHE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { stdout, stderr, waitForLine, exited, ended } = watchOutput(child, script, 20_000);
  return {
    child,
    stdout,
    stderr,
    waitForLine,
    exited,
    async kill() {
      if (ended()) return;
      // SIGTERM first, so a process that started an embedded Postgres stops it too; SIGKILL if
      // it does not end in time.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * What a test reads of a child started with piped stdout and stderr: stdout as lines, stderr as
 * text, both as they arrive, and a wait for a line (`name` says whose in its errors; a wait gives
 * up after `defaultTimeoutMs` unless told otherwise). `ended` is true once the child has exited
 * and its output is all read.
 */
export function watchOutput(
  child: ChildProcess,
  name: string,
  defaultTimeoutMs: number,
): Pick<NodeProcess, 'stdout' | 'stderr' | 'waitForLine' | 'exited'> & { ended(): boolean } {
  const stdout: string[] = [];
  let stderr = '';
  let partial = '';
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    stdout.push(...parts);
    notify();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      ended = true;
      if (partial) stdout.push(partial);
      partial = '';
      resolve({ code, signal });
      notify();
    });
  });

  const waitForLine: NodeProcess['waitForLine'] = (match, timeoutMs = defaultTimeoutMs) => {
    const test = typeof match === 'function' ? match : (line: string) => match.test(line);
    return new Promise((resolve, reject) => {
      let seen = 0;
      const check = () => {
        for (; seen < stdout.length; seen++) {
          if (test(stdout[seen]!)) return finish(() => resolve(stdout[seen]!));
        }
        if (ended) finish(() => reject(new Error(`${name} ended before printing the line.\nstdout:\n${stdout.join('\n')}\nstderr:\n${stderr}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no such line from ${name} within ${timeoutMs} ms.\nstdout:\n${stdout.join('\n')}\nstderr:\n${stderr}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });
  };

  return { stdout, stderr: () => stderr, waitForLine, exited, ended: () => ended };
}

/** The JSON log lines among `lines` (pino writes one object per line). */
export function jsonLines(lines: string[]): Array<Record<string, unknown>> {
  return lines.flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
