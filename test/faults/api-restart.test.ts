import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '../helpers/child-process.ts';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';
import { startJob, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { TEN_SUBTREE_PATHS, TEN_SUBTREE_SCHEMA, expectSoundLog, jobLog, tenSubtreeAnswer } from './fault-fixtures.ts';
import { followWithResubscribe } from './resubscribe.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The API restarts (SIGKILL, then a new process on the same port) while 100 clients follow a
 * running job: each client resubscribes with its last seq and ends up with the whole log, no
 * gap, no duplicate. The worker runs in the test process, unaffected.
 */
describe('an API restart under 100 subscribers', () => {
  let stub: GeminiStub;
  let app: TestApp;
  let documentId: string;
  let api: ServiceProcess | null = null;
  let port: number;

  const startApi = async (): Promise<void> => {
    api = spawnService('src/bin/api.ts', { DATABASE_URL: app.database.url, PORT: String(port), GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: stub.url });
    await api.waitFor(/API listening/, 60_000);
  };

  beforeAll(async () => {
    ({ app, stub } = await startAppWithGeminiStub());
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
    port = await freePort();
    await startApi();
  });
  afterAll(async () => {
    api?.kill('SIGKILL');
    await api?.exited;
    await app?.stop();
  });

  it('every client that resubscribes with its last seq sees the whole log once, in order', async () => {
    // One call at a time, 800 ms each: the job runs for about eight seconds, longer than a restart.
    stub.respond((request) => tenSubtreeAnswer(request, 800));
    const { jobId } = await startJob(app, { documentId, jsonSchema: TEN_SUBTREE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH', maxNumConcurrentRequests: 1 } });
    const url = () => `http://127.0.0.1:${port}/graphql`;
    const clients = Array.from({ length: 100 }, () => followWithResubscribe(url, app.apiKey, jobId!));
    try {
      // Everyone has seen some of the job, and the job is not over: restart the API hard.
      await stub.waitUntil((s) => s.requests.length >= 3, 60_000);
      for (;;) {
        if (clients.every((c) => c.events.length > 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      api!.kill('SIGKILL');
      await api!.exited;
      await startApi();

      await Promise.all(clients.map((c) => c.done));
      await waitForJob(app, jobId!, ['COMPLETED']);
      const log = await jobLog(app, jobId!);
      expectSoundLog(log.events, TEN_SUBTREE_PATHS);
      for (const client of clients) {
        expect(client.events.map((e) => e.seq)).toEqual(log.events.map((e) => e.seq));
        expect(client.events.at(-1)).toMatchObject({ __typename: 'JobStatusEvent', status: 'COMPLETED' });
      }
      // The restart really cut the streams: clients had to come back.
      expect(clients.every((c) => c.connections >= 2)).toBe(true);
    } finally {
      for (const client of clients) client.stop();
    }
  });
});
