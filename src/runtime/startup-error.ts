import net from 'node:net';

/**
 * A start-up failure the user can fix from its message alone (a busy port, a missing setting):
 * runProcess prints the message and exits 1, without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export function portInUseMessage(port: number, host: string): string {
  const suggestion = port === 65535 ? port - 1 : port + 1;
  return `port ${port} is in use${host === '127.0.0.1' ? '' : ` on ${host}`}; set PORT=${suggestion} (or any free port; PORT=0 picks one)`;
}

/**
 * Fails with a StartupError when host:port cannot be bound. Checked before the embedded Postgres
 * starts, so a busy port costs a second, not a database start and a stack trace.
 */
export async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(portInUseMessage(port, host)));
      else if (error.code === 'EACCES') reject(new StartupError(`port ${port} on ${host} needs more privileges; set PORT to a port above 1023`));
      else if (error.code === 'EADDRNOTAVAIL') reject(new StartupError(`HOST=${host} is not an address of this machine`));
      else reject(error);
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
