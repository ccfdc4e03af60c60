/**
 * The one place a process's parts are put together (the wiring point the entry points share):
 * src/bin/api.ts, worker.ts and all-in-one.ts, the CLI's embedded server (src/cli) and the
 * end-to-end tests and benches all start the service through `startService`, so a test runs the
 * same start and shutdown order as a deployment. The entry points read the config and make the
 * logger; this module only turns a validated Config into running parts, and owns the order in
 * which they are stopped again.
 */
import type { PgBoss } from 'pg-boss';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { RunningHttpServer } from '../api/http-server.ts';
import { createJobEventBus, type JobEventBus } from '../events/job-event-bus.ts';
import { BOSS_SCHEMA, createBoss } from '../queue/create-boss.ts';
import { ensureFirstKey, firstKeyLogLine } from '../tenants/first-key.ts';
import type { RunningWorker } from '../worker/start-worker.ts';
import type { ProviderSettings } from './create-provider.ts';
import { openDatabase, type OpenDatabase } from './open-database.ts';
import { assertPortFree, portInUseMessage, StartupError } from './startup-error.ts';
import { warmPoolConnections } from './warm-connections.ts';

export interface Service {
  database: OpenDatabase;
  http: RunningHttpServer | null;
  worker: RunningWorker | null;
  /** Set when this start created the first tenant (only a process running the API does). */
  bootstrapKey: string | null;
  stop(): Promise<void>;
}

/**
 * Starts the parts of the service one process runs: the API, the worker, or both. Each part's
 * modules are imported only by a process that runs it (a worker process never loads GraphQL, Yoga
 * and the schema; an API process never loads the pipeline and the model SDKs): what a process has
 * imported stays in its memory for its whole life. Shutdown runs
 * in reverse: stop accepting requests, let running jobs finish or hand them back, then close
 * the queue, the event bus, the pool and finally the embedded Postgres.
 */
