import type { PgBoss } from 'pg-boss';
import { createLogger } from '../../src/logger.ts';
import { createBoss } from '../../src/queue/create-boss.ts';

/** pg-boss as the service makes it, silent, on a test's database: for tests that send or fetch queue jobs themselves. */
export function createTestBoss(connectionString: string): Promise<PgBoss> {
  return createBoss({ connectionString, logger: createLogger('silent', 'test'), jobRetryLimit: 2, heartbeatSeconds: 30 });
}
