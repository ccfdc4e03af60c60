import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { startupConnectionFailure } from '../db/startup-connection-errors.ts';
import { openDatabase } from '../runtime/open-database.ts';
import { createTenant, findTenantByName } from '../tenants/tenants.ts';
import { addApiKey, listApiKeys, revokeApiKey } from '../tenants/api-keys.ts';
import { toError } from '../to-error.ts';

// `npm run apikey -- create --tenant NAME`: a new API key (and the tenant, if it is new).
// The key is the last line of the output, so scripts can take it with `tail -n 1`.
// `npm run apikey -- list`: every key by its prefix, with its tenant, creation, last use and revocation.
// `npm run apikey -- revoke <prefix>`: revokes one key; open subscriptions with it close within a second.
const usage = [
  'usage: npm run apikey -- create --tenant NAME [--max-active-jobs N]',
  '       npm run apikey -- list',
  '       npm run apikey -- revoke PREFIX     (the prefix shown by list, e.g. pj_AbCd, or the whole key)',
].join('\n');
let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { tenant: { type: 'string' }, 'max-active-jobs': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
} catch (error) {
  // An unknown option or a missing value: node:util says which, in one line.
  process.stderr.write(`${toError(error).message}\n${usage}\n`);
  process.exit(2);
}
const { positionals, values } = parsed;
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const command = positionals[0];
const valid =
  (command === 'create' && values.tenant?.trim() && positionals.length === 1) ||
  (command === 'list' && positionals.length === 1) ||
  (command === 'revoke' && positionals.length === 2 && positionals[1]!.startsWith('pj_'));
if (!valid) {
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
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 }, logger).catch((error: unknown) => {
  const unreachable = config.databaseUrl ? startupConnectionFailure(toError(error), config.databaseUrl) : null;
  if (!unreachable) throw error;
  process.stderr.write(`${unreachable}\n`);
  process.exit(1);
});
let exitCode = 0;
try {
  if (command === 'create') {
    const name = values.tenant!.trim();
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
  } else if (command === 'list') {
    const rows = (await listApiKeys(database.db)).map((k) => [
      k.prefix,
      k.tenant,
      k.createdAt.toISOString(),
      k.lastUsedAt?.toISOString() ?? 'never',
      k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active',
    ]);
    process.stdout.write(table([['prefix', 'tenant', 'created', 'last used', 'status'], ...rows]));
  } else {
    const outcome = await revokeApiKey(database.db, positionals[1]!);
    switch (outcome.kind) {
      case 'revoked':
        process.stdout.write(`Revoked key ${outcome.prefix} of tenant "${outcome.tenant}". Its open subscriptions close within a second.\n`);
        break;
      case 'already_revoked':
        process.stdout.write(`Key ${outcome.prefix} was already revoked.\n`);
        break;
      case 'not_found':
        process.stderr.write(`No key starts with ${positionals[1]}; see npm run apikey -- list.\n`);
        exitCode = 1;
        break;
      case 'too_short':
        process.stderr.write(`${positionals[1]} is too short to name a key: give the first ${outcome.length} characters that list shows (e.g. pj_AbCd), or the whole key.\n`);
        exitCode = 1;
        break;
      case 'ambiguous':
        process.stderr.write(`${outcome.count} active keys share the prefix ${positionals[1]}; pass the whole key to revoke one.\n`);
        exitCode = 1;
        break;
    }
  }
} finally {
  await database.shutdown();
}
process.exitCode = exitCode;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}
