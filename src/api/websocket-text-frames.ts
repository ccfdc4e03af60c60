import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * The text messages a server sends on its WebSockets, framed here (RFC 6455 §5.2: FIN, text
 * opcode, no mask, no compression) and written in batches: every message a socket gets in one turn
 * of the event loop goes out at the end of that turn (setImmediate) in ONE buffer and ONE write.
 *
 * Why not `ws.send` per message: when one job's event goes to 1,000 sockets, each `ws.send` costs
 * an options object, a frame header buffer, two writes into the stream's queue and, at the end of
 * the turn, a writev of two pieces per message; that was a large part of the server's time per
 * delivered event. Here a message costs a string in an array until the end of the turn.
 *
 * Order: a socket's messages leave in the order they were queued. `ws` itself still writes the
 * control frames (ping, pong, close) straight away; pings may pass queued messages, which the
 * protocol allows. A close frame must be the last frame: `flush()` before closing keeps the queued
 * messages; messages still queued when the socket is found closing are dropped, as `ws.send` would
 * refuse them. Frames are only written while the socket is OPEN, so no frame follows a close frame.
 * `ws` keeps no state about data frames when it does not compress (and we never ask it to send
 * any), so writing them beside it leaves its own framing intact.
 */
export interface TextFrameQueue {
  /**
   * Queues `text`: a string, or a message already UTF-8 encoded in pieces that are copied into the
   * frame as they are (see TextPieces). Returns a promise (resolved once written) instead of
   * nothing when the socket already holds `waitAbove` or more bytes unsent, so that a slow client
   * holds back the sender.
   */
  send(text: string | TextPieces): void | Promise<void>;
  /** Writes what is queued now (before a close frame, which must come last). */
  flush(): void;
}

/**
 * One text message as UTF-8 pieces, written one after another. A live event that goes to 1,000
 * sockets is encoded ONCE and shared: each socket's message is its subscription's own prefix, the
 * shared payload and a suffix, so a message costs no string concatenation, no UTF-8 length count
 * and no encoding per socket, only a copy of bytes into the socket's buffer.
 */
export type TextPieces = readonly Uint8Array[];

interface Pending {
  ws: WebSocket;
  tcp: Socket;
  texts: Array<string | TextPieces>;
  /** UTF-16 length of strings, bytes of pieces: a cheap stand-in for the size, for the back-pressure check. */
  length: number;
  written: Array<(error?: Error | null) => void>;
}

const FIN_TEXT = 0x81;

export interface TextFrameWriter {
  queueFor(ws: WebSocket, tcp: Socket): TextFrameQueue;
  /** Writes what every socket has queued now (before the server closes them all). */
  flushAll(): void;
}

export function textFrameWriter(waitAbove: number): TextFrameWriter {
  const pending = new Set<Pending>();

  const flushAll = () => {
    const all = [...pending];
    pending.clear();
    for (const entry of all) write(entry);
  };

  return {
    flushAll,
    queueFor(ws, tcp) {
      const entry: Pending = { ws, tcp, texts: [], length: 0, written: [] };
      return {
        send(text) {
          if (entry.texts.length === 0) {
            if (pending.size === 0) setImmediate(flushAll);
            pending.add(entry);
          }
          entry.texts.push(text);
          entry.length += typeof text === 'string' ? text.length : piecesLength(text);
          if (ws.bufferedAmount + entry.length < waitAbove) return;
          return new Promise<void>((resolve, reject) => entry.written.push((error) => (error ? reject(error) : resolve())));
        },
        flush() {
          if (pending.delete(entry)) write(entry);
        },
      };
    },
  };
}

function write(entry: Pending): void {
  const { texts, written } = entry;
  entry.texts = [];
  entry.length = 0;
  entry.written = [];
  if (entry.ws.readyState !== entry.ws.OPEN) {
    for (const done of written) done();
    return;
  }
  const sizes = texts.map((text) => (typeof text === 'string' ? Buffer.byteLength(text) : piecesLength(text)));
  let total = 0;
  for (const size of sizes) total += headerLength(size) + size;
  const buffer = Buffer.allocUnsafe(total);
  let offset = 0;
  for (let i = 0; i < texts.length; i++) {
    offset = writeHeader(buffer, offset, sizes[i]!);
    const text = texts[i]!;
    if (typeof text === 'string') {
      offset += buffer.write(text, offset);
    } else {
      for (const piece of text) {
        buffer.set(piece, offset);
        offset += piece.length;
      }
    }
  }
  // A failed write ends in the socket's 'error', which closes it and with it its subscriptions.
  entry.tcp.write(buffer, written.length > 0 ? (error) => written.forEach((done) => done(error)) : undefined);
}

function piecesLength(pieces: TextPieces): number {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  return length;
}

function headerLength(size: number): number {
  return size < 126 ? 2 : size < 65_536 ? 4 : 10;
}

function writeHeader(buffer: Buffer, offset: number, size: number): number {
  buffer[offset] = FIN_TEXT;
  if (size < 126) {
    buffer[offset + 1] = size;
    return offset + 2;
  }
  if (size < 65_536) {
    buffer[offset + 1] = 126;
    buffer.writeUInt16BE(size, offset + 2);
    return offset + 4;
  }
  buffer[offset + 1] = 127;
  buffer.writeUInt32BE(Math.floor(size / 2 ** 32), offset + 2);
  buffer.writeUInt32BE(size >>> 0, offset + 6);
  return offset + 10;
}
