import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines } from '../helpers/spawn-node.ts';
import { isAlive, spawnGroupLeader, type GroupProcess } from './process-group.ts';

// `npm start` has no supervisor: when its embedded Postgres dies, the service itself restarts it.
let parent: string;
let service: GroupProcess | null = null;

beforeAll(() => {
  parent = mkdtempSync(path.join(os.tmpdir(), 'paperjson-pg-restart-'));
  chmodSync(parent, 0o755); // as root, Postgres runs as the postgres user, who must traverse it
});
afterEach(() => {
  service?.killGroup();
  service = null;
});
afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
});

function postgresPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const status = await fetch(url).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms (last status ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the embedded Postgres of npm start', () => {
  it('is restarted on the same port after a SIGKILL of its postmaster, the service answers again and still stops cleanly', async () => {
    const dataDir = path.join(parent, 'sigkill');
    service = spawnGroupLeader('src/bin/all-in-one.ts', { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    const listening = await service.waitForLine(/"API listening"/, 90_000);
    const ready = `${JSON.parse(listening).url.replace(/\/graphql$/, '')}/ready`;
    await waitUntilReady(ready, 30_000);
    const killed = postgresPid(dataDir);

    process.kill(killed, 'SIGKILL');
    await service.waitForLine(/"embedded Postgres restarted; connections resume"/, 90_000);
    await waitUntilReady(ready, 60_000);
    const restarted = postgresPid(dataDir);
    expect(restarted).not.toBe(killed);
    expect(isAlive(restarted)).toBe(true);
    expect(jsonLines(service.stdout).filter((line) => line.msg === 'the embedded Postgres exited unexpectedly; restarting it')).toHaveLength(1);
    expect(jsonLines(service.stdout).filter((line) => Number(line.level) >= 60)).toEqual([]);

    process.kill(-service.pgid, 'SIGINT');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(jsonLines(service.stdout).some((line) => line.msg === 'embedded Postgres stopped')).toBe(true);
    expect(isAlive(restarted)).toBe(false);
  }, 240_000);
});
