import { runProcess } from '../runtime/run-process.ts';
import { startService } from '../runtime/start-service.ts';
import { StartupError } from '../runtime/startup-error.ts';

// `npm run start:worker`: only the job worker, against the shared Postgres in DATABASE_URL.
await runProcess('paperjson-worker', async (config, logger) => {
  if (!config.databaseUrl) throw new StartupError('start:worker runs against a shared Postgres: set DATABASE_URL (or use npm start).');
  return startService(config, logger, { api: false, worker: true });
});
