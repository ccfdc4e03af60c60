/**
 * A loopback TCP proxy in front of Postgres that can lose a connection at the one moment a writer
 * cannot see through: its COMMIT. Armed, it holds the next COMMIT it sees (the simple-protocol
 * query kysely sends), and the test then cuts the connection either before the server sees it
 * (the transaction rolls back) or after the server answered (it committed, and the answer is
 * lost with the connection). Either way the client only learns that its connection is gone.
 */
import net from 'node:net';
import { pairSockets } from './paired-sockets.ts';

/** kysely's commit: a simple query ('Q') whose text is "commit". */
const COMMIT = Buffer.from('commit\0');

export interface CommitCuttingProxy {
  /** The target's connection string with the proxy's port. */
  url: string;
  /** Resolves once the next COMMIT through the proxy is held. */
  holdNextCommit(): Promise<void>;
  /** Cuts the held connection; `afterCommit`: the COMMIT goes to the server first and its answer is dropped. */
  cut(options: { afterCommit: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function startCommitCuttingProxy(targetUrl: string): Promise<CommitCuttingProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  let armed: (() => void) | null = null;
  let held: { client: net.Socket; upstream: net.Socket; chunk: Buffer; dropAnswers(): void } | null = null;

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    let dropAnswers = false;
    pairSockets(client, upstream, sockets);
    client.on('data', (chunk: Buffer) => {
      if (armed && chunk.includes(COMMIT)) {
        held = {
          client,
          upstream,
          chunk,
          dropAnswers: () => {
            dropAnswers = true;
          },
        };
        client.pause();
        const notify = armed;
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
        armed = resolve;
      }),
    async cut({ afterCommit }) {
      if (!held) throw new Error('no COMMIT is held');
      const { client, upstream, chunk, dropAnswers } = held;
      held = null;
      if (afterCommit) {
        dropAnswers();
        // The server's answer (CommandComplete, ReadyForQuery) arrives only after it committed.
        const answered = new Promise<void>((resolve) => upstream.once('data', () => resolve()));
        upstream.write(chunk);
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
