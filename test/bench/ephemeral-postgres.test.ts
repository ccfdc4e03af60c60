import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepOrphanedClusters } from '../helpers/ephemeral-postgres.ts';
import { isAlive, spawnGroupLeader, type GroupProcess } from '../runtime/process-group.ts';

/** A bench (or test run) that is killed leaves no Postgres and no service process running. */
describe('an ephemeral cluster of a killed process', () => {
  let current: GroupProcess | null = null;
  afterEach(() => {
    current?.killGroup();
    current = null;
  });

  /** The miniature bench, once its cluster and its service run: their pids and the folder. */
  async function startBench(): Promise<{ bench: GroupProcess; folder: string; postmaster: number; service: number }> {
    const bench = (current = spawnGroupLeader('test/bench/ephemeral-postgres-child.ts', {}));
    const { folder, service } = JSON.parse(await bench.waitForLine(/"folder"/)) as { folder: string; service: number };
    const postmaster = Number(readFileSync(path.join(folder, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect([isAlive(postmaster), isAlive(service)]).toEqual([true, true]);
    return { bench, folder, postmaster, service };
  }

  /** Waits (bounded) for a process to be gone: a stopping postmaster takes a moment. */
  async function gone(pid: number): Promise<boolean> {
    for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
    return !isAlive(pid);
  }

  it('after a SIGKILL, the next start sweeps it: its Postgres and services are stopped and its folder removed', async () => {
    const { bench, folder, postmaster, service } = await startBench();
    process.kill(bench.pgid, 'SIGKILL');
    await bench.exited;
    expect(isAlive(postmaster)).toBe(true); // what the sweep is for

    expect(await sweepOrphanedClusters()).toBeGreaterThanOrEqual(1);
    expect([isAlive(postmaster), isAlive(service), existsSync(folder)]).toEqual([false, false, false]);
  }, 90_000);

  it.each([
    ['SIGTERM to the bench alone', (bench: GroupProcess): void => void process.kill(bench.pgid, 'SIGTERM'), 'SIGTERM'],
    ['SIGINT to the bench alone', (bench: GroupProcess): void => void process.kill(bench.pgid, 'SIGINT'), 'SIGINT'],
    ['Ctrl-C (SIGINT to its group)', (bench: GroupProcess): void => void process.kill(-bench.pgid, 'SIGINT'), 'SIGINT'],
  ] as const)('%s stops its Postgres and services, removes its folder, and the bench ends with the signal', async (_name, signal, expected) => {
    const { bench, folder, postmaster, service } = await startBench();
    signal(bench);
    expect(await bench.exited).toEqual({ code: null, signal: expected });
    expect([await gone(postmaster), await gone(service), existsSync(folder)]).toEqual([true, true, false]);
  }, 90_000);
});
