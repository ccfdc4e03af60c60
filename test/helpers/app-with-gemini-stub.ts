import { startGeminiStub, type GeminiStub, type StubHandler } from './gemini-stub.ts';
import { startTestApp, type TestApp } from './test-app.ts';
import type { TestDatabase } from './test-database.ts';

/**
 * The set-up most end-to-end job tests share: the Gemini stand-in (gemini-stub.ts), answering with
 * `respond` when given, and the real service (test-app.ts) pointed at it only through the
 * environment, as a deployment would be (GEMINI_API_KEY, GEMINI_BASE_URL; `env` adds to or
 * overrides these). The returned `app.stop()` also closes the stub, so one afterAll line undoes
 * both:
 *
 *   beforeAll(async () => {
 *     ({ app, stub } = await startAppWithGeminiStub({ respond: (request) => answerFor(request) }));
 *     documentId = await uploadFixture(app, 'invoice-2p.pdf');
 *   });
 *   afterAll(() => app?.stop());
 */
export async function startAppWithGeminiStub(
  options: { respond?: StubHandler; env?: Record<string, string>; worker?: boolean; database?: TestDatabase } = {},
): Promise<{ app: TestApp; stub: GeminiStub }> {
  const stub = await startGeminiStub();
  if (options.respond) stub.respond(options.respond);
  let app: TestApp;
  try {
    app = await startTestApp({
      worker: options.worker,
      database: options.database,
      env: { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: stub.url, ...options.env },
    });
  } catch (error) {
    await stub.close();
    throw error;
  }
  return {
    stub,
    app: {
      ...app,
      async stop() {
        await app.stop();
        await stub.close();
      },
    },
  };
}
