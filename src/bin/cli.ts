import path from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { CliError } from '../cli/cli-error.ts';
import { EmbeddedPostgresError } from '../db/embedded-postgres.ts';
import { createLogger } from '../logger.ts';
import { StartupError } from '../runtime/startup-error.ts';
import { runCli, type CliDeps } from '../cli/run-cli.ts';
import { toError } from '../to-error.ts';

// `paperjson ...` (bin/paperjson.mjs): the command-line client. It talks to a running server over
// GraphQL; with --local it first starts one in this process (config from the environment like
// `npm start`, but on a free port, and its logs on stderr so stdout stays pure JSON).

let stopLocal: (() => Promise<void>) | null = null;

const deps: CliDeps = {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  async startLocalServer(io) {
    let config;
    try {
      // Quieter than a server by default: the embedded server's logs share stderr with progress.
      const logLevel = process.env.LOG_LEVEL?.trim() || 'warn';
      config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: logLevel });
    } catch (error) {
      throw new CliError('failed', error instanceof ConfigError ? error.message : toError(error).message);
    }
    const logger = createLogger(config.logLevel, 'paperjson-local', config.logFormat, 2);
    const { startEmbeddedServer } = await import('../cli/embedded-server.ts');
    try {
      return await startEmbeddedServer(config, logger, io);
    } catch (error) {
      // These already say what failed and where; a second prefix would only repeat it.
      if (error instanceof EmbeddedPostgresError || error instanceof StartupError) throw new CliError('failed', error.message);
      throw new CliError('failed', `Could not start the embedded server (data in ${path.join(config.dataDir, 'postgres')}): ${toError(error).message}`);
    }
  },
  onLocalServer(stop) {
    stopLocal = stop;
  },
};

// `paperjson ... | head` closes stdout early; that is the reader's choice, not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

// Ctrl-C: a job already started keeps running on the server (the CLI said so when it started);
// an embedded server is stopped cleanly first, handing its running job back to the queue.
process.once('SIGINT', () => {
  process.stderr.write('\nInterrupted.\n');
  const stop = stopLocal ?? (async () => {});
  stop().finally(() => process.exit(130));
});

const code = await runCli(process.argv.slice(2), deps);
// Sockets kept alive by fetch would hold the process open for a few seconds; the work is done.
process.exit(code);
