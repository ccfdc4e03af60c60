/**
 * Run by uncaught-errors.test.ts: a process with the service's uncaught-error policy whose
 * database connection is ended by the server. `listener-less`: the client has no 'error'
 * listener, as pg-boss's LISTEN client after it let go of a broken connection. `rejection`: a
 * query on it fails and nobody handles the rejection.
 */
import pg from 'pg';
import { createLogger } from '../../src/logger.ts';
import { handleUncaughtErrors } from '../../src/runtime/uncaught-errors.ts';

handleUncaughtErrors(createLogger('info', 'uncaught-errors-child', 'json'));
const url = process.env.DATABASE_URL!;
const mode = process.argv[2];

const client = new pg.Client({ connectionString: url });
await client.connect();
const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
if (mode === 'listener-less') client.removeAllListeners('error');
else client.on('error', () => {});
const running = mode === 'rejection' ? client.query('select pg_sleep(30)') : null;

const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query('select pg_terminate_backend($1)', [pid]);
await admin.end();
void running;
await new Promise((resolve) => setTimeout(resolve, 1_000));
process.stdout.write(`${JSON.stringify({ msg: 'still running' })}\n`);
process.exit(0);
