import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOICE_SCHEMA, startJob, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { verifyStandardWebhook } from './standard-webhooks.ts';

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  answered: number;
}

describe('webhooks', () => {
  let app: TestApp;
  let receiver: Server;
  let receiverUrl: string;
  const deliveries: Delivery[] = [];
  let failuresLeft = 1;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const answered = failuresLeft-- > 0 ? 500 : 204;
        deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
        res.statusCode = answered;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    // The receiver is on this machine: private targets must be allowed for this suite.
    app = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
  });
  afterAll(async () => {
    await app?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('delivers the chosen events signed with the tenant secret, retrying after a 500 from the receiver', async () => {
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const { jobId } = await startJob(app, {
      documentId,
      jsonSchema: INVOICE_SCHEMA,
      webhook: { url: receiverUrl, events: ['job.completed'], headers: { 'x-team': 'accounts' } },
    });
    await waitForJob(app, jobId!, ['COMPLETED']);

    // The first attempt got a 500; the queue retried with backoff and the second got through.
    const deadline = Date.now() + 30_000;
    while (deliveries.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(deliveries.map((d) => d.answered)).toEqual([500, 204]);

    const secret = (await app.gql(`{ viewer { webhookSigningSecret } }`)).data.viewer.webhookSigningSecret as string;
    for (const delivery of deliveries) {
      const body = JSON.parse(delivery.body);
      expect(body).toMatchObject({ event: 'job.completed', jobId, status: 'COMPLETED' });
      expect(delivery.headers['x-team']).toBe('accounts');
      expect(verifyStandardWebhook(secret, delivery.headers, delivery.body)).toBe(true);
    }
    // A retry is the same message: the same webhook-id, so the receiver can drop a duplicate.
    expect(deliveries[0]!.headers['webhook-id']).toBe(deliveries[1]!.headers['webhook-id']);
    // Only the chosen event was delivered (no job.processing).
    expect(new Set(deliveries.map((d) => JSON.parse(d.body).event))).toEqual(new Set(['job.completed']));
  }, 60_000);
});
