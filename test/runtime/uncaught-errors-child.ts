/**
 * Run by uncaught-errors.test.ts: a process with the service's uncaught-error policy and one
 * connection that goes away.
 * - `listener-less`: a pg client without an 'error' listener (as pg-boss's LISTEN client after
 *   it let go of a broken connection) is ended by the server (FATAL, then the socket closes).
 * - `pg-socket-reset`: the same client, made with the service's pg socket factory (as pg-boss's
 *   are), has its TCP connection reset (ECONNRESET on the socket).
 * - `rejection`: a query on a pg client ended by the server fails and nobody handles the rejection.
 * - `foreign-reset`: a plain TCP socket (as a webhook's or a model call's) without an 'error'
 *   listener is reset by its peer.
 */
import net from 'node:net';
import pg from 'pg';
import { createLogger } from '../../src/logger.ts';
import { pgSocket } from '../../src/db/pg-connection-errors.ts';
import { handleUncaughtErrors } from '../../src/runtime/uncaught-errors.ts';

handleUncaughtErrors(createLogger('info', 'uncaught-errors-child', 'json'));
const url = process.env.DATABASE_URL!;
const mode = process.argv[2];

/** A loopback TCP relay to `port` that hands its accepted (client-side) sockets to `onAccept`. */
const relay = async (port: number, onAccept: (socket: net.Socket) => void): Promise<number> => {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    if (port > 0) {
      const upstream = net.connect(port, '127.0.0.1').on('error', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    }
    onAccept(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
};

if (mode === 'foreign-reset') {
  const port = await relay(0, (socket) => setTimeout(() => socket.resetAndDestroy(), 50));
  // Deliberately no 'error' listener: the reset is thrown as an uncaught ECONNRESET.
  net.connect(port, '127.0.0.1');
} else if (mode === 'pg-socket-reset') {
  const accepted: net.Socket[] = [];
  const port = await relay(Number(new URL(url).port), (socket) => accepted.push(socket));
  const proxied = new URL(url);
  proxied.port = String(port);
  const client = new pg.Client({ connectionString: proxied.toString(), stream: pgSocket });
  await client.connect();
  client.removeAllListeners('error');
  for (const socket of accepted) socket.resetAndDestroy();
} else {
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
}
await new Promise((resolve) => setTimeout(resolve, 1_000));
process.stdout.write(`${JSON.stringify({ msg: 'still running' })}\n`);
process.exit(0);
