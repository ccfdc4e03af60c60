/**
 * The NOTIFY message sent with every batch of new job events, encoded and decoded only here.
 *
 * It carries `<jobId>:<seq>` (the job and the newest seq of the batch), never the events: NOTIFY
 * payloads are limited to 8000 bytes and the log in Postgres stays the one source of truth.
 */

export const JOB_EVENTS_CHANNEL = 'paperjson_job_events';

export interface JobEventNotification {
  jobId: string;
  seq: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeJobEventNotification(notification: JobEventNotification): string {
  return `${notification.jobId}:${notification.seq}`;
}

/** The notification in `payload`, or null when it is not one we sent (any process may NOTIFY). */
export function decodeJobEventNotification(payload: string | undefined): JobEventNotification | null {
  if (!payload) return null;
  const colon = payload.lastIndexOf(':');
  const jobId = payload.slice(0, colon);
  const seq = Number(payload.slice(colon + 1));
  if (colon < 0 || !UUID.test(jobId) || !Number.isSafeInteger(seq) || seq < 1) return null;
  return { jobId, seq };
}
