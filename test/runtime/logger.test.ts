import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { serializeError } from '../../src/logger.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

const LOGGER = fileURLToPath(new URL('../../src/logger.ts', import.meta.url));
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await database?.close();
});

/** What a process logging one line with the given LOG_FORMAT writes, its stdout being a pipe. */
function logOneLine(format: string | null): string {
  const script = `const { createLogger } = await import(${JSON.stringify(LOGGER)});
    createLogger('info', 'probe', ${JSON.stringify(format)}).info({ jobId: 'j-1' }, 'job finished');`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  return child.stdout;
}

describe('log format', () => {
  it('is one JSON object per line when stdout is not a terminal and LOG_FORMAT is unset', () => {
    expect(JSON.parse(logOneLine(null))).toMatchObject({ msg: 'job finished', jobId: 'j-1', level: 30 });
  });

  it('LOG_FORMAT takes pretty or json, and nothing else', () => {
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({}).logFormat).toBeNull();
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT must be pretty or json, got "xml"');
  });

  it('is a readable line with LOG_FORMAT=pretty, even into a pipe', () => {
    const output = logOneLine('pretty');
    expect(output.trim()).toMatch(/^\[\d\d:\d\d:\d\d\] INFO \(probe\): job finished\n\s+jobId: "j-1"$/);
  });
});

describe('the error serializer', () => {
  it('keeps type, message, code and stack of a Postgres error and drops the client someone attached to it', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    let failure: Error & { client?: unknown };
    try {
      failure = await client.query('select * from no_such_table').then(
        () => {
          throw new Error('the query should have failed');
        },
        (error: Error) => error,
      );
    } finally {
      await client.end();
    }
    failure.client = client;
    const serialized = serializeError(failure) as Record<string, unknown>;
    expect(serialized).toMatchObject({ type: 'DatabaseError', code: '42P01', message: 'relation "no_such_table" does not exist' });
    expect(serialized.stack).toMatch(/^error: relation "no_such_table" does not exist\n\s+at /);
    expect(serialized).not.toHaveProperty('client');
    const text = JSON.stringify(serialized);
    expect(text).not.toContain(new URL(database.url).password);
    expect(text.length).toBeLessThan(3000);
  });

  it('keeps our own small facts and the cause, and drops secrets, objects and long text', () => {
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const error = Object.assign(new Error('model call failed', { cause }), {
      jobId: 'job-7',
      status: 503,
      usage: { promptTokens: 10, outputTokens: 0 },
      apiKey: 'pj_secret_value',
      request: { headers: { authorization: 'Bearer pj_secret_value' } },
      pageText: 'x'.repeat(5000),
    });
    const serialized = serializeError(error) as Record<string, any>;
    expect(serialized).toMatchObject({
      type: 'Error',
      message: 'model call failed',
      jobId: 'job-7',
      status: 503,
      usage: { promptTokens: 10, outputTokens: 0 },
      cause: { type: 'Error', message: 'socket hang up', code: 'ECONNRESET' },
    });
    expect(JSON.stringify(serialized)).not.toContain('pj_secret_value');
    expect(serialized.pageText.length).toBeLessThan(400);
  });
});
