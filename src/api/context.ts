import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { Tenant } from '../tenants/api-keys.ts';
import type { SchemaLimits } from '../schemas/check-schema.ts';
import type { JobsApi } from '../jobs/jobs-api.ts';

/** What the API process needs from the rest of the service; built once by the composition root. */
export interface ApiDeps {
  db: Kysely<Database>;
  logger: Logger;
  limits: {
    maxUploadBytes: number;
    maxPages: number;
    /** Heap bound of an upload's reader child (documents.service.ts). */
    uploadReaderMemoryMb: number;
    /** Uploads that may wait for a PDF reader at once (reading-slots.ts). */
    maxWaitingUploads: number;
    maxQueryDepth: number;
    maxQueryTokens: number;
    maxRequestBytes: number;
    schema: SchemaLimits;
  };
  graphiql: boolean;
  /** An OpenAI-compatible server is configured: validateSchema also warns about its strict-mode limits. */
  openaiCompatible?: boolean;
  jobs: JobsApi;
  /** Answers whether the database and the queue can be reached (for GET /ready). */
  isReady(): Promise<boolean>;
}

/** Per-request context: every resolver acts for exactly one tenant. */
export interface ApiContext {
  tenant: Tenant;
  deps: ApiDeps;
  logger: Logger;
  /**
   * The HTTP request (yoga puts it in every HTTP request's context; a graphql-ws subscription has
   * none, and uploads cannot come over it); its signal aborts when the client closes the
   * connection, so work still waiting for a resource can be dropped (an upload, reading-slots.ts).
   */
  request?: Request;
}
