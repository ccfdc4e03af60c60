import type { Connection, PageRequest } from '../db/pagination.ts';
import type { Tenant } from '../tenants/api-keys.ts';
import type { JobEvent, JobRecord, JobStatus } from './job-types.ts';
import type { ExtractionEstimate } from './estimate-extraction.ts';

/** Input of startExtractionJob as the GraphQL layer parsed it (ids not yet checked). */
export interface StartJobInput {
  documentId: string;
  schemaId: string | null;
  jsonSchema: unknown;
  config: Record<string, unknown> | null;
  webhook: { url: string; events: string[] | null; headers: unknown } | null;
}

/** The job service as the API uses it, declared beside the service; the API never reaches into the worker or the pipeline. */
export interface JobsApi {
  start(tenant: Tenant, input: StartJobInput): Promise<JobRecord>;
  /** What start would plan and cost for these inputs (webhook ignored); calls no model. */
  estimate(tenant: Tenant, input: StartJobInput): Promise<ExtractionEstimate>;
  cancel(tenant: Tenant, jobId: string): Promise<JobRecord>;
  find(tenant: Tenant, jobId: string): Promise<JobRecord | null>;
  list(tenant: Tenant, statuses: JobStatus[] | null, page: PageRequest): Promise<Connection<JobRecord>>;
  events(tenant: Tenant, jobId: string, after: number): Promise<JobEvent[]>;
  /**
   * Persisted events after `after`, then live ones; ends after the terminal status event. Rejects
   * with NOT_FOUND before any event when the job is not the tenant's, so a subscription fails
   * before its stream starts.
   */
  follow(tenant: Tenant, jobId: string, after: number, signal: AbortSignal): Promise<AsyncIterable<JobEvent>>;
  activeCount(tenant: Tenant): Promise<number>;
}
