import { GRAPHQL_PATH } from '../api/create-api.ts';
import { runProcess, type ProcessHelp } from '../runtime/run-process.ts';
import { availableModelsLine } from '../runtime/create-provider.ts';
import { startBanner } from '../runtime/start-banner.ts';
import { openAiSettings, startService } from '../runtime/start-service.ts';
import { warmSchemaCheckThread } from '../schemas/check-in-thread.ts';

// `npm start`: API, worker and (without DATABASE_URL) an embedded Postgres in one process.
const HELP: ProcessHelp = {
  usage: 'npm start',
  summary: 'Runs the GraphQL API and the job worker in one process, with an embedded Postgres under DATA_DIR\nunless DATABASE_URL names one.',
  reads: ['api', 'worker', 'all'],
};
await runProcess('paperjson', HELP, async (config, logger) => {
  warmSchemaCheckThread();
  const service = await startService(config, logger, { api: true, worker: true });
  process.stdout.write(
    startBanner({
      url: `${service.http!.url}${GRAPHQL_PATH}`,
      bootstrapKey: service.bootstrapKey,
      modelsLine: availableModelsLine({ geminiApiKey: config.geminiApiKey, openai: openAiSettings(config) }),
      languageModelConfigured: config.geminiApiKey !== null || config.openaiBaseUrl !== null,
    }),
  );
  return service;
});
