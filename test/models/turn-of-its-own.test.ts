import { afterEach, describe, expect, it } from 'vitest';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { turnOfItsOwn } from '../../src/models/turn-of-its-own.ts';

/** A connected loopback pair: what `writer` writes, `reader` reads in a later poll phase. */
async function socketPair(): Promise<{ server: Server; writer: Socket; reader: Socket }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const writer = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(writer, 'connect');
  const [reader] = await accepted;
  return { server, writer, reader };
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('turnOfItsOwn', () => {
  it('resumes waiters in order, each in a loop turn of its own, with I/O read between them', async () => {
    const { server, writer, reader } = await socketPair();
    cleanup = () => {
      writer.destroy();
      reader.destroy();
      server.close();
    };
    const order: string[] = [];
    reader.on('data', () => order.push('read'));
    const first = turnOfItsOwn().then(() => {
      order.push('first');
      // Readable at once on loopback: read in the next poll phase, before the second waiter's turn.
      writer.write('x');
    });
    const second = turnOfItsOwn().then(() => order.push('second'));
    const third = turnOfItsOwn().then(() => order.push('third'));
    await Promise.all([first, second, third]);
    expect(order).toEqual(['first', 'read', 'second', 'third']);
  });
});
