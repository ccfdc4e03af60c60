import { runProcess, type ProcessHelp } from '../runtime/run-process.ts';
import { startService } from '../runtime/start-service.ts';
import { StartupError } from '../runtime/startup-error.ts';

// `npm run start:worker`: only the job worker, against the shared Postgres in DATABASE_URL.
const HELP: ProcessHelp = {
  usage: 'npm run start:worker',
  summary: 'Runs only the job worker, against the shared Postgres in DATABASE_URL (the API runs with\nnpm run start:api).',
  reads: ['worker', 'all'],
};
await runProcess('paperjson-worker', HELP, async (config, logger) => {
  if (!config.databaseUrl) throw new StartupError('start:worker runs against a shared Postgres: set DATABASE_URL (or use npm start).');
  return startService(config, logger, { api: false, worker: true });
});
