import type { PgBoss } from 'pg-boss';
import type { JobEventBus } from '../../src/events/job-event-bus.ts';
import { createJobEventBus } from '../../src/events/job-event-bus.ts';
import { createLogger } from '../../src/logger.ts';
import { createAdaptiveLimiter } from '../../src/models/limiter.ts';
import { createBoss } from '../../src/queue/create-boss.ts';
import { providerFactory } from '../../src/runtime/create-provider.ts';
import type { RunJobDeps } from '../../src/worker/run-job.ts';
import { startAppWithGeminiStub } from './app-with-gemini-stub.ts';
import type { GeminiStub, StubHandler } from './gemini-stub.ts';
import type { TestApp } from './test-app.ts';

/** What a test needs to call runJob itself: the real service (no worker of its own), the Gemini stand-in, a queue and an event bus. */
export interface RunJobHarness {
  app: TestApp;
  stub: GeminiStub;
  boss: PgBoss;
  bus: JobEventBus;
  deps: RunJobDeps;
  stop(): Promise<void>;
}

export async function startRunJobHarness(respond: StubHandler, extraDeps: Partial<RunJobDeps> = {}): Promise<RunJobHarness> {
  const { app, stub } = await startAppWithGeminiStub({ respond, worker: false });
  const logger = createLogger('silent', 'test');
  const boss = await createBoss({ connectionString: app.database.url, logger, jobRetryLimit: 1, heartbeatSeconds: 30 });
  const bus = await createJobEventBus(app.database.url, logger);
  const createProvider = await providerFactory({
    geminiApiKey: 'test-key',
    geminiBaseUrl: stub.url,
    modelTimeoutSeconds: 30,
    modelRetryWindowSeconds: 30,
    processLimiter: createAdaptiveLimiter(4),
  });
  const deps: RunJobDeps = { db: app.service.database.db, boss, bus, logger, createProvider, ...extraDeps };
  return {
    app,
    stub,
    boss,
    bus,
    deps,
    async stop() {
      await bus.close();
      await boss.stop({ graceful: false, close: true, timeout: 5000 });
      await app.stop();
    },
  };
}
