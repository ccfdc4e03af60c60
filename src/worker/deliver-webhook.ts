import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { findJobById } from '../jobs/jobs.repository.ts';
import type { WebhookPayload } from '../queue/queues.ts';

const TIMEOUT_MS = 10_000;

/**
 * POSTs one webhook event. The body is signed with the tenant's secret:
 * `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. Any non-2xx answer or network error
 * throws, and the webhook queue retries with backoff; the job itself never waits for this.
 */
export async function deliverWebhook(db: Kysely<Database>, payload: WebhookPayload, fetchImpl: typeof fetch = fetch): Promise<void> {
  const job = await findJobById(db, payload.jobId);
  if (!job?.webhook || job.tenantId !== payload.tenantId) return;
  const tenant = await db.selectFrom('tenants').select('webhook_secret').where('id', '=', job.tenantId).executeTakeFirst();
  if (!tenant) return;
  const body = JSON.stringify({
    event: payload.event,
    jobId: job.id,
    seq: payload.seq,
    status: job.status,
    errorMessage: job.errorMessage,
    progress: job.progress,
    metadata: job.metadata,
    deliveredAt: new Date().toISOString(),
  });
  const signature = createHmac('sha256', tenant.webhook_secret).update(body).digest('hex');
  const response = await fetchImpl(job.webhook.url, {
    method: 'POST',
    headers: {
      ...job.webhook.headers,
      'content-type': 'application/json',
      'user-agent': 'paperjson-webhooks',
      'x-signature': `sha256=${signature}`,
      'x-paperjson-event': payload.event,
    },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'manual',
  });
  await response.body?.cancel().catch(() => {});
  if (!response.ok) throw new Error(`webhook ${payload.event} for job ${job.id}: receiver answered ${response.status}`);
}
