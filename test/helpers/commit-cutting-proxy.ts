/**
 * A loopback TCP proxy in front of Postgres that can lose a connection at the one moment a writer
 * cannot see through: its COMMIT. Armed, it holds the next COMMIT it sees (the simple-protocol
 * query kysely sends), or the next statement whose text holds a given string (an autocommitted
 * statement commits on its own), and the test then cuts the connection either before the server
 * sees it (nothing is committed) or after the server answered (it committed, and the answer is
 * lost with the connection). Either way the client only learns that its connection is gone.
 */
import net from 'node:net';
import { pairSockets } from './paired-sockets.ts';

/** kysely's commit: a simple query ('Q') whose text is "commit". */
const COMMIT = Buffer.from('commit\0');
/** ReadyForQuery: the server is done with what it was sent (answered, and committed if autocommit). */
const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5]);

export interface CommitCuttingProxy {
  /** The target's connection string with the proxy's port. */
  url: string;
  /** Resolves once the next COMMIT through the proxy is held. */
  holdNextCommit(): Promise<void>;
  /**
   * Resolves once the next statement whose text holds `text` is held (with what follows it).
   * The text travels only in a statement's Parse: a statement the process sends again goes out
   * named (db/named-statements.ts) and, once a connection has prepared it, is sent there as a
   * Bind by name with no text, which this never sees. Arm it for a text's first sending on a
   * connection (a fresh pool, or a text the process has sent at most once).
   */
  holdNextStatement(text: string): Promise<void>;
  /** Cuts the held connection; `afterCommit`: the COMMIT goes to the server first and its answer is dropped. */
  cut(options: { afterCommit: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function startCommitCuttingProxy(targetUrl: string): Promise<CommitCuttingProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  let armed: { marker: Buffer; notify: () => void } | null = null;
  let held: { client: net.Socket; upstream: net.Socket; chunk: Buffer; dropAnswers(): void } | null = null;

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    let dropAnswers = false;
    pairSockets(client, upstream, sockets);
    client.on('data', (chunk: Buffer) => {
      if (armed && chunk.includes(armed.marker)) {
        held = {
          client,
          upstream,
          chunk,
          dropAnswers: () => {
            dropAnswers = true;
          },
        };
        client.pause();
        const { notify } = armed;
        armed = null;
        notify();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (dropAnswers) return;
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);

  return {
    url: url.toString(),
    holdNextCommit: () =>
      new Promise<void>((resolve) => {
        armed = { marker: COMMIT, notify: resolve };
      }),
    holdNextStatement: (text) =>
      new Promise<void>((resolve) => {
        armed = { marker: Buffer.from(text), notify: resolve };
      }),
    async cut({ afterCommit }) {
      if (!held) throw new Error('no COMMIT is held');
      const { client, upstream, chunk, dropAnswers } = held;
      held = null;
      if (afterCommit) {
        dropAnswers();
        // The server's ReadyForQuery comes only after it committed. A statement's messages up to
        // its Sync may have come in more chunks than the held one: they follow it.
        const answered = new Promise<void>((resolve) => {
          const onData = (data: Buffer) => {
            if (!data.includes(READY_FOR_QUERY)) return;
            upstream.off('data', onData);
            resolve();
          };
          upstream.on('data', onData);
        });
        upstream.write(chunk);
        client.resume();
        await answered;
      }
      client.destroy();
      upstream.destroy();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
