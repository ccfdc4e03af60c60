import { ConfigError, loadConfig, type Config } from '../config.ts';
import { EmbeddedPostgresError } from '../db/embedded-postgres.ts';
import { createLogger, type Logger } from '../logger.ts';
import { toError } from '../errors.ts';

/**
 * The frame of every long-running process: validated config (exit 1 with every problem listed),
 * a logger, clean shutdown on SIGINT/SIGTERM (a second signal forces the exit), and a clear
 * message instead of a stack trace for the failures a user can fix.
 */
export async function runProcess(
  name: string,
  start: (config: Config, logger: Logger) => Promise<{ stop(): Promise<void> }>,
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, name);
  exitClearlyOnUncaught(logger);
  let running: { stop(): Promise<void> };
  try {
    running = await start(config, logger);
  } catch (error) {
    const failure = toError(error);
    if (failure instanceof EmbeddedPostgresError) {
      process.stderr.write(`\n${failure.message}\n\n`);
    } else {
      logger.fatal({ err: failure }, 'failed to start');
    }
    process.exit(1);
  }
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running
      .stop()
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error({ err: toError(error) }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Errors of a database connection that went away (a restart, a crash, a failover). */
const CONNECTION_LOST = /Connection terminated|ECONNRESET|ECONNREFUSED|EPIPE|terminating connection|database system is (shutting down|starting up|in recovery)/i;

/**
 * An error nothing caught ends the process, as Node does by default, but with one clear line
 * instead of a stack trace. The usual one is a lost database connection: pg-boss's LISTEN
 * client drops its error listener before closing a broken connection, so the socket's last
 * error is emitted with no listener. The process then exits and a supervisor (systemd, Docker,
 * Kubernetes) restarts it; running jobs resume on a worker, as after any crash.
 */
function exitClearlyOnUncaught(logger: Logger): void {
  process.on('uncaughtException', (error) => {
    const failure = toError(error);
    const code = (failure as { code?: unknown }).code;
    const lost = CONNECTION_LOST.test(failure.message) || code === '57P01' || code === '57P03';
    logger.fatal(
      { error: { name: failure.name, message: failure.message, code } },
      lost
        ? 'lost the connection to the database; exiting so that a supervisor restarts this process (running jobs resume)'
        : 'uncaught error; exiting',
    );
    process.exit(1);
  });
}
