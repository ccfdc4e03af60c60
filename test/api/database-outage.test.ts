import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/** A TCP proxy in front of the test's Postgres whose outage is `down()`: every connection cut, new ones refused. */
async function startOutageProxy(targetUrl: string) {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = new URL(targetUrl);
  url.port = String(port);
  return {
    url: url.toString(),
    down: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    up: () => (server.listening ? Promise.resolve() : new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))),
  };
}

describe('requests while the database is unreachable', () => {
  let database: TestDatabase;
  let proxy: Awaited<ReturnType<typeof startOutageProxy>>;
  let app: TestApp;
  const lines: Array<{ level: number; msg: string }> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await startOutageProxy(database.url);
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    app = await startTestApp({ database: { ...database, url: proxy.url }, worker: false, logger });
  }, 60_000);
  afterAll(async () => {
    await proxy?.up();
    await app?.stop();
    await database?.close();
  });

  it('answer INTERNAL with extensions.retryable and a message to retry shortly, and log one warning for the outage', async () => {
    expect((await app.gql('{ jobs { nodes { id } } }')).status).toBe(200);
    await proxy.down();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await app.gql('{ jobs { nodes { id } } }'));
    for (const answer of answers) {
      expect(answer.status).toBe(500);
      expect(answer.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/database is unavailable.*retry shortly/),
        extensions: { code: 'INTERNAL', retryable: true },
      });
    }
    // (The queue's own connections log what they meet: src/queue, not the requests' answers.)
    expect(lines.filter((l) => l.msg === 'internal error')).toEqual([]);
    expect(lines.filter((l) => l.msg.startsWith('the database is unreachable'))).toHaveLength(1);
    await proxy.up();
    expect((await app.gql('{ jobs { nodes { id } } }')).status).toBe(200);
  }, 60_000);
});
