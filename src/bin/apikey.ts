import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openDatabase } from '../runtime/open-database.ts';
import { createTenant, findTenantByName } from '../tenants/tenants.ts';
import { addApiKey } from '../tenants/api-keys.ts';

// `npm run apikey -- create --tenant NAME`: a new API key (and the tenant, if it is new).
// The key is the last line of the output, so scripts can take it with `tail -n 1`.
const usage = 'usage: npm run apikey -- create --tenant NAME [--max-active-jobs N]';
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { tenant: { type: 'string' }, 'max-active-jobs': { type: 'string' } },
});
if (positionals[0] !== 'create' || !values.tenant?.trim()) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
let config;
try {
  config = loadConfig();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'apikey');
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 }, logger);
try {
  const name = values.tenant.trim();
  const maxActiveJobs = values['max-active-jobs'] ? Number(values['max-active-jobs']) : config.maxActiveJobs;
  if (!Number.isInteger(maxActiveJobs) || maxActiveJobs < 1) throw new Error('--max-active-jobs must be a positive whole number');
  const existing = await findTenantByName(database.db, name);
  if (existing) {
    const key = await addApiKey(database.db, existing.id);
    process.stdout.write(`Added a key to tenant "${name}" (${existing.id}). It is shown only now:\n${key}\n`);
  } else {
    const { tenant, apiKey } = await createTenant(database.db, { name, maxActiveJobs });
    process.stdout.write(`Created tenant "${name}" (${tenant.id}) with an API key. It is shown only now:\n${apiKey}\n`);
  }
} finally {
  await database.shutdown();
}
