import { afterAll, afterEach, beforeAll } from 'vitest';
import { spawnService, type ServiceProcess } from './child-process.ts';
import { startAppWithGeminiStub } from './app-with-gemini-stub.ts';
import type { GeminiStub } from './gemini-stub.ts';
import { uploadFixture } from './job-fixtures.ts';
import type { TestApp } from './test-app.ts';

export interface ProcessCluster {
  stub: GeminiStub;
  /** The API, in the test process, without a worker. */
  app: TestApp;
  /** invoice-2p.pdf, uploaded by the first tenant. */
  documentId: string;
  /** A real worker (src/bin/worker.ts) or API (src/bin/api.ts) child process on the same database. */
  spawn(entry: 'src/bin/worker.ts' | 'src/bin/api.ts', env?: Record<string, string>): ServiceProcess;
}

/**
 * For tests with real worker and API processes on one Postgres and the Gemini stand-in in the
 * test process. Registers the hooks: children are SIGKILLed after each test, the rest after all.
 */
export function useProcessCluster(options: { appEnv?: Record<string, string> } = {}): ProcessCluster {
  const children: ServiceProcess[] = [];
  const cluster = {
    spawn(entry, env = {}) {
      const child = spawnService(entry, {
        DATABASE_URL: cluster.app.database.url,
        GEMINI_API_KEY: 'test-key',
        GEMINI_BASE_URL: cluster.stub.url,
        ...env,
      });
      children.push(child);
      return child;
    },
  } as ProcessCluster;

  beforeAll(async () => {
    // The app starts first, so its settings (e.g. JOB_HEARTBEAT_SECONDS) are the queues' settings.
    ({ app: cluster.app, stub: cluster.stub } = await startAppWithGeminiStub({ worker: false, env: options.appEnv }));
    cluster.documentId = await uploadFixture(cluster.app, 'invoice-2p.pdf');
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill('SIGKILL');
      await child.exited;
    }
  });
  afterAll(() => cluster.app?.stop());
  return cluster;
}
