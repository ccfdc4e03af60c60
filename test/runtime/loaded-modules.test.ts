import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/test-database.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Every module URL a fresh Node process's main thread has loaded after running `script` (an ES
 * module, in the project's root), as a module hook records them.
 */
function modulesLoadedBy(script: string): string[] {
  const recorder = `
    import module from 'node:module';
    import { isMainThread } from 'node:worker_threads';
    const loaded = new Set();
    module.registerHooks({ load(url, context, next) { loaded.add(url); return next(url, context); } });
    // --import runs in worker threads too (GraphiQL's page thread): only the process's own list is printed.
    if (isMainThread) process.on('exit', () => process.stdout.write(JSON.stringify([...loaded])));
  `;
  // No --input-type: worker threads inherit the process's options, and a thread's entry is a file.
  // The script's top-level await makes Node run it as a module.
  const output = execFileSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(recorder)}`, '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[];
}

/** The packages among modulesLoadedBy's modules. */
function packagesLoadedBy(script: string): string[] {
  const packages = modulesLoadedBy(script).map((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]);
  return [...new Set(packages.filter((name) => name !== undefined))].sort();
}

/** A script that runs one LOCAL extraction through the provider a worker makes for a LOCAL job. */
const ONE_LOCAL_EXTRACTION = `
  const { providerFactory } = await import('./src/runtime/create-provider.ts');
  const { createAdaptiveLimiter } = await import('./src/models/limiter.ts');
  const factory = await providerFactory({ geminiApiKey: null, geminiBaseUrl: null, modelTimeoutSeconds: 60, modelRetryWindowSeconds: 60, processLimiter: createAdaptiveLimiter(4) });
  const provider = factory({ id: 'job', config: { model: 'LOCAL' } });
  const { page, request, text } = await import('./test/models/local/make-layout.ts');
  const schema = { type: 'object', properties: { invoice_number: { type: 'string' } } };
  const { value } = await provider.extract(request(schema, [page(1, [text(50, 50, 'Invoice number: INV-7')])]));
  if (value.invoice_number !== 'INV-7') throw new Error('LOCAL answered ' + JSON.stringify(value));
`;

describe('modules a service process loads', () => {
  it('starting the service loads neither a model SDK, GraphQL Yoga nor GraphiQL before a role needs them', () => {
    const packages = packagesLoadedBy(`await import('./src/runtime/start-service.ts');`);
    expect(packages).toContain('pg-boss');
    for (const name of ['@google/genai', 'openai', 'graphql-yoga', '@graphql-yoga/render-graphiql']) expect(packages).not.toContain(name);
  });

  it("a worker's warm-up for a model that reads no PDF pages (LOCAL, OpenAI) loads no model SDK", () => {
    const packages = packagesLoadedBy(`
      await import('./src/worker/start-worker.ts');
      const { warmUpExtraction } = await import('./src/pipeline/warm-up.ts');
      await warmUpExtraction({ pdfPages: false });
    `);
    for (const name of ['@google/genai', 'openai']) expect(packages).not.toContain(name);
  });

  it('a worker with only Gemini configured loads the Gemini SDK and not the OpenAI one', () => {
    const packages = packagesLoadedBy(`
      const { providerFactory } = await import('./src/runtime/create-provider.ts');
      const { createAdaptiveLimiter } = await import('./src/models/limiter.ts');
      await providerFactory({ geminiApiKey: 'key', geminiBaseUrl: null, modelTimeoutSeconds: 60, modelRetryWindowSeconds: 60, processLimiter: createAdaptiveLimiter(4) });
    `);
    expect(packages).toContain('@google/genai');
    expect(packages).not.toContain('openai');
  });

  it('the API never imports render-graphiql itself: GraphiQL pages are rendered in a thread of their own', () => {
    const packages = packagesLoadedBy(`
      const { graphiqlOptionsScript } = await import('./src/api/graphiql.ts');
      const { graphiqlPageResponse } = await import('./src/api/graphiql-page.ts');
      const url = 'http://127.0.0.1:4000/graphql';
      const response = await graphiqlPageResponse(new Request(url), graphiqlOptionsScript(url), { Response });
      if (!(await response.text()).includes('renderYogaGraphiQL')) throw new Error('not the GraphiQL page');
    `);
    expect(packages).not.toContain('@graphql-yoga/render-graphiql');
  });

  it('a process logging JSON lines does not load pino-pretty; one logging pretty lines does', () => {
    const logOneLine = (format: string) =>
      packagesLoadedBy(`const { createLogger } = await import('./src/logger.ts'); createLogger('error', 'probe', '${format}').info('not written');`);
    expect(logOneLine('json')).toContain('pino');
    expect(logOneLine('json')).not.toContain('pino-pretty');
    expect(logOneLine('pretty')).toContain('pino-pretty');
  });

  it("a worker hands LOCAL's requests to its threads and never loads the extractor itself", () => {
    const modules = modulesLoadedBy(ONE_LOCAL_EXTRACTION);
    expect(modules.some((url) => url.endsWith('/src/models/local/local-provider.ts'))).toBe(true);
    // The extractor's modules: only the threads that run it load them.
    for (const name of ['extract-object.ts', 'field-labels.ts', 'find-table.ts']) expect(modules.filter((url) => url.endsWith(`/src/models/local/${name}`))).toEqual([]);
  });

  it("LOCAL's threads keep their compiled modules in V8's code cache on disk, in the OS temp folder unless NODE_COMPILE_CACHE says otherwise", () => {
    // A process whose own modules are not cached (no NODE_COMPILE_CACHE) and whose temp folder is
    // empty: whatever is cached there after one extraction was cached by its LOCAL thread.
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'paperjson-local-cache-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
      delete env.NODE_COMPILE_CACHE;
      execFileSync(process.execPath, ['-e', ONE_LOCAL_EXTRACTION], { cwd: ROOT, env });
      expect(readdirSync(tmp)).toEqual(['node-compile-cache']);
      const [cache] = readdirSync(path.join(tmp, 'node-compile-cache'));
      expect(readdirSync(path.join(tmp, 'node-compile-cache', cache!)).length).toBeGreaterThan(50);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('migrating a database that has every migration loads none of the migration files', async () => {
    const database = await createTestDatabase();
    try {
      const modules = modulesLoadedBy(`
        const { createDb } = await import('./src/db/create-db.ts');
        const { migrateToLatest } = await import('./src/db/migrate.ts');
        const db = createDb(${JSON.stringify(database.url)}, { max: 1 });
        const applied = await migrateToLatest(db.db).finally(() => db.close());
        if (applied.length > 0) throw new Error('migrated again: ' + applied.join(', '));
      `);
      expect(modules.some((url) => url.endsWith('/src/db/migrate.ts'))).toBe(true);
      expect(modules.filter((url) => url.includes('/migrations/'))).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
