/**
 * An embedded Postgres in a folder of its own under the OS temp folder, for a bench run or a test
 * run, that leaves nothing running when its process is killed.
 *
 * The postmaster runs in a process group of its own (src/db/embedded-postgres.ts says why), so a
 * Ctrl-C to the bench's or vitest's group does not reach it, and neither a signal that ends the
 * process nor a SIGKILL runs the 'exit' listener that would stop it: it kept running, holding its
 * memory and port, with the processes a bench started on it. So:
 * - SIGINT, SIGTERM and SIGHUP stop it (and what `onSignal` stops first) before the process ends
 *   with that signal, unless the script handles the signal itself (another listener), as a sweep
 *   that finishes its current file does: it then stops the cluster on its way out.
 * - After a SIGKILL, the next start of any ephemeral cluster (a bench, a test run) sweeps the
 *   folders whose owner is dead, as src/runtime/open-database.ts recognises an orphan by its owner
 *   file: it stops their postmaster and the service processes recorded beside it, and removes the
 *   folder. A folder without an owner file (made by a version before this one) is left alone.
 */
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from '../../src/db/embedded-postgres.ts';
import { stopOrphan } from '../../src/runtime/open-database.ts';
import { isAlive } from '../runtime/process-group.ts';

/** Every ephemeral cluster's folder starts with this; the sweep looks at no other. */
const PREFIX = 'paperjson-ephemeral-';
/** In the folder: the pid of the process that made it. */
const OWNER = 'owner';
/** In the folder: the pids of the service processes started on the cluster, one a line. */
const SERVICES = 'services';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface EphemeralPostgres {
  postgres: EmbeddedPostgres;
  /** The folder of the run (the cluster is in `pg` under it): removed by stop(). */
  folder: string;
  /** Records a process started on this cluster, for the sweep after a SIGKILL of this one. */
  recordService(pid: number | undefined): void;
  /** Stops the cluster and removes the folder; once. */
  stop(): Promise<void>;
}

const readPid = (file: string): number => (existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) || 0 : 0);

/** A service process still running on the swept cluster at `port` (a pid reused since by another process is left alone). */
function runsOn(pid: number, port: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').some((entry) => entry.startsWith('DATABASE_URL=') && entry.includes(`:${port}/`));
  } catch {
    return false;
  }
}

/** Stops what a killed owner left running and removes its folder. */
async function sweep(folder: string): Promise<void> {
  const pidFile = path.join(folder, 'pg', 'postmaster.pid');
  const postmaster = readPid(pidFile);
  const port = existsSync(pidFile) ? (readFileSync(pidFile, 'utf8').split('\n')[3] ?? '').trim() : '';
  const services = existsSync(path.join(folder, SERVICES)) ? readFileSync(path.join(folder, SERVICES), 'utf8').split('\n').map(Number).filter(Boolean) : [];
  for (const pid of services) if (port && isAlive(pid) && runsOn(pid, port)) process.kill(pid, 'SIGKILL');
  // Fast shutdown, as a stop() would have made it.
  if (postmaster > 0) await stopOrphan(postmaster);
  rmSync(folder, { recursive: true, force: true });
}

/** Sweeps the ephemeral clusters of processes that died without stopping them (see the top). */
export async function sweepOrphanedClusters(): Promise<number> {
  const parent = os.tmpdir();
  const orphans = readdirSync(parent)
    .filter((name) => name.startsWith(PREFIX))
    .map((name) => path.join(parent, name))
    .filter((folder) => {
      const owner = readPid(path.join(folder, OWNER));
      return owner > 0 && owner !== process.pid && !isAlive(owner);
    });
  for (const folder of orphans) await sweep(folder);
  return orphans.length;
}

const live = new Set<{ stopFirst: () => Promise<void>; stop: () => Promise<void> }>();

/** A signal ends the process only once the live clusters are stopped, unless the script handles it itself. */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  void Promise.allSettled([...live].map(async (cluster) => {
    await cluster.stopFirst().catch(() => {});
    await cluster.stop();
  })).finally(() => process.kill(process.pid, signal));
}

/**
 * A new folder under the OS temp folder owned by this process (after sweeping orphans): swept,
 * with whatever it holds, once this process is dead. For clusters, running or stopped.
 */
export async function ownedFolder(name: string): Promise<string> {
  await sweepOrphanedClusters();
  const folder = mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${name}-`));
  // Before anything is in it: a folder is never seen by a sweep without its owner.
  writeFileSync(path.join(folder, OWNER), String(process.pid));
  chmodSync(folder, 0o755); // the postgres user (when we run as root) must traverse it
  return folder;
}

/**
 * Starts an ephemeral cluster named for `name` (after sweeping orphans). `onSignal` is what must
 * stop before the cluster when a signal ends the process (a bench's service processes).
 */
export async function startEphemeralPostgres(
  name: string,
  options: Pick<EmbeddedPostgresOptions, 'settings'> & { onSignal?: () => Promise<void> } = {},
): Promise<EphemeralPostgres> {
  const folder = await ownedFolder(name);
  let postgres: EmbeddedPostgres;
  try {
    postgres = await startEmbeddedPostgres({ dir: path.join(folder, 'pg'), ephemeral: true, ...(options.settings && { settings: options.settings }) });
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  let stopped: Promise<void> | null = null;
  const entry = {
    stopFirst: options.onSignal ?? (async () => {}),
    stop: () =>
      (stopped ??= (async () => {
        live.delete(entry);
        if (live.size === 0) for (const s of SIGNALS) process.removeListener(s, onSignal);
        await postgres.stop();
        rmSync(folder, { recursive: true, force: true });
      })()),
  };
  if (live.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  live.add(entry);
  return {
    postgres,
    folder,
    recordService: (pid) => {
      if (pid) appendFileSync(path.join(folder, SERVICES), `${pid}\n`);
    },
    stop: entry.stop,
  };
}
