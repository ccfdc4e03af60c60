/**
 * Every pg-boss queue of the service, declared once with its payload validator. Queue payloads
 * cross process boundaries (and versions, during a rolling deploy), so a handler trusts nothing
 * it receives until it has passed through these parsers.
 */
import { WEBHOOK_EVENTS, type WebhookEvent } from '../domain/choices.ts';

export const EXTRACTION_QUEUE = 'extraction';
export const EXTRACTION_DEAD_QUEUE = 'extraction-dead';
export const WEBHOOK_QUEUE = 'webhook';

export interface ExtractionJobPayload {
  jobId: string;
  /**
   * The job's schema and document, which never change. This version's worker reads them from the
   * job's row (in the one statement that reads the job, run-job.ts prepareRun); they are still sent
   * for workers of the previous version during a rolling deploy, which read them at once with the
   * job. Absent from jobs queued by an older version.
   */
  inputs?: { tenantId: string; schemaId: string; documentId: string };
}

export interface WebhookPayload {
  jobId: string;
  tenantId: string;
  event: WebhookEvent;
  /** seq of the status event that caused the delivery, so receivers can de-duplicate. */
  seq: number;
}


export function parseExtractionPayload(data: unknown): ExtractionJobPayload {
  const record = data as Partial<ExtractionJobPayload> | null;
  if (!record || typeof record.jobId !== 'string') throw new Error('extraction payload without jobId');
  const inputs = record.inputs as Partial<NonNullable<ExtractionJobPayload['inputs']>> | undefined;
  // Only a hint: a malformed one is dropped, and the worker reads the ids from the job instead.
  const wellFormed = inputs && [inputs.tenantId, inputs.schemaId, inputs.documentId].every((id) => typeof id === 'string');
  return wellFormed ? { jobId: record.jobId, inputs: { tenantId: inputs.tenantId!, schemaId: inputs.schemaId!, documentId: inputs.documentId! } } : { jobId: record.jobId };
}

export function parseWebhookPayload(data: unknown): WebhookPayload {
  const record = data as Partial<WebhookPayload> | null;
  if (
    !record ||
    typeof record.jobId !== 'string' ||
    typeof record.tenantId !== 'string' ||
    typeof record.seq !== 'number' ||
    !WEBHOOK_EVENTS.includes(record.event as WebhookPayload['event'])
  ) {
    throw new Error('malformed webhook payload');
  }
  return record as WebhookPayload;
}
