import type net from 'node:net';

/**
 * Ties a proxy's two ends together for life: either end's error or close ends both, as a real
 * server or client going away would, and both are tracked in `sockets` while open (so the proxy
 * can cut them all). What flows between them is the caller's business.
 */
export function pairSockets(client: net.Socket, upstream: net.Socket, sockets: Set<net.Socket>): void {
  for (const socket of [client, upstream]) {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {
      client.destroy();
      upstream.destroy();
    });
  }
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
}
