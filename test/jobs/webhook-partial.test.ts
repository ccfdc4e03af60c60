import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import { INVOICE_SCHEMA, answerFor, startJob, subtreeOf, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';

describe('the webhook of a job that lost parts', () => {
  let app: TestApp;
  let receiver: Server;
  let receiverUrl: string;
  const bodies: string[] = [];
  const { promise: delivered, resolve: onDelivery } = Promise.withResolvers<void>();

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.statusCode = 204;
        res.end();
        onDelivery();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    ({ app } = await startAppWithGeminiStub({
      respond: (request) => (subtreeOf(request) === '/notes' ? { kind: 'error', status: 400, message: 'bad request' } : answerFor(request)),
      // WEBHOOK_ALLOW_PRIVATE: the receiver is on loopback (issue 16 refuses that by default).
      env: { WEBHOOK_ALLOW_PRIVATE: 'true' },
    }));
  });
  afterAll(async () => {
    await app?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('says COMPLETED with the summary in errorMessage and the missing paths in metadata.failedPaths', async () => {
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const { jobId } = await startJob(app, {
      documentId,
      jsonSchema: INVOICE_SCHEMA,
      config: { model: 'GEMINI_2_5_FLASH' },
      webhook: { url: receiverUrl, events: ['job.completed'] },
    });
    await waitForJob(app, jobId!, ['COMPLETED']);
    await delivered;
    const body = JSON.parse(bodies[0]!);
    expect(body).toMatchObject({
      event: 'job.completed',
      jobId,
      status: 'COMPLETED',
      errorMessage: expect.stringMatching(/^1 of 4 field groups failed: \/notes \(model error: .+\)$/),
      metadata: { failedPaths: ['/notes'] },
    });
  }, 60_000);
});
