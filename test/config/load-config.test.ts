import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { spawnNode, type NodeProcess } from '../helpers/spawn-node.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('without any variable every setting has its documented default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: path.resolve('./.data'),
      bootstrapApiKey: null,
      geminiApiKey: null,
      geminiBaseUrl: null,
      logLevel: 'info',
      maxUploadBytes: 50 * 1024 * 1024,
      maxWaitingUploads: 8,
      maxPages: 2000,
      workerConcurrency: 2,
      schemaMaxDepth: 10,
      schemaMaxProperties: 500,
      schemaMaxEnumSize: 1000,
      graphiql: true,
    });
  });

  it('reads every variable it is given', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/paperjson',
      DATA_DIR: '/var/lib/paperjson',
      BOOTSTRAP_API_KEY: 'pj_0123456789abcdef',
      GEMINI_API_KEY: 'g-key',
      GEMINI_BASE_URL: 'http://127.0.0.1:9999',
      LOG_LEVEL: 'debug',
      MAX_UPLOAD_BYTES: '1048576',
      WORKER_CONCURRENCY: '8',
      GRAPHIQL: 'false',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db:5432/paperjson',
      dataDir: '/var/lib/paperjson',
      bootstrapApiKey: 'pj_0123456789abcdef',
      geminiApiKey: 'g-key',
      geminiBaseUrl: 'http://127.0.0.1:9999',
      logLevel: 'debug',
      maxUploadBytes: 1048576,
      workerConcurrency: 8,
      graphiql: false,
    });
  });

  it('GEMINI_DEFAULT_MODEL defaults to a stable Flash model, takes any Gemini model id and refuses what is none', () => {
    expect(loadConfig({}).geminiDefaultModel).toBe('gemini-3.6-flash');
    expect(loadConfig({ GEMINI_DEFAULT_MODEL: 'models/gemini-3.5-flash-lite' }).geminiDefaultModel).toBe('gemini-3.5-flash-lite');
    expect(problemsOf({ GEMINI_DEFAULT_MODEL: 'Gemini Flash' })).toEqual([expect.stringContaining('GEMINI_DEFAULT_MODEL must be a Gemini model id')]);
  });

  it('an empty or blank value counts as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '   ', LOG_LEVEL: '', MAX_UPLOAD_BYTES: '', BOOTSTRAP_API_KEY: '' });
    expect(config).toMatchObject({ port: 4000, databaseUrl: null, logLevel: 'info', maxUploadBytes: 50 * 1024 * 1024, bootstrapApiKey: null });
  });

  it('the configuration cannot be changed after start', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('every bad value is reported at once, each naming its variable and what it accepts', () => {
    const problems = problemsOf({
      PORT: 'abc',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://localhost/db',
      MAX_UPLOAD_BYTES: '-5',
      WORKER_CONCURRENCY: '1000',
      BOOTSTRAP_API_KEY: 'short',
      GRAPHIQL: 'maybe',
    });
    expect(problems).toHaveLength(7);
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'MAX_UPLOAD_BYTES', 'WORKER_CONCURRENCY', 'BOOTSTRAP_API_KEY', 'GRAPHIQL']) {
      expect(problems.some((p) => p.startsWith(name)), name).toBe(true);
    }
    expect(problems).toContain('PORT must be a whole number from 0 to 65535, got "abc"');
    expect(problemsOf({ GEMINI_BASE_URL: 'not a url' })).toEqual(['GEMINI_BASE_URL is not a valid URL (expected: http or https URL)']);
  });

  it('a whole number is accepted at both bounds and refused one past either, saying the range', () => {
    expect(loadConfig({ WORKER_CONCURRENCY: '1' }).workerConcurrency).toBe(1);
    expect(loadConfig({ WORKER_CONCURRENCY: '64' }).workerConcurrency).toBe(64);
    expect(problemsOf({ WORKER_CONCURRENCY: '0' })).toEqual(['WORKER_CONCURRENCY must be between 1 and 64, got 0']);
    expect(problemsOf({ WORKER_CONCURRENCY: '65' })).toEqual(['WORKER_CONCURRENCY must be between 1 and 64, got 65']);
  });

  it('a boolean takes true/false, 1/0, yes/no and on/off in any case', () => {
    for (const yes of ['true', 'TRUE', '1', 'yes', 'On']) expect(loadConfig({ GRAPHIQL: yes }).graphiql).toBe(true);
    for (const no of ['false', '0', 'No', 'off']) expect(loadConfig({ GRAPHIQL: no }).graphiql).toBe(false);
  });

  it('a value from a fixed list is refused with the list', () => {
    expect(problemsOf({ LOG_FORMAT: 'xml' })).toEqual(['LOG_FORMAT must be pretty or json, got "xml"']);
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({}).logFormat).toBeNull();
  });

  it('GOOGLE_API_KEY is read when GEMINI_API_KEY is unset', () => {
    expect(loadConfig({ GOOGLE_API_KEY: 'g-1' }).geminiApiKey).toBe('g-1');
    expect(loadConfig({ GEMINI_API_KEY: 'g-2', GOOGLE_API_KEY: 'g-1' }).geminiApiKey).toBe('g-2');
    expect(loadConfig({ GEMINI_API_KEY: ' ', GOOGLE_API_KEY: 'g-1' }).geminiApiKey).toBe('g-1');
  });

  it('a problem with a secret never shows its value', () => {
    const problems = problemsOf({ BOOTSTRAP_API_KEY: 'pj_tooshort', DATABASE_URL: 'mysql://admin:hunter2@db/x' }).join('\n');
    expect(problems).toContain('BOOTSTRAP_API_KEY');
    expect(problems).toContain('DATABASE_URL');
    expect(problems).not.toContain('pj_tooshort');
    expect(problems).not.toContain('hunter2');
  });

  it('a problem between settings is reported beside the others', () => {
    expect(problemsOf({ OPENAI_API_KEY: 'sk-1', PORT: 'x' })).toEqual([
      'PORT must be a whole number from 0 to 65535, got "x"',
      expect.stringContaining('OPENAI_API_KEY / OPENAI_DEFAULT_MODEL need OPENAI_BASE_URL'),
    ]);
  });

  it.each([
    ['PORT', '65536'],
    ['PORT', '4000.5'],
    ['MAX_UPLOAD_BYTES', '10'],
    ['MAX_UPLOAD_BYTES', String(256 * 1024 * 1024 + 1)],
    ['GEMINI_BASE_URL', 'not a url'],
    ['DATABASE_URL', 'postgres//missing-colon'],
  ])('%s=%s is refused', (name, value) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringContaining(name)]);
  });
});

describe('a process started with a bad value', () => {
  const started: NodeProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((p) => p.kill()));
  });

  it('exits with code 1 and a message naming every bad variable, without starting anything', async () => {
    // Were the config accepted, this is where an embedded Postgres would go: it must not appear.
    const dataDir = path.join(os.tmpdir(), `paperjson-config-test-${randomBytes(6).toString('hex')}`);
    const child = spawnNode('src/bin/all-in-one.ts', [], { PORT: 'abc', LOG_LEVEL: 'loud', DATA_DIR: dataDir });
    started.push(child);
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(existsSync(dataDir)).toBe(false);
    const stderr = child.stderr();
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain('PORT must be a whole number from 0 to 65535, got "abc"');
    expect(stderr).toContain('LOG_LEVEL must be one of');
    expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(child.stdout.join('')).not.toContain('paperjson is running');
  });
});
