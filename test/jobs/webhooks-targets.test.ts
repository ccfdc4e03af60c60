import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Agent, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { pino } from 'pino';
import { readEvents } from '../../src/jobs/jobs.repository.ts';
import { deliverWebhook } from '../../src/worker/deliver-webhook.ts';
import { isPublicAddress } from '../../src/jobs/webhook-address.ts';
import { INVOICE_SCHEMA, startJob, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { startAlpnServer } from '../helpers/alpn-server.ts';
import { verifyStandardWebhook } from './standard-webhooks.ts';

interface Received {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function startReceiver(answer: (url: string) => { status: number; location?: string }): Promise<{ server: Server; port: number; received: Received[]; connections: () => number }> {
  const received: Received[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const { status, location } = answer(req.url ?? '');
      res.writeHead(status, location ? { location } : {}).end();
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received, connections: () => connections };
}

describe('webhook targets and signatures', () => {
  let app: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let jobId: string;
  let tenantId: string;
  let documentId: string;

  beforeAll(async () => {
    receiver = await startReceiver((url) => (url === '/redirect' ? { status: 307, location: `/elsewhere` } : { status: 204 }));
    // Default configuration: private targets refused, so a start naming the receiver on 127.0.0.1
    // is refused (below). The job runs without a webhook; the tests below give it one in the
    // database and deliver its events by hand to see exactly what happens.
    app = await startTestApp();
    tenantId = (await app.gql('{ viewer { id } }')).data.viewer.id as string;
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const started = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    jobId = started.jobId!;
    await waitForJob(app, jobId, ['COMPLETED']);
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  async function statusEventSeq(status: string): Promise<number> {
    const events = await readEvents(app.database.db, jobId, 0);
    return events.find((e) => e.payload.type === 'JOB_STATUS' && e.payload.status === status)!.seq;
  }

  async function jobWarnings(): Promise<string[]> {
    const response = await app.gql('query($id: ID!) { job(id: $id) { metadata { warnings } } }', { id: jobId });
    return response.data.job.metadata.warnings as string[];
  }

  async function setWebhookUrl(url: string): Promise<void> {
    await app.database.db
      .updateTable('jobs')
      .set({ webhook: JSON.stringify({ url, events: ['job.processing', 'job.completed'], headers: {} }) })
      .where('id', '=', jobId)
      .execute();
  }

  it.each([
    ['a literal loopback address', 'http://127.0.0.1:9/x'],
    ['localhost', 'http://localhost:9/x'],
    ['a subdomain of localhost', 'http://hooks.localhost/x'],
    ['IPv6 loopback', 'http://[::1]/x'],
    ['a private network address', 'https://10.0.0.5/x'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data'],
  ])('a start whose webhook is on %s is refused with BAD_USER_INPUT naming WEBHOOK_ALLOW_PRIVATE', async (_name, url) => {
    const response = await app.gql(
      'mutation($input: StartExtractionJobInput!) { startExtractionJob(input: $input) { jobId } }',
      { input: { documentId, jsonSchema: INVOICE_SCHEMA, webhook: { url } } },
    );
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(/not a public address|loopback name/);
    expect(response.errors?.[0]?.message).toContain('WEBHOOK_ALLOW_PRIVATE');
  });

  it('with WEBHOOK_ALLOW_PRIVATE, a start may name a webhook on loopback', async () => {
    const allowing = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' }, worker: false });
    try {
      const own = await uploadFixture(allowing, 'invoice-2p.pdf');
      const started = await startJob(allowing, { documentId: own, jsonSchema: INVOICE_SCHEMA, webhook: { url: 'http://localhost:9/x' } });
      expect(started.jobId).toBeTruthy();
    } finally {
      await allowing.stop();
    }
  });

  it('a delivery refused at connect time is reported in the job\'s metadata.warnings and logged once for the job, not once per event', async () => {
    const lines: Array<{ msg: string; jobId?: string }> = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    await setWebhookUrl(`http://localhost:${receiver.port}/hooks`);
    const before = receiver.connections();
    for (const status of ['PROCESSING', 'COMPLETED', 'COMPLETED']) {
      const seq = await statusEventSeq(status);
      const event = status === 'PROCESSING' ? 'job.processing' : 'job.completed';
      await deliverWebhook(app.database.db, { jobId, tenantId, event, seq }, { allowPrivate: false, logger });
    }
    expect(receiver.connections()).toBe(before);
    expect(lines.filter((l) => l.jobId === jobId)).toHaveLength(1);
    const warnings = await jobWarnings();
    expect(warnings.filter((w) => w.startsWith('Webhook'))).toEqual([
      expect.stringMatching(/^Webhook job\.processing was not delivered: localhost resolves to 127\.0\.0\.1, which is not a public address.*WEBHOOK_ALLOW_PRIVATE/),
    ]);
  });

  it('a delivery that fails on the queue\'s last try is reported in metadata.warnings; an earlier failed try is not', async () => {
    await setWebhookUrl(`http://127.0.0.1:${receiver.port}/redirect`);
    const seq = await statusEventSeq('COMPLETED');
    const payload = { jobId, tenantId, event: 'job.completed' as const, seq };
    await expect(deliverWebhook(app.database.db, payload, { allowPrivate: true })).rejects.toThrow(/receiver answered 307/);
    expect((await jobWarnings()).filter((w) => w.startsWith('Webhook'))).toEqual([]);
    await expect(deliverWebhook(app.database.db, payload, { allowPrivate: true, lastAttempt: true })).rejects.toThrow(/receiver answered 307/);
    expect((await jobWarnings()).filter((w) => w.startsWith('Webhook'))).toEqual([
      expect.stringMatching(/^Webhook job\.completed was not delivered: every try failed, the last with: .*receiver answered 307/),
    ]);
  });

  it.each([
    ['a literal loopback address', (port: number) => `http://127.0.0.1:${port}/hooks`],
    ['a name that resolves to loopback (checked at connect time)', (port: number) => `http://localhost:${port}/hooks`],
    ['an IPv4-mapped IPv6 loopback address', (port: number) => `http://[::ffff:127.0.0.1]:${port}/hooks`],
    ['loopback written as one decimal number', (port: number) => `http://2130706433:${port}/hooks`],
  ])('%s is refused without a connection by default', async (_name, url) => {
    await setWebhookUrl(url(receiver.port));
    const before = receiver.connections();
    const seq = await statusEventSeq('COMPLETED');
    await deliverWebhook(app.database.db, { jobId, tenantId, event: 'job.completed', seq }, { allowPrivate: false });
    expect(receiver.connections()).toBe(before);
  });

  it('the same delivery goes through with WEBHOOK_ALLOW_PRIVATE, signed so that a Standard Webhooks receiver verifies it', async () => {
    await setWebhookUrl(`http://localhost:${receiver.port}/hooks`);
    const seq = await statusEventSeq('COMPLETED');
    const count = receiver.received.length;
    await deliverWebhook(app.database.db, { jobId, tenantId, event: 'job.completed', seq }, { allowPrivate: true });
    const delivery = receiver.received[count]!;
    const secret = (await app.gql('{ viewer { webhookSigningSecret } }')).data.viewer.webhookSigningSecret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(verifyStandardWebhook(secret, delivery.headers, delivery.body)).toBe(true);
    // The signature covers id and timestamp: the same body under another timestamp does not verify.
    const replayed = { ...delivery.headers, 'webhook-timestamp': String(Number(delivery.headers['webhook-timestamp']) - 1) };
    expect(verifyStandardWebhook(secret, replayed, delivery.body)).toBe(false);
    // A capture replayed after the tolerance window is refused by the receiver's clock check.
    expect(verifyStandardWebhook(secret, delivery.headers, delivery.body, Date.now() + 10 * 60_000)).toBe(false);
    expect(JSON.parse(delivery.body)).toMatchObject({ event: 'job.completed', jobId, seq, status: 'COMPLETED' });
  });

  it('a delivery of an earlier event reports the status the event had, not the job status now', async () => {
    await setWebhookUrl(`http://127.0.0.1:${receiver.port}/hooks`);
    const seq = await statusEventSeq('PROCESSING');
    const count = receiver.received.length;
    await deliverWebhook(app.database.db, { jobId, tenantId, event: 'job.processing', seq }, { allowPrivate: true });
    expect(JSON.parse(receiver.received[count]!.body)).toMatchObject({ event: 'job.processing', seq, status: 'PROCESSING' });
  });

  it('a redirect is not followed: the delivery fails and is retried by the queue instead', async () => {
    await setWebhookUrl(`http://127.0.0.1:${receiver.port}/redirect`);
    const seq = await statusEventSeq('COMPLETED');
    const count = receiver.received.length;
    await expect(
      deliverWebhook(app.database.db, { jobId, tenantId, event: 'job.completed', seq }, { allowPrivate: true }),
    ).rejects.toThrow(/receiver answered 307/);
    expect(receiver.received.slice(count).map((r) => r.url)).toEqual(['/redirect']);
  });

  it('a delivery to a TLS receiver that also offers h2 goes over HTTP/1.1, as the global fetch would send it', async () => {
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0'); // the test certificate is self-signed
    // Whichever global dispatcher the process has: the undici package's default Agent offers h2.
    const previous = getGlobalDispatcher();
    setGlobalDispatcher(new Agent());
    const tlsReceiver = await startAlpnServer((_req, res) => res.writeHead(204).end());
    try {
      await setWebhookUrl(`${tlsReceiver.url}/hooks`);
      const seq = await statusEventSeq('COMPLETED');
      await deliverWebhook(app.database.db, { jobId, tenantId, event: 'job.completed', seq }, { allowPrivate: true });
      expect(tlsReceiver.httpVersions).toEqual(['1.1']);
    } finally {
      setGlobalDispatcher(previous);
      vi.unstubAllEnvs();
      await tlsReceiver.close();
    }
  });

});

describe('address classification', () => {
  it.each([
    ['127.0.0.1', false], ['10.1.2.3', false], ['172.16.0.1', false], ['192.168.1.1', false], ['169.254.169.254', false],
    ['100.64.0.1', false], ['0.0.0.0', false], ['::1', false], ['fe80::1', false], ['fd00:ec2::254', false], ['::ffff:10.0.0.1', false],
    ['8.8.8.8', true], ['2001:4860:4860::8888', true], ['not an address', false],
  ])('%s public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
