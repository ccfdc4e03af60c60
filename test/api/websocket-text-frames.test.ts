import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { textFrameWriter, type TextFrameQueue } from '../../src/api/websocket-text-frames.ts';

/** A ws server whose first connection is handed to the test with a frame queue, and a ws client of it. */
async function connected(waitAbove = 256 * 1024) {
  const server: Server = createServer();
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const frames = textFrameWriter(waitAbove);
  const accepted = new Promise<{ ws: WebSocket; queue: TextFrameQueue }>((resolve) =>
    wss.once('connection', (ws, request) => resolve({ ws, queue: frames.queueFor(ws, request.socket as Socket) })),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
  const received: string[] = [];
  client.on('message', (data, isBinary) => received.push(isBinary ? '<binary>' : String(data)));
  const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
  await new Promise((resolve) => client.once('open', resolve));
  const { ws, queue } = await accepted;
  cleanups.push(async () => {
    client.terminate();
    wss.close();
    await new Promise((resolve) => server.close(resolve));
  });
  return { ws, queue, client, received, closed };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const waitFor = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('text frames written by the server in batches', () => {
  it('messages of every length class and with multi-byte characters arrive intact and in order', async () => {
    const { queue, received } = await connected();
    const messages = ['', 'a', 'x'.repeat(125), 'y'.repeat(126), 'é'.repeat(70), 'z'.repeat(65_535), 'w'.repeat(65_536), '€✓ 日本語 🙂'.repeat(9_000)];
    for (const message of messages) queue.send(message);
    await waitFor(() => received.length === messages.length);
    expect(received).toEqual(messages);
  });

  it('a message given as UTF-8 pieces arrives as the text they spell, in order among string messages, and the shared pieces stay unchanged', async () => {
    const { queue, received } = await connected();
    const shared = Buffer.from(JSON.stringify({ text: '€✓ 日本語 🙂'.repeat(40) }));
    const copyOfShared = Buffer.from(shared);
    const pieces = (id: string) => [Buffer.from(`{"id":"${id}","payload":`), shared, Buffer.from('}')];
    queue.send(pieces('1'));
    queue.send('plain');
    queue.send(pieces('2'));
    queue.send([Buffer.alloc(0)]);
    await waitFor(() => received.length === 4);
    const text = shared.toString('utf8');
    expect(received).toEqual([`{"id":"1","payload":${text}}`, 'plain', `{"id":"2","payload":${text}}`, '']);
    expect(shared.equals(copyOfShared)).toBe(true);
  });

  it('messages queued before a flush and close arrive before the close; messages queued after it are dropped', async () => {
    const { ws, queue, received, closed } = await connected();
    queue.send('first');
    queue.send('second');
    queue.flush();
    ws.close(4403, 'bye');
    queue.send('after the close frame');
    expect(await closed).toBe(4403);
    expect(received).toEqual(['first', 'second']);
  });

  it('a socket with more than the threshold unsent makes the sender wait until it is written', async () => {
    const { queue, received } = await connected(1024);
    expect(queue.send('small')).toBeUndefined();
    const waited = queue.send('b'.repeat(2048));
    expect(waited).toBeInstanceOf(Promise);
    await waited;
    await waitFor(() => received.length === 2);
    expect(received.map((m) => m.length)).toEqual([5, 2048]);
  });
});
