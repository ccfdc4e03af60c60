import type { ColumnType, Generated } from 'kysely';

/** Timestamps are written by Postgres (`now()`) and read back as Date. */
type CreatedAt = ColumnType<Date, never, never>;

/** jsonb: `pg` parses it on the way out; we write it as JSON text (JSON.stringify). */
type Json = ColumnType<unknown, string, string>;

export interface TenantsTable {
  id: Generated<string>;
  name: string;
  max_active_jobs: number;
  webhook_secret: string;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  id: Generated<string>;
  tenant_id: string;
  /** sha256 (hex) of the key; the key itself is never stored. */
  key_hash: string;
  /** First characters of the key, so an operator can tell keys apart in a listing. */
  key_prefix: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
  /** Last time the key authenticated a request, to the minute (updates are throttled). */
  last_used_at: Date | null;
}

export interface DocumentsTable {
  id: Generated<string>;
  tenant_id: string;
  filename: string;
  size_bytes: number;
  sha256: string;
  page_count: number;
  text_page_count: number;
  /** What the upload could not read (documents.service.ts), one line each; empty when it read all. */
  warnings: Generated<string[]>;
  created_at: CreatedAt;
  deleted_at: Date | null;
}

export interface DocumentContentsTable {
  document_id: string;
  content: Buffer;
}

export interface DocumentLayoutsTable {
  document_id: string;
  /** DocumentLayout (src/domain/types.ts), read once by the first job that needs it. */
  layout: Json;
  created_at: CreatedAt;
}

export interface SchemasTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  json_schema: Json;
  total_fields: number;
  inline: Generated<boolean>;
  created_at: CreatedAt;
  deleted_at: Date | null;
}

export interface Database {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  documents: DocumentsTable;
  document_contents: DocumentContentsTable;
  document_layouts: DocumentLayoutsTable;
  schemas: SchemasTable;
  jobs: JobsTable;
  job_events: JobEventsTable;
}

import type { JobStatus } from '../domain/choices.ts';

export type { JobStatus };

export interface JobsTable {
  id: Generated<string>;
  tenant_id: string;
  document_id: string;
  schema_id: string;
  status: JobStatus;
  config: Json;
  webhook: Json | null;
  progress: Json;
  results: Json | null;
  metadata: Json;
  error_message: string | null;
  attempts: Generated<number>;
  /** seq of the job's newest event; the next event takes last_seq + 1 under the job's row lock. */
  last_seq: Generated<number>;
  /**
   * The job's document was deleted while this job was active, and its content is kept until the
   * last such job ends (documents/deleted-content.ts): set by the delete, cleared with the content.
   */
  holds_deleted_content: Generated<boolean>;
  created_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
  estimated_completion: Date | null;
}

export interface JobEventsTable {
  job_id: string;
  seq: number;
  type: string;
  payload: Json;
  at: ColumnType<Date, Date | undefined, never>;
}
