import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyInitialisedCluster } from '../helpers/initialised-cluster.ts';
import { jsonLines } from '../helpers/spawn-node.ts';
import { isAlive, processesInGroup, spawnGroupLeader, type GroupProcess } from '../runtime/process-group.ts';

// `npm start` in a terminal: the service leads the foreground process group, and Ctrl-C sends
// SIGINT to every process of that group at once.
let parent: string;
let current: GroupProcess | null = null;

beforeAll(() => {
  parent = mkdtempSync(path.join(os.tmpdir(), 'paperjson-stop-'));
  chmodSync(parent, 0o755); // as root, Postgres runs as the postgres user, who must traverse it
});
afterEach(() => {
  current?.killGroup();
  current = null;
});
afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
});

function start(dataDir: string, env: Record<string, string> = {}, command: string | string[] = 'src/bin/all-in-one.ts'): GroupProcess {
  current = spawnGroupLeader(command, {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    ...env,
  });
  return current;
}

/**
 * A data folder holding a cluster that was made and cleanly stopped, as after an earlier `npm
 * start`: stopping does not depend on whether this start made the cluster, and a copy of one
 * costs far less than an initdb.
 */
function initialisedDataDir(name: string): string {
  const dataDir = path.join(parent, name);
  mkdirSync(dataDir);
  copyInitialisedCluster(path.join(dataDir, 'postgres'));
  return dataDir;
}

/** The pid of the embedded Postgres serving `dataDir`, from its postmaster.pid. */
function postgresPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

const SHUTDOWN_STEPS = ['stopping', 'API stopped', 'worker stopped', 'database connections closed', 'embedded Postgres stopped'];

/**
 * The shutdown steps in the order logged. Other lines may come between them (pg-boss warns about
 * slow queries on a busy machine); none of them may be an error.
 */
function shutdownSteps(service: GroupProcess): string[] {
  const lines = jsonLines(service.stdout);
  const after = lines.slice(lines.findIndex((line) => line.msg === 'stopping'));
  expect(after.filter((line) => Number(line.level) >= 50)).toEqual([]);
  return after.map((line) => String(line.msg)).filter((msg) => SHUTDOWN_STEPS.includes(msg));
}

function expectNoStackTrace(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain("Unhandled 'error' event");
}

describe('stopping npm start', () => {
  it(
    'Ctrl-C (SIGINT to the whole process group) stops the API, the worker and Postgres in order, exits 0 and leaves no process behind',
    async () => {
      const dataDir = path.join(parent, 'ctrl-c'); // a fresh folder, as on a first `npm start`
      const service = start(dataDir);
      await service.waitForLine(/paperjson is running: /);
      await service.waitForLine(/"API listening"/);
      const postgres = postgresPid(dataDir);
      expect(isAlive(postgres)).toBe(true);

      process.kill(-service.pgid, 'SIGINT');
      expect(await service.exited).toEqual({ code: 0, signal: null });

      expect(shutdownSteps(service)).toEqual(SHUTDOWN_STEPS);
      expect(jsonLines(service.stdout).find((l) => l.msg === 'stopping')).toMatchObject({ signal: 'SIGINT' });
      expectNoStackTrace(service.stderr());
      expect(service.stderr()).toBe('');
      expect(processesInGroup(service.pgid)).toEqual([]);
      expect(isAlive(postgres)).toBe(false);
      expect(processesInGroup(postgres)).toEqual([]); // Postgres's own group: its backends too
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    },
    120_000,
  );

  it(
    'Ctrl-C on `npm start` (npm forwards the signal a second time) still stops once, in order, leaving no process behind',
    async () => {
      const dataDir = initialisedDataDir('npm-start');
      const service = start(dataDir, {}, ['npm', 'start']);
      await service.waitForLine(/"API listening"/);
      const postgres = postgresPid(dataDir);

      process.kill(-service.pgid, 'SIGINT');
      // npm's own exit status is npm's (it ends itself with the signal it received); ours is
      // the steps below and nothing left running.
      await service.exited;

      expect(shutdownSteps(service)).toEqual(SHUTDOWN_STEPS);
      expect(jsonLines(service.stdout).some((l) => l.msg === 'second signal: exiting now')).toBe(false);
      expectNoStackTrace(service.stderr());
      expect(processesInGroup(service.pgid)).toEqual([]);
      expect(isAlive(postgres)).toBe(false);
    },
    120_000,
  );

  it.each([
    ['SIGTERM', 'as a process manager sends it'],
    ['SIGHUP', 'as a closed terminal sends it'],
  ] as const)(
    '%s to the service alone (%s) stops it the same way',
    async (signal, _why) => {
      const dataDir = initialisedDataDir(signal);
      const service = start(dataDir);
      await service.waitForLine(/"API listening"/);
      const postgres = postgresPid(dataDir);

      service.child.kill(signal);
      expect(await service.exited).toEqual({ code: 0, signal: null });

      expect(shutdownSteps(service)).toEqual(SHUTDOWN_STEPS);
      expect(jsonLines(service.stdout).find((l) => l.msg === 'stopping')).toMatchObject({ signal });
      expectNoStackTrace(service.stderr());
      expect(isAlive(postgres)).toBe(false);
    },
    120_000,
  );

  it(
    'a busy port is reported in one line with the variable to set, before Postgres is started',
    async () => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as net.AddressInfo).port;
      try {
        const dataDir = path.join(parent, 'busy');
        const service = start(dataDir, { PORT: String(port) });
        expect(await service.exited).toEqual({ code: 1, signal: null });
        expect(service.stderr().trim()).toBe(`port ${port} is in use; set PORT=${port + 1} (or any free port; PORT=0 picks one)`);
        expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
        expect(processesInGroup(service.pgid)).toEqual([]);
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    },
    60_000,
  );

  it(
    'after a crash (SIGKILL) the next start adopts the Postgres left running, and stops it with itself',
    async () => {
      const dataDir = initialisedDataDir('crash');
      const crashed = start(dataDir);
      await crashed.waitForLine(/"API listening"/);
      const postgres = postgresPid(dataDir);
      // Only the service dies: its Postgres, in a group of its own, keeps running.
      process.kill(crashed.pgid, 'SIGKILL');
      await crashed.exited;
      expect(isAlive(postgres)).toBe(true);

      const next = start(dataDir);
      await next.waitForLine(/"API listening"/);
      expect(jsonLines(next.stdout).some((l) => String(l.msg).startsWith('adopting the embedded Postgres a crashed run left running'))).toBe(true);
      process.kill(-next.pgid, 'SIGINT');
      expect(await next.exited).toEqual({ code: 0, signal: null });
      expect(shutdownSteps(next)).toEqual(SHUTDOWN_STEPS);
      expect(isAlive(postgres)).toBe(false);
    },
    120_000,
  );
});
