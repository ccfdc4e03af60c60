/**
 * A loopback TCP proxy with a movable target: services keep one DATABASE_URL (the proxy's)
 * while the Postgres behind it restarts on another port. Connections open when the target
 * goes away are cut, as the real server going away would cut them. It can also stall: stop
 * forwarding without closing anything, as a peer or middlebox that vanished without a reset
 * leaves a connection half-open.
 */
import net from 'node:net';
import { pairSockets } from '../helpers/paired-sockets.ts';

export interface TcpProxy {
  port: number;
  retarget(port: number): void;
  /** Cuts every open connection. */
  cutAll(): void;
  /** Stops forwarding on every open connection, for good, without closing it; new ones hang too until resume(). */
  stall(): void;
  /** New connections are forwarded again (the stalled ones stay stalled). */
  resume(): void;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  let stalled = false;
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    accepted++;
    if (stalled) {
      // Accepted (the kernel answers the handshake) but never connected onward: no reset, no answer.
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', () => client.destroy());
      client.pause();
      return;
    }
    const upstream = net.connect(target, '127.0.0.1');
    pairSockets(client, upstream, sockets);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    retarget: (next) => {
      target = next;
    },
    cutAll,
    stall: () => {
      stalled = true;
      // Unpiped and paused: what either side sends is acknowledged by the kernel and never read.
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    resume: () => {
      stalled = false;
    },
    get accepted() {
      return accepted;
    },
    close: () => {
      cutAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
