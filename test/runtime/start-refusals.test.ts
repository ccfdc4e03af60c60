import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnNode, type NodeProcess } from '../helpers/spawn-node.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/**
 * What `npm start`, `start:api` and `start:worker` say when they cannot start: one line a person
 * can act on, and exit code 1 (a supervisor restarts, a person reads the line).
 */
const started: NodeProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((p) => p.kill()));
});

async function run(script: string, args: string[], env: Record<string, string>) {
  const child = spawnNode(script, args, { LOG_LEVEL: 'info', PORT: '0', ...env });
  started.push(child);
  const { code } = await child.exited;
  return { code, stderr: child.stderr(), stdout: child.stdout.join('\n') };
}

describe('an argument the processes do not take', () => {
  it.each(['src/bin/api.ts', 'src/bin/worker.ts', 'src/bin/all-in-one.ts'])('%s --bogus is refused in one line, before anything starts', async (script) => {
    // DATABASE_URL points nowhere: were the argument ignored, the start would fail on it instead.
    const { code, stderr, stdout } = await run(script, ['--bogus'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^unknown argument --bogus: npm (start|run start:api|run start:worker) takes no arguments; settings are environment variables \(--help lists them\)$/);
    expect(stdout).toBe('');
  });
});

describe('a database that refuses the connection at start', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  const withUrl = (change: (url: URL) => void) => {
    const url = new URL(database.url);
    change(url);
    return url.toString();
  };

  it('a wrong database name is one line naming host, port and database, without the password', async () => {
    const url = withUrl((u) => (u.pathname = '/no_such_database'));
    const { code, stderr, stdout } = await run('src/bin/api.ts', [], { DATABASE_URL: url });
    expect(code).toBe(1);
    const { hostname, port, password } = new URL(url);
    expect(stderr.trim()).toBe(
      `could not connect to the database at ${hostname}:${port}, database no_such_database, user postgres (DATABASE_URL): ` +
        'database "no_such_database" does not exist; check the database name in DATABASE_URL, or create it (createdb NAME)',
    );
    expect(stderr + stdout).not.toContain(password);
    expect(stdout).not.toMatch(/"level":60/);
  });

  it('a wrong password says to check the user and password', async () => {
    const url = withUrl((u) => (u.password = 'wrong-password'));
    const { code, stderr } = await run('src/bin/worker.ts', [], { DATABASE_URL: url });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^could not connect to the database at .*, user postgres \(DATABASE_URL\): password authentication failed for user "postgres"; check the user and password in DATABASE_URL$/);
    expect(stderr).not.toContain('wrong-password');
  });

  it('nothing listening: the worker says it could not connect to host:port, not that it lost a connection', async () => {
    const port = await closedPort();
    const { code, stderr, stdout } = await run('src/bin/worker.ts', [], { DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${port}/paperjson` });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `could not connect to the database at 127.0.0.1:${port}, database paperjson, user postgres (DATABASE_URL): ` +
        'nothing accepts connections there; check that Postgres runs and listens on that host and port',
    );
    expect(stdout).not.toContain('lost the connection');
  });
});

/** A port nothing listens on: one the OS just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
