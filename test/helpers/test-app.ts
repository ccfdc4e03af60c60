import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { startService, type Service } from '../../src/runtime/start-service.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown } }>;
}

export interface TestApp {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** The first tenant's key. */
  apiKey: string;
  database: TestDatabase;
  service: Service;
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: { key?: string | null }): Promise<GraphQLResponse<T>>;
  upload<T = any>(file: { bytes: Uint8Array; name: string } | string, options?: { key?: string }): Promise<GraphQLResponse<T>>;
  /** A graphql-ws client authenticated with `key` (the first tenant's by default). */
  ws(key?: string | null): Client;
  newTenant(name?: string, maxActiveJobs?: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The real service (API and/or worker) on a fresh database of the test run's Postgres, on a free
 * port, configured only through environment variables like a deployment.
 */
export async function startTestApp(
  options: { env?: Record<string, string>; api?: boolean; worker?: boolean; database?: TestDatabase; /** To read what the service logs. */ logger?: Logger } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const apiKey = `pj_test_${randomBytes(12).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    BOOTSTRAP_API_KEY: apiKey,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const logger = options.logger ?? createLogger(config.logLevel, 'test');
  const service = await startService(config, logger, { api: options.api ?? true, worker: options.worker ?? true });
  const base = service.http ? service.http.url : '';
  const url = `${base}/graphql`;
  const clients: Client[] = [];

  const gql: TestApp['gql'] = async (query, variables, opts = {}) => {
    const key = opts.key === undefined ? apiKey : opts.key;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
    return { status: response.status, ...body };
  };

  return {
    url,
    apiKey,
    database,
    service,
    gql,
    async upload(file, opts = {}) {
      const { bytes, name } = typeof file === 'string' ? { bytes: readFileSync(file), name: file.split('/').pop()! } : file;
      const form = new FormData();
      form.set(
        'operations',
        JSON.stringify({
          query: 'mutation($file: File!) { uploadDocument(file: $file) { id filename sizeBytes sha256 pageCount textPageCount warnings createdAt } }',
          variables: { file: null },
        }),
      );
      form.set('map', JSON.stringify({ 0: ['variables.file'] }));
      form.set('0', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), name);
      const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${opts.key ?? apiKey}` }, body: form });
      return { status: response.status, ...((await response.json()) as object) };
    },
    ws(key) {
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: key === null ? {} : { authorization: `Bearer ${key ?? apiKey}` },
        retryAttempts: 0,
        lazy: true,
      });
      clients.push(client);
      return client;
    },
    async newTenant(name = `tenant-${randomBytes(4).toString('hex')}`, maxActiveJobs = 5) {
      return (await createTenant(database.db, { name, maxActiveJobs })).apiKey;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.dispose()));
      await service.stop();
      if (!options.database) await database.close();
    },
  };
}

/** Collects every event of a subscription until it completes (or fails). */
export function subscribeAll<T = any>(client: Client, query: string, variables: Record<string, unknown>): Promise<{ events: T[]; errors: unknown[] }> {
  return new Promise((resolve) => {
    const events: T[] = [];
    const errors: unknown[] = [];
    client.subscribe<T>(
      { query, variables },
      {
        next: (message) => {
          if (message.errors) errors.push(...message.errors);
          if (message.data) events.push(message.data as T);
        },
        error: (error) => {
          errors.push(error);
          resolve({ events, errors });
        },
        complete: () => resolve({ events, errors }),
      },
    );
  });
}
