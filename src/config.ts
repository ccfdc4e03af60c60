import path from 'node:path';
import { parseOpenAiPrices } from './models/openai-prices.ts';
import type { OpenAiPrice } from './models/openai-prices.ts';
import { DEFAULT_GEMINI_MODEL_NAME, GEMINI_MODEL_NAME_PATTERN } from './models/model-ids.ts';

/**
 * Every setting of the service, read from the environment once at start, validated all at once.
 * An empty variable counts as unset, so `PORT= npm start` means "default", not "0".
 * Only the composition roots in src/bin read this module; everything else receives values.
 */
export interface Config {
  port: number;
  host: string;
  /** Unset means "start an embedded Postgres under dataDir/postgres". */
  databaseUrl: string | null;
  dataDir: string;
  bootstrapApiKey: string | null;
  geminiApiKey: string | null;
  geminiBaseUrl: string | null;
  /** An OpenAI-compatible server (Ollama, vLLM, OpenAI ...); null when none is configured. */
  openaiBaseUrl: string | null;
  openaiApiKey: string | null;
  /** The server's model id used when a job gives no modelName. */
  openaiDefaultModel: string | null;
  /** The model reads images: scanned pages are sent as PNGs instead of being skipped. */
  openaiVision: boolean;
  /** USD per 1M tokens by model id, over the built-in prices. */
  openaiPrices: Readonly<Record<string, OpenAiPrice>>;
  /** The Gemini model id used for model GEMINI when a job gives no modelName. */
  geminiDefaultModel: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Unset means "pretty when stdout is a terminal, JSON otherwise". */
  logFormat: 'pretty' | 'json' | null;
  maxUploadBytes: number;
  maxPages: number;
  /** Jobs one worker process runs at once. */
  workerConcurrency: number;
  /** Model calls in flight across all jobs of one worker process. */
  modelConcurrency: number;
  /** Default active-job limit of a new tenant. */
  maxActiveJobs: number;
  /** Whole-job attempts before a job is FAILED (a crash or an infrastructure error costs one). */
  jobRetryLimit: number;
  /** Seconds without a heartbeat after which a running job is handed to another worker. */
  jobHeartbeatSeconds: number;
  maxQueryDepth: number;
  maxQueryTokens: number;
  /** Largest non-upload request body (JSON GraphQL requests). */
  maxRequestBytes: number;
  schemaMaxDepth: number;
  schemaMaxProperties: number;
  schemaMaxEnumSize: number;
  graphiql: boolean;
  /** Seconds the model call may take before it is abandoned and retried. */
  modelTimeoutSeconds: number;
  /** Seconds a model call keeps retrying rate limits, overload, 5xx and timeouts. */
  modelRetryWindowSeconds: number;
  /** On SIGTERM, seconds running jobs get to finish before they are handed back to the queue. */
  shutdownGraceSeconds: number;
  /** Webhooks may reach loopback, private and link-local addresses (refused by default). */
  webhookAllowPrivate: boolean;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = (name: string): string | null => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? null : value.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw)) {
      problems.push(`${name} must be a whole number, got "${raw}"`);
      return fallback;
    }
    const value = Number(raw);
    if (value < min || value > max) {
      problems.push(`${name} must be between ${min} and ${max}, got ${value}`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = read(name);
    if (raw === null) return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };
  // A Gemini model id as the REST path takes it (models/{id}:generateContent).
  const geminiModelId = (name: string, raw: string | null, fallback: string): string => {
    if (raw === null) return fallback;
    const id = raw.replace(/^models\//, '');
    if (!GEMINI_MODEL_NAME_PATTERN.test(id)) {
      problems.push(`${name} must be a Gemini model id such as "gemini-3.6-flash", got "${raw}"`);
      return fallback;
    }
    return id;
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = read(name);
    if (raw === null) return null;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must be a ${protocols.join(' or ')} URL, got protocol "${parsed.protocol}"`);
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };

  const logLevel = read('LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const logFormat = read('LOG_FORMAT');
  if (logFormat !== null && logFormat !== 'pretty' && logFormat !== 'json') {
    problems.push(`LOG_FORMAT must be pretty or json, got "${logFormat}"`);
  }
  const bootstrapApiKey = read('BOOTSTRAP_API_KEY');
  if (bootstrapApiKey !== null && bootstrapApiKey.length < 16) {
    problems.push('BOOTSTRAP_API_KEY must be at least 16 characters long');
  }

  const openaiPrices = parseOpenAiPrices(read('OPENAI_PRICES') ?? '{}');
  problems.push(...openaiPrices.problems);
  const openaiBaseUrl = url('OPENAI_BASE_URL', ['http:', 'https:']);
  const openaiApiKey = read('OPENAI_API_KEY');
  const openaiDefaultModel = read('OPENAI_DEFAULT_MODEL');
  if (openaiBaseUrl === null && (openaiApiKey !== null || openaiDefaultModel !== null)) {
    problems.push('OPENAI_API_KEY / OPENAI_DEFAULT_MODEL need OPENAI_BASE_URL (e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1)');
  }

  const config: Config = {
    port: int('PORT', 4000, 0, 65535),
    host: read('HOST') ?? '127.0.0.1',
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: path.resolve(read('DATA_DIR') ?? './.data'),
    bootstrapApiKey,
    geminiApiKey: read('GEMINI_API_KEY') ?? read('GOOGLE_API_KEY'),
    geminiBaseUrl: url('GEMINI_BASE_URL', ['http:', 'https:']),
    openaiBaseUrl,
    openaiApiKey,
    openaiDefaultModel,
    openaiVision: bool('OPENAI_VISION', false),
    openaiPrices: Object.freeze(openaiPrices.prices),
    geminiDefaultModel: geminiModelId('GEMINI_DEFAULT_MODEL', read('GEMINI_DEFAULT_MODEL'), DEFAULT_GEMINI_MODEL_NAME),
    logLevel: logLevel as Config['logLevel'],
    logFormat: logFormat === 'pretty' || logFormat === 'json' ? logFormat : null,
    maxUploadBytes: int('MAX_UPLOAD_BYTES', 50 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
    maxPages: int('MAX_PAGES', 2000, 1, 100_000),
    workerConcurrency: int('WORKER_CONCURRENCY', 2, 1, 64),
    modelConcurrency: int('MODEL_CONCURRENCY', 16, 1, 256),
    maxActiveJobs: int('MAX_ACTIVE_JOBS', 5, 1, 10_000),
    jobRetryLimit: int('JOB_RETRY_LIMIT', 3, 0, 20),
    jobHeartbeatSeconds: int('JOB_HEARTBEAT_SECONDS', 20, 10, 3600),
    maxQueryDepth: int('MAX_QUERY_DEPTH', 12, 2, 100),
    maxQueryTokens: int('MAX_QUERY_TOKENS', 2000, 100, 100_000),
    // 1 MiB: a schema within the schema limits is far smaller; parsing 20 bodies of 5 MiB at once
    // (and collecting them) stalled every other request of the API process for seconds.
    maxRequestBytes: int('MAX_REQUEST_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    schemaMaxDepth: int('SCHEMA_MAX_DEPTH', 10, 1, 100),
    schemaMaxProperties: int('SCHEMA_MAX_PROPERTIES', 500, 1, 100_000),
    schemaMaxEnumSize: int('SCHEMA_MAX_ENUM_SIZE', 1000, 1, 100_000),
    graphiql: bool('GRAPHIQL', true),
    modelTimeoutSeconds: int('MODEL_TIMEOUT_SECONDS', 120, 1, 3600),
    modelRetryWindowSeconds: int('MODEL_RETRY_WINDOW_S', 180, 0, 3600),
    shutdownGraceSeconds: int('SHUTDOWN_GRACE_SECONDS', 20, 0, 3600),
    webhookAllowPrivate: bool('WEBHOOK_ALLOW_PRIVATE', false),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** The table printed by the README; kept beside the parser so the two cannot drift apart. */
export const CONFIG_DOCS: ReadonlyArray<readonly [name: string, fallback: string, meaning: string]> = [
  ['PORT', '4000', 'HTTP port of the API (0 picks a free port)'],
  ['HOST', '127.0.0.1', 'Interface the API listens on (0.0.0.0 in containers)'],
  ['DATABASE_URL', '(unset)', 'Postgres to use; when unset an embedded Postgres runs under DATA_DIR/postgres'],
  ['DATA_DIR', './.data', 'Folder for the embedded Postgres data'],
  ['BOOTSTRAP_API_KEY', '(random)', 'API key of the first tenant, created on first start with an empty database'],
  ['GEMINI_API_KEY / GOOGLE_API_KEY', '(unset)', 'Enables the Gemini models; without it the LOCAL extractor is the default'],
  ['GEMINI_BASE_URL', '(Google)', 'Alternative Gemini endpoint (a proxy, or a local stand-in for tests)'],
  ['GEMINI_DEFAULT_MODEL', 'gemini-3.6-flash', 'Gemini model id used for model GEMINI when a job gives no modelName'],
  ['OPENAI_BASE_URL', '(unset)', 'An OpenAI-compatible server (Ollama, vLLM, llama.cpp, OpenAI) for model OPENAI_COMPATIBLE, e.g. http://127.0.0.1:11434/v1'],
  ['OPENAI_API_KEY', '(unset)', 'Key for OPENAI_BASE_URL; local servers need none'],
  ['OPENAI_DEFAULT_MODEL', '(unset)', 'The server\'s model id used when a job gives no modelName, e.g. qwen2.5:7b-instruct'],
  ['OPENAI_VISION', 'false', 'The model reads images: scanned pages are sent as page images instead of being skipped with a warning'],
  ['OPENAI_PRICES', '(built in)', 'JSON map of model id to {"input","cachedInput","output"} USD per 1M tokens; self-hosted servers cost 0'],
  ['LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent (each HTTP request is logged at debug)'],
  ['LOG_FORMAT', '(auto)', 'pretty (readable lines) or json (one object per line); unset: pretty when stdout is a terminal, JSON otherwise'],
  ['MAX_UPLOAD_BYTES', '52428800', 'Largest accepted PDF (PAYLOAD_TOO_LARGE above)'],
  ['MAX_PAGES', '2000', 'Most pages an uploaded PDF may have'],
  ['WORKER_CONCURRENCY', '2', 'Jobs one worker process runs at once'],
  ['MODEL_CONCURRENCY', '16', 'Model calls in flight across all jobs of one worker process'],
  ['MAX_ACTIVE_JOBS', '5', 'Default limit of PENDING/PROCESSING/RETRYING jobs per tenant'],
  ['JOB_RETRY_LIMIT', '3', 'Retries of a whole job after a crash or infrastructure failure'],
  ['JOB_HEARTBEAT_SECONDS', '20', 'A running job without a heartbeat for this long is handed to another worker'],
  ['MODEL_TIMEOUT_SECONDS', '120', 'Per-call timeout of a model request'],
  ['MODEL_RETRY_WINDOW_S', '180', 'How long a model call retries rate limits (429), overload and other 5xx, and timeouts before its field group fails (it then gets one more round after the others)'],
  ['SHUTDOWN_GRACE_SECONDS', '20', 'On SIGTERM, how long running jobs may finish before they are handed back to the queue'],
  ['MAX_QUERY_DEPTH', '12', 'Deepest GraphQL selection accepted'],
  ['MAX_QUERY_TOKENS', '2000', 'Most tokens in one GraphQL document'],
  ['MAX_REQUEST_BYTES', '1048576', 'Largest JSON request body'],
  ['SCHEMA_MAX_DEPTH', '10', 'Deepest nesting accepted in a JSON Schema'],
  ['SCHEMA_MAX_PROPERTIES', '500', 'Most properties accepted in a JSON Schema'],
  ['SCHEMA_MAX_ENUM_SIZE', '1000', 'Largest enum accepted in a JSON Schema'],
  ['GRAPHIQL', 'true', 'Serve GraphiQL at /graphql to browsers'],
  ['WEBHOOK_ALLOW_PRIVATE', 'false', 'Let webhooks reach loopback, private, link-local and metadata addresses (refused by default)'],
];
