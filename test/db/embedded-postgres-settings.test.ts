import { mkdtempSync, rmSync, chmodSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';

describe('an embedded Postgres started with settings of its own', () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'paperjson-pg-settings-'));
  // The postgres user (when the tests run as root) must traverse it.
  chmodSync(parent, 0o755);
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('runs with them, beside its own', async () => {
    const postgres = await startEmbeddedPostgres({
      dir: path.join(parent, 'pg'),
      ephemeral: true,
      settings: { work_mem: '7MB', shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' },
    });
    const client = new pg.Client({ connectionString: postgres.url });
    try {
      await client.connect();
      const show = async (name: string) => (await client.query(`select current_setting($1) as value`, [name])).rows[0].value as string;
      expect(await show('work_mem')).toBe('7MB');
      expect(await show('pg_stat_statements.track')).toBe('all');
      // Ours still apply.
      expect(await show('max_connections')).toBe('300');
    } finally {
      await client.end();
      await postgres.stop();
    }
  });

  it('refuses a setting name that is not one, before it makes anything', async () => {
    const dir = path.join(parent, 'never');
    await expect(startEmbeddedPostgres({ dir, ephemeral: true, settings: { 'work_mem=1MB -c fsync': 'off' } })).rejects.toThrow(EmbeddedPostgresError);
    expect(existsSync(dir)).toBe(false);
  });
});
