import { runProcess, type ProcessHelp } from '../runtime/run-process.ts';
import { startService } from '../runtime/start-service.ts';
import { StartupError } from '../runtime/startup-error.ts';
import { warmSchemaCheckThread } from '../schemas/check-in-thread.ts';

// `npm run start:api`: only the GraphQL API, against the shared Postgres in DATABASE_URL.
const HELP: ProcessHelp = {
  usage: 'npm run start:api',
  summary: 'Runs only the GraphQL API, against the shared Postgres in DATABASE_URL (workers run with\nnpm run start:worker).',
  reads: ['api', 'all'],
};
await runProcess('paperjson-api', HELP, async (config, logger) => {
  if (!config.databaseUrl) throw new StartupError('start:api runs against a shared Postgres: set DATABASE_URL (or use npm start).');
  warmSchemaCheckThread();
  return startService(config, logger, { api: true, worker: false });
});
