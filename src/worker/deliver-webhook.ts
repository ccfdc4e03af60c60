import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import type { Database } from '../db/database.ts';
import { findJobById, readEvents, recordUndeliveredWebhook } from '../jobs/jobs.repository.ts';
import type { JobStatus } from '../jobs/job-types.ts';
import type { Logger } from '../logger.ts';
import type { WebhookPayload } from '../queue/queues.ts';
import { webhookKey } from '../tenants/webhook-secret.ts';
import { toError } from '../to-error.ts';
import { WEBHOOK_EVENT_STATUS } from '../domain/choices.ts';
import { http1Dispatcher } from '../http1-dispatcher.ts';
import { PRIVATE_TARGET_HINT, refusedLiteralHost } from '../jobs/webhook-address.ts';
import { publicOnlyDispatcher, WebhookTargetRefused } from './webhook-target.ts';

const TIMEOUT_MS = 10_000;

/** The status each event stands for, when its status event cannot be read back. */
const EVENT_STATUS: Record<WebhookPayload['event'], JobStatus> = WEBHOOK_EVENT_STATUS;

export interface DeliverOptions {
  /** WEBHOOK_ALLOW_PRIVATE: deliver to loopback and private networks too. */
  allowPrivate: boolean;
  /** The webhook queue's last try of this event: a failure now is for good (reported on the job). */
  lastAttempt?: boolean;
  logger?: Logger;
}

/**
 * POSTs one webhook event, signed as the Standard Webhooks specification says
 * (https://www.standardwebhooks.com/): `webhook-id` (the same on every retry of one event, so a
 * receiver can drop duplicates), `webhook-timestamp` (Unix seconds of this attempt, so a receiver
 * can refuse replays older than a few minutes) and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`, keyed with the bytes of the tenant's secret (`whsec_<base64>` in the API).
 *
 * A non-2xx answer or a network error throws and the webhook queue retries with backoff. A target
 * on a non-public address is refused without a connection and not retried (it would be refused
 * again). A refusal, or a failure on the queue's last try, is reported where the client sees it:
 * in the job's metadata.warnings (reportUndelivered).
 */
export async function deliverWebhook(db: Kysely<Database>, payload: WebhookPayload, options: DeliverOptions): Promise<void> {
  const job = await findJobById(db, payload.jobId);
  if (!job?.webhook || job.tenantId !== payload.tenantId) return;
  const tenant = await db.selectFrom('tenants').select('webhook_secret').where('id', '=', job.tenantId).executeTakeFirst();
  if (!tenant) return;

  const url = new URL(job.webhook.url);
  const literal = options.allowPrivate ? null : refusedLiteralHost(url);
  if (literal) {
    await reportUndelivered(db, job.id, payload.event, `${literal}; ${PRIVATE_TARGET_HINT}`, options.logger);
    return;
  }

  // The job may have moved on since (a job.processing delivery retried after the job completed):
  // report the status event that caused this delivery, not the job as it is now.
  const [event] = await readEvents(db, job.id, payload.seq - 1, 1);
  const status = event?.seq === payload.seq && event.payload.type === 'JOB_STATUS' ? event.payload : null;
  const body = JSON.stringify({
    event: payload.event,
    jobId: job.id,
    seq: payload.seq,
    status: status?.status ?? EVENT_STATUS[payload.event],
    errorMessage: status ? status.errorMessage : job.errorMessage,
    progress: status?.progress ?? job.progress,
    metadata: job.metadata,
    deliveredAt: new Date().toISOString(),
  });
  const id = webhookId(job.id, payload.seq);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await undiciFetch(url, {
      method: 'POST',
      headers: {
        ...job.webhook.headers,
        'content-type': 'application/json',
        'user-agent': 'paperjson-webhooks',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(tenant.webhook_secret, id, timestamp, body),
        'x-paperjson-event': payload.event,
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
      dispatcher: options.allowPrivate ? anyTargetDispatcher() : publicOnlyDispatcher(),
    });
    await response.body?.cancel().catch(() => {});
    if (!response.ok) throw new Error(`webhook ${payload.event} for job ${job.id}: receiver answered ${response.status}`);
  } catch (error) {
    const refused = findRefusal(error);
    if (refused) {
      await reportUndelivered(db, job.id, payload.event, `${refused.message}; ${PRIVATE_TARGET_HINT}`, options.logger);
      return;
    }
    if (options.lastAttempt) await reportUndelivered(db, job.id, payload.event, `every try failed, the last with: ${failureText(error)}`, options.logger);
    throw error;
  }
}

/**
 * Records, once per job, that a webhook event was not delivered for good, in the job's webhook
 * config (`undelivered`), which the API lists in the job's metadata.warnings. It lives beside the
 * webhook rather than in `metadata`, which the run rewrites when it ends. The first event that
 * failed is the one recorded, and only the process whose update recorded it logs it, so a target
 * refused for every event gives one line per job, not one per event.
 */
async function reportUndelivered(db: Kysely<Database>, jobId: string, event: WebhookPayload['event'], reason: string, logger: Logger | undefined): Promise<void> {
  const warning = `Webhook ${event} was not delivered: ${reason}.`;
  if (await recordUndeliveredWebhook(db, jobId, warning)) logger?.warn({ jobId, event, reason }, 'webhook not delivered; reported in the job\'s metadata.warnings (logged once per job)');
}

/** A failed fetch's message with the cause undici wraps in it ("fetch failed: connect ECONNREFUSED ..."). */
function failureText(error: unknown): string {
  const failure = toError(error);
  const cause = failure.cause === undefined ? null : toError(failure.cause);
  return cause ? `${failure.message}: ${cause.message}` : failure.message;
}

let anyTarget: Dispatcher | undefined;

/**
 * With WEBHOOK_ALLOW_PRIVATE: any address, over HTTP/1.1 and through the environment's proxy
 * when the global fetch would use it. Without a dispatcher of our own the `undici` package would
 * offer h2 to receivers that speak it.
 */
function anyTargetDispatcher(): Dispatcher {
  anyTarget ??= http1Dispatcher();
  return anyTarget;
}

/** `v1,<base64 HMAC-SHA256>` over `id.timestamp.body`, keyed with the secret's bytes. */
function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', webhookKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** Stable per event: a retry carries the same id. */
function webhookId(jobId: string, seq: number): string {
  return `msg_${jobId}_${seq}`;
}

function findRefusal(error: unknown): WebhookTargetRefused | null {
  // undici wraps the lookup's error: TypeError('fetch failed', { cause }).
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof WebhookTargetRefused) return e;
    e = toError(e).cause;
  }
  return null;
}
