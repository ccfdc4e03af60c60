import { ConfigError, loadConfig, type Config } from '../config.ts';
import { configHelpText } from '../config/config-docs.ts';
import type { SettingUser } from '../config/settings.ts';
import { EmbeddedPostgresError } from '../db/embedded-postgres.ts';
import { createLogger, type Logger } from '../logger.ts';
import { toError } from '../to-error.ts';
import { StartupError } from './startup-error.ts';
import { isConnectionLost } from '../db/pg-connection-errors.ts';
import { startupConnectionFailure } from '../db/startup-connection-errors.ts';
import { describeError, handleUncaughtErrors } from './uncaught-errors.ts';

/** What `--help` says about a process: how it is started, what it does, which settings it reads. */
export interface ProcessHelp {
  usage: string;
  summary: string;
  reads: readonly SettingUser[];
}

/** A second signal sooner than this after the first is the same Ctrl-C echoed (see onSignal). */
const ECHO_WINDOW_MS = 1000;

/**
 * The frame of every long-running process: `--help`, validated config (exit 1 with every problem listed),
 * a logger, clean shutdown on SIGINT/SIGTERM/SIGHUP (a second signal forces the exit), and a clear
 * message instead of a stack trace for the failures a user can fix.
 *
 * The signal handlers are installed before anything starts: a Ctrl-C during start-up (while
 * Postgres comes up, or migrations run) waits for the start to finish and then stops in order,
 * rather than killing the process and leaving the embedded Postgres (its own process group)
 * running.
 */
export async function runProcess(
  name: string,
  help: ProcessHelp,
  start: (config: Config, logger: Logger) => Promise<{ stop(): Promise<void> }>,
): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`Usage: ${help.usage}\n\n${help.summary}\n\n${configHelpText(help.reads)}`);
    process.exit(0);
  }
  // Every setting is an environment variable: an argument is a mistake (a flag meant for another
  // command, a setting written as --port), and starting anyway would hide it.
  if (args.length > 0) {
    process.stderr.write(`unknown argument ${args[0]}: ${help.usage} takes no arguments; settings are environment variables (--help lists them)\n`);
    process.exit(1);
  }
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
  const logger = createLogger(config.logLevel, name, config.logFormat);
  handleUncaughtErrors(logger);

  const started = start(config, logger);
  let stoppingSince: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppingSince !== null) {
      // Under `npm start` one Ctrl-C can arrive twice: from the terminal (to the whole
      // foreground process group) and forwarded by npm to its child (@npmcli/run-script's
      // signal manager). That echo comes within milliseconds; a person pressing Ctrl-C again to
      // force the exit takes longer.
      if (Date.now() - stoppingSince < ECHO_WINDOW_MS) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'stopping');
    started
      .then((running) => running.stop())
      .then(() => process.exit(0))
      .catch((error) => {
        // A failed start has already been reported below.
        if (!startFailed) logger.error({ err: toError(error) }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A closed terminal sends SIGHUP. By default it would end this process at once, and the
  // embedded Postgres (its own process group and session) would keep running without it.
  process.on('SIGHUP', onSignal);

  let startFailed = false;
  try {
    await started;
  } catch (error) {
    startFailed = true;
    const failure = toError(error);
    // Before the lost-connection case: a refused connect reads as one, but no connection was had.
    const unreachable = config.databaseUrl ? startupConnectionFailure(failure, config.databaseUrl) : null;
    if (failure instanceof EmbeddedPostgresError || failure instanceof StartupError || unreachable) {
      process.stderr.write(`\n${unreachable ?? failure.message}\n\n`);
    } else if (isConnectionLost(failure)) {
      // The database went away while this process started (a restart): a supervisor retries.
      logger.fatal({ failure: describeError(failure) }, 'lost the connection to the database while starting; exiting so that a supervisor restarts this process');
    } else {
      logger.fatal({ err: failure }, 'failed to start');
    }
    process.exit(1);
  }
}
