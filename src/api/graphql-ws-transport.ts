import type { IncomingMessage } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import { CloseCode, handleProtocols, makeServer, MessageType, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.ts';
import { toError } from '../to-error.ts';
import { attachNextPayloadSink } from './subscription-next-sink.ts';
import { textFrameWriter, type TextPieces } from './websocket-text-frames.ts';

export interface GraphqlWsExtra {
  socket: WebSocket;
  request: IncomingMessage;
}

/** While a socket has less than this queued, a message counts as sent once it is queued. */
const QUEUED_BYTES_BEFORE_WAITING = 256 * 1024;
const KEEP_ALIVE_MS = 12_000;
const CLOSING_BRACE = Buffer.from('}');

/**
 * graphql-ws over `ws`: graphql-ws/use/ws, changed where one job's event goes to many sockets.
 *
 * - Messages are framed and written in batches by websocket-text-frames.ts: all the messages a
 *   socket got in one turn of the event loop (a job's events that arrived together, several
 *   subscriptions on one socket) leave in one buffer and one write at the end of the turn. Under
 *   load this is what keeps up: the further a subscriber falls behind, the more events each write
 *   carries. Before graphql-ws closes a socket, its queued messages are written first.
 * - A message counts as sent once it is queued, not once the kernel took it, while the socket has
 *   less than QUEUED_BYTES_BEFORE_WAITING queued; beyond that graphql-ws waits for the write as
 *   before, so a slow client still holds back its own subscriptions and not the rest.
 * - Each subscription's context carries a sink for `next` payloads serialised elsewhere (see
 *   subscription-next-sink.ts), so that a live event shared by many subscribers is serialised once
 *   and each socket only gets its subscription id put around it. Not offered when `onNext` or
 *   `jsonMessageReplacer` is set, since those would not see such messages.
 *
 * Order per socket is kept (one queue per socket). Keep-alive, close codes and error handling are
 * those of graphql-ws/use/ws.
 */
export function serveGraphqlWs<P extends Record<string, unknown>>(
  options: ServerOptions<P, GraphqlWsExtra>,
  wss: WebSocketServer,
  logger: Logger,
): { dispose(): Promise<void> } {
  const frames = textFrameWriter(QUEUED_BYTES_BEFORE_WAITING);
  const senders = new WeakMap<WebSocket, (data: string | TextPieces) => void | Promise<void>>();
  const offersSinks = !options.onNext && !options.jsonMessageReplacer;
  const onSubscribe = options.onSubscribe;
  const server = makeServer({
    ...options,
    onSubscribe: async (ctx, id, payload) => {
      const args = await onSubscribe?.(ctx, id, payload);
      const send = senders.get(ctx.extra.socket);
      const contextValue = args && !Array.isArray(args) ? (args as ExecutionArgs).contextValue : undefined;
      if (offersSinks && send && typeof contextValue === 'object' && contextValue !== null) {
        // The frame graphql-ws's emit.next would write for this id, around the payload serialised
        // once for all its subscribers: this subscription's prefix is encoded once, here.
        const prefix = Buffer.from(`{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`);
        attachNextPayloadSink(contextValue, (payloadJson) => {
          // After the client's complete (or the socket's close) nothing more goes out for this id.
          if (id in ctx.subscriptions) return send([prefix, payloadJson, CLOSING_BRACE]);
        });
      }
      return args;
    },
  });
  wss.options.handleProtocols = handleProtocols;
  wss.once('error', (error) => {
    logger.error({ err: toError(error) }, 'graphql-ws server error');
    frames.flushAll();
    for (const client of wss.clients) client.close(CloseCode.InternalServerError, 'Internal server error');
  });

  wss.on('connection', (socket, request) => {
    socket.once('error', (error) => {
      logger.warn({ err: toError(error) }, 'graphql-ws socket error');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    let pongWait: NodeJS.Timeout | null = null;
    const pingInterval = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once('pong', () => {
        if (pongWait) clearTimeout(pongWait);
        pongWait = null;
      });
      socket.ping();
    }, KEEP_ALIVE_MS);
    const queue = frames.queueFor(socket, request.socket);
    // Own framing only for plain frames: a socket that negotiated an extension (compression, if
    // the server is ever configured to offer it) goes through ws, which knows how to frame it.
    const plainFrames = socket.extensions === '';
    const send = (data: string | TextPieces): void | Promise<void> => {
      if (socket.readyState !== socket.OPEN) return;
      if (!plainFrames) {
        const text = typeof data === 'string' ? data : Buffer.concat(data);
        return new Promise<void>((resolve, reject) => socket.send(text, { binary: false }, (error) => (error ? reject(error) : resolve())));
      }
      return queue.send(data);
    };
    senders.set(socket, send);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send,
        close: (code, reason) => {
          queue.flush();
          socket.close(code, reason);
        },
        onMessage: (handle) =>
          socket.on('message', async (message) => {
            try {
              await handle(String(message));
            } catch (error) {
              logger.error({ err: toError(error) }, 'graphql-ws message handling failed');
              queue.flush();
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      clearInterval(pingInterval);
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      // What the sockets were sent in this turn goes out before their close frames.
      frames.flushAll();
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
