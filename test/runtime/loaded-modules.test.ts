import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The packages a fresh Node process has loaded after running `script` (an ES module, in the
 * project's root): every module URL the process resolves is recorded by a module hook.
 */
function packagesLoadedBy(script: string): string[] {
  const recorder = `
    import module from 'node:module';
    import { isMainThread } from 'node:worker_threads';
    const loaded = new Set();
    module.registerHooks({ load(url, context, next) { loaded.add(url); return next(url, context); } });
    // --import runs in worker threads too (GraphiQL's page thread): only the process's own list is printed.
    if (isMainThread) process.on('exit', () => {
      const packages = [...loaded].map((url) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url)?.[1]).filter(Boolean);
      process.stdout.write(JSON.stringify([...new Set(packages)].sort()));
    });
  `;
  const output = execFileSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(recorder)}`, '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[];
}

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
});
