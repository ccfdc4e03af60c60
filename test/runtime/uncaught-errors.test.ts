import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, spawnNode } from '../helpers/spawn-node.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

describe('errors nothing caught', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('a lost connection whose error event has no listener is logged once and the process runs on', async () => {
    const child = spawnNode('test/runtime/uncaught-errors-child.ts', ['listener-less'], { DATABASE_URL: database.url });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    const lines = jsonLines(child.stdout);
    expect(lines.map((line) => line.msg)).toEqual([
      'a lost database connection reported its error to no listener; its owner reconnects, running on',
      'still running',
    ]);
  });

  it('a reset socket of a pg connection whose error event has no listener is logged once and the process runs on', async () => {
    const child = spawnNode('test/runtime/uncaught-errors-child.ts', ['pg-socket-reset'], { DATABASE_URL: database.url });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    const lines = jsonLines(child.stdout);
    expect(lines.map((line) => [line.msg, (line.failure as { code?: unknown } | undefined)?.code])).toEqual([
      ['a lost database connection reported its error to no listener; its owner reconnects, running on', 'ECONNRESET'],
      ['still running', undefined],
    ]);
  });

  it('an uncaught ECONNRESET of a socket that is not a pg connection ends the process with one clear line', async () => {
    const child = spawnNode('test/runtime/uncaught-errors-child.ts', ['foreign-reset'], { DATABASE_URL: database.url });
    expect(await child.exited).toEqual({ code: 1, signal: null });
    const lines = jsonLines(child.stdout);
    expect(lines.map((line) => [line.level, line.msg, (line.failure as { code?: unknown } | undefined)?.code])).toEqual([[60, 'uncaught error; exiting', 'ECONNRESET']]);
    expect(child.stderr()).toBe('');
  });

  it('an unhandled rejection of a lost connection ends the process with one clear line', async () => {
    const child = spawnNode('test/runtime/uncaught-errors-child.ts', ['rejection'], { DATABASE_URL: database.url });
    expect(await child.exited).toEqual({ code: 1, signal: null });
    const lines = jsonLines(child.stdout);
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [60, 'lost the connection to the database; exiting so that a supervisor restarts this process (running jobs resume)'],
    ]);
    expect(child.stderr()).toBe('');
  });
});
