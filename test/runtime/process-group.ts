import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface GroupProcess {
  child: ChildProcess;
  /** Process group id (the child leads its own group). */
  pgid: number;
  stdout: string[];
  stderr(): string;
  waitForLine(match: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the whole group, for cleanup after a failed test. */
  killGroup(): void;
}

/**
 * Starts a command the way a terminal starts it: as the leader of its own process group, so a
 * test can send a signal to the whole group as Ctrl-C does. `command` is an entry point
 * (`src/bin/*.ts`, run with this Node) or `['npm', 'start']`.
 */
export function spawnGroupLeader(command: string | string[], env: Record<string, string>): GroupProcess {
  const [file, ...args] = typeof command === 'string' ? [process.execPath, command] : command;
  const script = typeof command === 'string' ? command : command.join(' ');
  const child = spawn(file!, args, {
    cwd: ROOT,
    detached: true,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  let partial = '';
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    stdout.push(...parts);
    for (const waiter of waiters) waiter();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      ended = true;
      if (partial) stdout.push(partial);
      resolve({ code, signal });
      for (const waiter of waiters) waiter();
    }),
  );
  return {
    child,
    pgid: child.pid!,
    stdout,
    stderr: () => stderr,
    exited,
    killGroup() {
      for (const pid of [child.pid!, ...processesInGroup(child.pid!)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
    waitForLine(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = stdout.find((l) => match.test(l));
          if (line !== undefined) return finish(() => resolve(line));
          if (ended) finish(() => reject(new Error(`${script} ended before printing ${match}.\n${stdout.join('\n')}\n${stderr}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no line ${match} within ${timeoutMs} ms.\n${stdout.join('\n')}\n${stderr}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Pids of the live processes in process group `pgid`, read from /proc (Linux). */
export function processesInGroup(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces, so split after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') found.push(Number(entry));
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0 until its parent reaps it; it no longer runs.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}
