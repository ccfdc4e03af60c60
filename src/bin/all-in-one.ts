import { GRAPHQL_PATH } from '../api/create-api.ts';
import { runProcess } from '../runtime/run-process.ts';
import { availableModelsLine } from '../runtime/create-provider.ts';
import { openAiSettings, startService } from '../runtime/start-service.ts';

// `npm start`: API, worker and (without DATABASE_URL) an embedded Postgres in one process.
await runProcess('paperjson', async (config, logger) => {
  const service = await startService(config, logger, { api: true, worker: true });
  const url = `${service.http!.url}${GRAPHQL_PATH}`;
  const lines = [`\n  paperjson is running: ${url}`, `  ${availableModelsLine({ geminiApiKey: config.geminiApiKey, openai: openAiSettings(config) })}`];
  if (service.bootstrapKey) {
    const key = service.bootstrapKey;
    lines.push(
      '',
      '  First start: created the tenant "default" and its API key (shown only now, keep it):',
      `    ${key}`,
      '',
      `  GraphiQL:  ${url}?apiKey=${encodeURIComponent(key)}`,
      `  Header:    {"Authorization": "Bearer ${key}"}`,
    );
  } else {
    lines.push('  Use your API key as "Authorization: Bearer <key>" (create more with: npm run apikey -- create --tenant NAME).');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  return service;
});
