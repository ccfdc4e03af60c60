import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { watchOutput, type NodeProcess } from '../helpers/spawn-node.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface GroupProcess extends Omit<NodeProcess, 'kill'> {
  /** Process group id (the child leads its own group). */
  pgid: number;
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
  const { stdout, stderr, waitForLine, exited } = watchOutput(child, script, 60_000);
  return {
    child,
    pgid: child.pid!,
    stdout,
    stderr,
    waitForLine,
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