export async function startService(config: Config, logger: Logger, roles: { api: boolean; worker: boolean }): Promise<Service> {
  if (roles.api) await assertPortFree(config.port, config.host);
  const database = await openDatabase(
    { databaseUrl: config.databaseUrl, dataDir: config.dataDir, queryTimeoutMs: config.databaseQueryTimeoutSeconds * 1000, adoptOrphan: true, keepConnectionsOpen: true },
    logger,
  );
  let boss: PgBoss | null = null;
  let bus: JobEventBus | null = null;
  let http: RunningHttpServer | null = null;
  let worker: RunningWorker | null = null;
  // One log line per step, so an operator sees where a slow or stuck shutdown is.
  const stop = async () => {
    if (http) {
      await http.close().catch((e) => logger.warn({ err: e }, 'closing HTTP failed'));
      logger.info('API stopped');
    }
    if (worker) {
      await worker.stop(config.shutdownGraceSeconds * 1000).catch((e) => logger.warn({ err: e }, 'stopping worker failed'));
      logger.info('worker stopped');
    }
    if (boss) {
      await boss.stop({ graceful: false, close: true, timeout: 5000 }).catch((e) => logger.warn({ err: e }, 'stopping the queue failed'));
      // pg-boss's stop can resolve with idle connections of its pool still open (seen when the
      // stop follows the start within a second: the workers' first fetch connections stay).
      // Nothing uses them any more; when Postgres ends them, that is no error worth a log line.
      // A listener must stay: an 'error' event without one would crash the process.
      boss.removeAllListeners('error');
      boss.on('error', (e) => logger.debug({ err: e }, 'queue connection ended after stop'));
    }
    await bus?.close();
    await database.shutdown();
  };
  try {
    boss = await createBoss({
      connectionString: database.url,
      logger,
      jobRetryLimit: config.jobRetryLimit,
      jobRetryDelayMaxSeconds: config.jobRetryDelayMaxSeconds,
      heartbeatSeconds: config.jobHeartbeatSeconds,
      listens: roles.worker,
    });
    bus = await createJobEventBus(database.url, logger);
    // After createBoss, so that the queue's tables (a start and a claim write them) exist to be warmed.
    await warmPoolConnections(database.pool, { connections: database.pool.options.max, queueSchema: BOSS_SCHEMA }, logger);
    let bootstrapKey: string | null = null;
    if (roles.api) {
      // Only where requests are answered, and a random key only where it is shown at once: a
      // process running the worker too is `npm start` or the CLI's --local, which print it
      // (first-key.ts). A worker alone makes no tenant and no key.
      const outcome = await ensureFirstKey(database.db, { apiKey: config.bootstrapApiKey, randomWhenUnset: roles.worker, maxActiveJobs: config.maxActiveJobs });
      const line = firstKeyLogLine(outcome, roles.worker);
      if (line) logger[line.level](line.message);
      if (outcome.kind === 'created') bootstrapKey = outcome.apiKey;
    }

    if (roles.worker) {
      const [{ startWorker }, { providerFactory }, { createAdaptiveLimiter }] = await Promise.all([
        import('../worker/start-worker.ts'),
        import('./create-provider.ts'),
        import('../models/limiter.ts'),
      ]);
      worker = await startWorker({
        db: database.db,
        boss,
        connectionString: database.url,
        bus,
        logger: logger.child({ role: 'worker' }),
        concurrency: config.workerConcurrency,
        jobRetryLimit: config.jobRetryLimit,
        webhookAllowPrivate: config.webhookAllowPrivate,
        sendsPdfPages: config.geminiApiKey !== null,
        createProvider: await providerFactory({
          geminiApiKey: config.geminiApiKey,
          geminiBaseUrl: config.geminiBaseUrl,
          openai: openAiSettings(config),
          modelTimeoutSeconds: config.modelTimeoutSeconds,
          modelRetryWindowSeconds: config.modelRetryWindowSeconds,
          processLimiter: createAdaptiveLimiter(config.modelConcurrency),
          log: logger.child({ role: 'worker' }),
        }),
      });
    }
    if (roles.api) {
      const [{ createApi }, { listenHttp }, { createJobsService }] = await Promise.all([
        import('../api/create-api.ts'),
        import('../api/http-server.ts'),
        import('../jobs/jobs.service.ts'),
      ]);
      const readyBoss = boss;
      const api = createApi({
        db: database.db,
        logger: logger.child({ role: 'api' }),
        graphiql: config.graphiql,
        openaiCompatible: config.openaiBaseUrl !== null,
        limits: {
          maxUploadBytes: config.maxUploadBytes,
          maxPages: config.maxPages,
          uploadReaderMemoryMb: config.uploadReaderMemoryMb,
          maxWaitingUploads: config.maxWaitingUploads,
          maxQueryDepth: config.maxQueryDepth,
          maxQueryTokens: config.maxQueryTokens,
          maxRequestBytes: config.maxRequestBytes,
          schema: { maxDepth: config.schemaMaxDepth, maxProperties: config.schemaMaxProperties, maxEnumSize: config.schemaMaxEnumSize },
        },
        jobs: createJobsService({
          db: database.db,
          boss,
          bus,
          geminiConfigured: config.geminiApiKey !== null,
          geminiDefaultModel: config.geminiDefaultModel,
          openaiConfigured: config.openaiBaseUrl !== null,
          openaiDefaultModel: config.openaiDefaultModel,
          ...(config.openaiBaseUrl !== null && { openaiPricing: { baseUrl: config.openaiBaseUrl, configured: config.openaiPrices } }),
          schemaLimits: { maxDepth: config.schemaMaxDepth, maxProperties: config.schemaMaxProperties, maxEnumSize: config.schemaMaxEnumSize },
          webhookAllowPrivate: config.webhookAllowPrivate,
          logger,
        }),
        isReady: async () => {
          try {
            await database.pool.query('select 1');
            await readyBoss.getQueue('extraction');
            return true;
          } catch {
            return false;
          }
        },
      });
      http = await listenHttp(api, { port: config.port, host: config.host, db: database.db, logger, drainMs: config.shutdownRequestGraceSeconds * 1000 }).catch((error: NodeJS.ErrnoException) => {
        // Taken between the check above and now (e.g. by a second `npm start`).
        throw error.code === 'EADDRINUSE' ? new StartupError(portInUseMessage(config.port, config.host)) : error;
      });
    }
    return { database, http, worker, bootstrapKey, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

export function openAiSettings(config: Config): NonNullable<ProviderSettings['openai']> {
  return {
    baseUrl: config.openaiBaseUrl,
    apiKey: config.openaiApiKey,
    defaultModel: config.openaiDefaultModel,
    vision: config.openaiVision,
    prices: config.openaiPrices,
  };
}
