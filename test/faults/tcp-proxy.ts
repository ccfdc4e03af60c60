/**
 * A loopback TCP proxy with a movable target: services keep one DATABASE_URL (the proxy's)
 * while the Postgres behind it restarts on another port. Connections open when the target
 * goes away are cut, as the real server going away would cut them.
 */
import net from 'node:net';
import { pairSockets } from '../helpers/paired-sockets.ts';

export interface TcpProxy {
  port: number;
  retarget(port: number): void;
  /** Cuts every open connection. */
  cutAll(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
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
    close: () => {
      cutAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
