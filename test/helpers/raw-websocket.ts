import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A WebSocket client written on a bare TCP socket, for tests of clients that misbehave: it never
 * answers a close frame (any library client would, and would then refuse to send), so the test can
 * keep sending on a socket the server has started to close.
 */
export interface RawWebSocket {
  /** Text messages received, parsed as JSON. */
  messages: unknown[];
  /** The server's close frame, once received. */
  closeFrame: Promise<{ code: number; reason: string }>;
  /** Resolves when the TCP connection ends, whoever ended it. */
  ended: Promise<void>;
  /** Sends a text frame, whatever the server said before. */
  send(message: unknown): void;
  /** Resolves with the first received message that matches. */
  waitFor(match: (message: any) => boolean): Promise<any>;
  destroy(): void;
}

export async function openRawWebSocket(url: string, protocol = 'graphql-transport-ws'): Promise<RawWebSocket> {
  const target = new URL(url);
  const socket: Socket = connect(Number(target.port), target.hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    [
      `GET ${target.pathname} HTTP/1.1`,
      `Host: ${target.host}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Protocol: ${protocol}`,
      '',
      '',
    ].join('\r\n'),
  );

  const messages: unknown[] = [];
  const waiters: { match: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  let onClose!: (frame: { code: number; reason: string }) => void;
  const closeFrame = new Promise<{ code: number; reason: string }>((resolve) => (onClose = resolve));
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {}); // a reset by the server is one of the ends a test waits for

  let buffer = Buffer.alloc(0);
  let upgraded = false;
  let onUpgrade!: () => void;
  let onRefused!: (error: Error) => void;
  const upgradeDone = new Promise<void>((resolve, reject) => {
    onUpgrade = resolve;
    onRefused = reject;
  });
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!upgraded) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString();
      buffer = buffer.subarray(end + 4);
      if (!head.startsWith('HTTP/1.1 101')) return onRefused(new Error(`upgrade refused: ${head}`));
      upgraded = true;
      onUpgrade();
    }
    for (;;) {
      const frame = readFrame(buffer);
      if (!frame) return;
      buffer = buffer.subarray(frame.size);
      if (frame.opcode === 0x1) {
        const message = JSON.parse(frame.payload.toString());
        messages.push(message);
        for (const waiter of waiters.filter((w) => w.match(message))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      } else if (frame.opcode === 0x8) {
        onClose({ code: frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005, reason: frame.payload.subarray(2).toString() });
      }
    }
  });
  await upgradeDone;

  return {
    messages,
    closeFrame,
    ended,
    send(message) {
      if (!socket.destroyed) socket.write(maskedTextFrame(JSON.stringify(message)));
    },
    waitFor(match) {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    destroy: () => socket.destroy(),
  };
}

/** One unfragmented server frame (servers do not mask), or null while it is incomplete. */
function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (buffer.length < 2) return null;
  const opcode = buffer[0]! & 0x0f;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  if (buffer.length < offset + length) return null;
  return { opcode, payload: buffer.subarray(offset, offset + length), size: offset + length };
}

/** Clients must mask every frame they send (RFC 6455 §5.3). */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const header =
    payload.length < 126
      ? Buffer.from([0x81, 0x80 | payload.length])
      : Buffer.concat([Buffer.from([0x81, 0x80 | 126]), Buffer.from([payload.length >> 8, payload.length & 0xff])]);
  const mask = randomBytes(4);
  const masked = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) masked[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}
