/**
 * Every setting of the service, one entry each: the environment variable, the kind of value it
 * takes, its default, which process reads it, whether it is a secret, and what it means. The
 * `Config` type, `loadConfig`, the README's table (`npm run docs:config`) and the `--help` of
 * `npm start`, `start:api` and `start:worker` all come from this table; a test fails when the
 * README is stale.
 *
 * Defaults are written as they would be in the environment and go through the same parser as a
 * set value. The order of the entries is the order of the README table.
 */
import { parseOpenAiPrices, type OpenAiPrice } from '../models/openai-prices.ts';
import { DEFAULT_GEMINI_MODEL_NAME, GEMINI_MODEL_NAME_PATTERN } from '../models/model-ids.ts';
import { bool, custom, folder, int, oneOf, text, url, type SettingKind } from './setting-kinds.ts';

/** The processes that read a setting: the API, the worker, or both (`npm start` runs both). */
export type SettingUser = 'api' | 'worker' | 'all';

export interface Setting<T, D extends string | null> {
  env: string;
  /** Read, in order, when `env` is unset. */
  also?: readonly string[];
  kind: SettingKind<T>;
  /** As it would be written in the environment; null: unset (the value is null). */
  default: D;
  /** Shown as the default instead, where the default is not a plain value. */
  shownDefault?: string;
  usedBy: SettingUser;
  /** Keys and credentials, marked as such in the docs (no kind echoes them in a problem; a test checks). */
  secret?: boolean;
  /** Markdown; `code` is shown as plain text by --help. */
  description: string;
}

/** The value a setting gives: nullable exactly when it has no default. */
export type SettingValue<S> = S extends Setting<infer T, infer D> ? ([D] extends [null] ? T | null : T) : never;

function setting<T, const D extends string | null>(entry: Setting<T, D>): Setting<T, D> {
  return entry;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['pretty', 'json'] as const;
const HTTP = ['http:', 'https:'];

// A Gemini model id as the REST path takes it (models/{id}:generateContent).
const geminiModelId = custom('Gemini model id', (raw, name) => {
  const id = raw.replace(/^models\//, '');
  if (GEMINI_MODEL_NAME_PATTERN.test(id)) return { ok: true, value: id };
  return { ok: false, problems: [`${name} must be a Gemini model id such as "${DEFAULT_GEMINI_MODEL_NAME}", got "${raw}"`] };
});

const openAiPrices = custom<Readonly<Record<string, OpenAiPrice>>>('JSON object', (raw) => {
  const { prices, problems } = parseOpenAiPrices(raw);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: Object.freeze(prices) };
});

export const SETTINGS = {
  port: setting({ env: 'PORT', kind: int(0, 65535), default: '4000', usedBy: 'api', description: 'HTTP port of the API (0 picks a free port)' }),
  host: setting({ env: 'HOST', kind: text(), default: '127.0.0.1', usedBy: 'api', description: 'Interface the API listens on (0.0.0.0 in containers)' }),
  databaseUrl: setting({
    env: 'DATABASE_URL',
    kind: url(['postgres:', 'postgresql:']),
    default: null,
    usedBy: 'all',
    secret: true,
    description: 'Postgres to use; when unset an embedded Postgres runs under `DATA_DIR/postgres`',
  }),
  databaseQueryTimeoutSeconds: setting({
    env: 'DATABASE_QUERY_TIMEOUT_SECONDS',
    kind: int(1, 3600),
    default: '10',
    usedBy: 'all',
    description:
      'A database statement without an answer for this long fails and its connection is dropped, as a lost connection is (a connection gone half-open, without a reset); the insert and the read of a document of 1 MB or more are allowed 1 s more per MB sent and 2 s per MB read (in steps of 10 s); migrations at start-up are not bounded by it',
  }),
  dataDir: setting({ env: 'DATA_DIR', kind: folder(), default: './.data', usedBy: 'all', description: 'Folder for the embedded Postgres data' }),
  bootstrapApiKey: setting({
    env: 'BOOTSTRAP_API_KEY',
    kind: text({ minLength: 16 }),
    default: null,
    shownDefault: '(none; random under npm start)',
    usedBy: 'api',
    secret: true,
    description:
      'API key of the first tenant "default", created by the first API start on a database without tenants (workers never create one); an API alone without it creates no key and logs how to make one; on a database that already has tenants it is not added (a warning says it is ignored)',
  }),
  geminiApiKey: setting({
    env: 'GEMINI_API_KEY',
    also: ['GOOGLE_API_KEY'],
    kind: text(),
    default: null,
    usedBy: 'all',
    secret: true,
    description: 'Enables the Gemini models; without it LOCAL is the default model',
  }),
  geminiBaseUrl: setting({
    env: 'GEMINI_BASE_URL',
    kind: url(HTTP),
    default: null,
    shownDefault: '(Google)',
    usedBy: 'worker',
    description: 'Alternative Gemini endpoint (a proxy, or a local stand-in in tests)',
  }),
  geminiDefaultModel: setting({
    env: 'GEMINI_DEFAULT_MODEL',
    kind: geminiModelId,
    default: DEFAULT_GEMINI_MODEL_NAME,
    usedBy: 'api',
    description: 'Gemini model id used for model GEMINI when a job gives no modelName',
  }),
  openaiBaseUrl: setting({
    env: 'OPENAI_BASE_URL',
    kind: url(HTTP),
    default: null,
    usedBy: 'all',
    description: 'An OpenAI-compatible server (Ollama, vLLM, llama.cpp, OpenAI) for model `OPENAI_COMPATIBLE`, e.g. `http://127.0.0.1:11434/v1`',
  }),
  openaiApiKey: setting({
    env: 'OPENAI_API_KEY',
    kind: text(),
    default: null,
    usedBy: 'worker',
    secret: true,
    description: 'Key for `OPENAI_BASE_URL`; local servers need none',
  }),
  openaiDefaultModel: setting({
    env: 'OPENAI_DEFAULT_MODEL',
    kind: text(),
    default: null,
    usedBy: 'all',
    description: "The server's model id used when a job gives no `modelName`, e.g. `qwen2.5:7b-instruct`",
  }),
  openaiVision: setting({
    env: 'OPENAI_VISION',
    kind: bool(),
    default: 'false',
    usedBy: 'worker',
    description: 'The model reads images: scanned pages are sent as page images instead of being skipped with a warning',
  }),
  openaiPrices: setting({
    env: 'OPENAI_PRICES',
    kind: openAiPrices,
    default: '{}',
    shownDefault: '(built in)',
    usedBy: 'all',
    description: 'Map of model id to `{"input","cachedInput","output"}` USD per 1M tokens, over the built-in prices; self-hosted servers cost 0',
  }),
  logLevel: setting({
    env: 'LOG_LEVEL',
    kind: oneOf(LOG_LEVELS),
    default: 'info',
    usedBy: 'all',
    description: 'Least severe level logged (each HTTP request is logged at debug)',
  }),
  logFormat: setting({
    env: 'LOG_FORMAT',
    kind: oneOf(LOG_FORMATS),
    default: null,
    shownDefault: '(auto)',
    usedBy: 'all',
    description: '`pretty` (readable lines) or `json` (one object per line); unset: pretty when stdout is a terminal, JSON otherwise',
  }),
  maxUploadBytes: setting({
    env: 'MAX_UPLOAD_BYTES',
    // At most 256 MiB: a job reads its document back from Postgres in one value, which arrives as
    // one string (base64, 4/3 of the document; V8's strings end at ~512 M characters) and takes
    // 4-6 times the document in memory while it is read (documents.repository.ts).
    kind: int(1024, 256 * 1024 * 1024),
    default: '52428800', // 50 MiB
    usedBy: 'api',
    description: 'Largest accepted PDF (PAYLOAD_TOO_LARGE above), at most 256 MiB. Uploads are received to unlinked temporary files under the OS temporary folder (TMPDIR), which needs room for those in progress',
  }),
  maxWaitingUploads: setting({
    env: 'MAX_WAITING_UPLOADS',
    kind: int(0, 1000),
    default: '8',
    usedBy: 'api',
    description:
      'Uploads that may wait at once for a PDF reader (two read at a time), each holding its file in TMPDIR (in memory if TMPDIR is a tmpfs); one tenant may fill half of them (at least one) and the readers go to the tenants in turn; past this an upload is refused with BAD_USER_INPUT (extensions.retryable), and an upload whose client disconnects leaves the queue unread. As many again may wait, once read, for their turn to be stored (one at a time); past that the next is refused the same way',
  }),
  maxPages: setting({ env: 'MAX_PAGES', kind: int(1, 100_000), default: '2000', usedBy: 'api', description: 'Most pages an uploaded PDF may have' }),
  uploadReaderMemoryMb: setting({
    env: 'UPLOAD_READER_MEMORY_MB',
    // Counting the text pages of 2,000 pages stays near 150 MB of heap. Under 64 MB a reader
    // child has too little room beside pdf.js itself to read an ordinary document.
    kind: int(64, 4096),
    default: '256',
    usedBy: 'api',
    description:
      "Heap bound in MB of the child process that reads an upload (its pages, which hold text, and the layout of a document of at most 20 pages); an upload that needs more to count its pages is refused (UNPROCESSABLE, reason TOO_COMPLEX), and one whose layout alone does not fit is accepted without it (its first job reads the layout). The child may use up to 256 MB beyond this for Node, pdf.js and buffers before it is stopped",
  }),
  workerConcurrency: setting({ env: 'WORKER_CONCURRENCY', kind: int(1, 64), default: '2', usedBy: 'worker', description: 'Jobs one worker process runs at once' }),
  modelConcurrency: setting({
    env: 'MODEL_CONCURRENCY',
    kind: int(1, 256),
    default: '16',
    usedBy: 'worker',
    description: 'Model calls in flight across all jobs of one worker process',
  }),
  maxActiveJobs: setting({
    env: 'MAX_ACTIVE_JOBS',
    kind: int(1, 10_000),
    default: '5',
    usedBy: 'all',
    description: 'Default limit of PENDING/PROCESSING/RETRYING jobs of a new tenant',
  }),
  jobRetryLimit: setting({
    env: 'JOB_RETRY_LIMIT',
    kind: int(0, 20),
    default: '3',
    usedBy: 'all',
    description: "Retries of a whole job after a crash or infrastructure failure (a hand-back at a worker's stop spends none)",
  }),
  jobRetryDelayMaxSeconds: setting({
    env: 'JOB_RETRY_DELAY_MAX_SECONDS',
    kind: int(1, 3600),
    default: '60',
    usedBy: 'all',
    description: 'Longest wait before a whole-job retry; the wait starts at 1 s and doubles with each retry up to this',
  }),
  jobHeartbeatSeconds: setting({
    env: 'JOB_HEARTBEAT_SECONDS',
    kind: int(10, 3600),
    default: '20',
    usedBy: 'all',
    description:
      'A running job without a heartbeat for this long is handed to another worker: the backstop for a worker Postgres still sees as connected (a dead worker process is noticed within seconds by its claim lease)',
  }),
  modelTimeoutSeconds: setting({
    env: 'MODEL_TIMEOUT_SECONDS',
    kind: int(1, 3600),
    default: '120',
    usedBy: 'worker',
    description: 'Per-call timeout of a model request (the call is abandoned and retried)',
  }),
  modelRetryWindowSeconds: setting({
    env: 'MODEL_RETRY_WINDOW_S',
    kind: int(0, 3600),
    default: '180',
    usedBy: 'worker',
    description:
      'How long a model call retries rate limits (429), overload and other 5xx, and timeouts before its field group fails (it then gets one more round after the others)',
  }),
  shutdownGraceSeconds: setting({
    env: 'SHUTDOWN_GRACE_SECONDS',
    kind: int(0, 3600),
    default: '20',
    usedBy: 'worker',
    description: 'On SIGTERM, how long running jobs may finish before they are handed back to the queue',
  }),
  shutdownRequestGraceSeconds: setting({
    env: 'SHUTDOWN_REQUEST_GRACE_SECONDS',
    kind: int(0, 3600),
    default: '10',
    usedBy: 'api',
    description:
      'On SIGTERM, how long requests in flight (an upload being received or read, an estimate) may finish before their connections are cut; the API takes no new request meanwhile, and subscriptions end at once',
  }),
  maxQueryDepth: setting({ env: 'MAX_QUERY_DEPTH', kind: int(2, 100), default: '12', usedBy: 'api', description: 'Deepest GraphQL selection accepted' }),
  maxQueryTokens: setting({ env: 'MAX_QUERY_TOKENS', kind: int(100, 100_000), default: '2000', usedBy: 'api', description: 'Most tokens in one GraphQL document' }),
  // 1 MiB: a schema within the schema limits is far smaller; parsing 20 bodies of 5 MiB at once
  // (and collecting them) stalled every other request of the API process for seconds.
  maxRequestBytes: setting({
    env: 'MAX_REQUEST_BYTES',
    kind: int(1024, 1024 * 1024 * 1024),
    default: '1048576',
    usedBy: 'api',
    description: 'Largest JSON request body',
  }),
  schemaMaxDepth: setting({ env: 'SCHEMA_MAX_DEPTH', kind: int(1, 100), default: '10', usedBy: 'api', description: 'Deepest nesting accepted in a JSON Schema' }),
  schemaMaxProperties: setting({
    env: 'SCHEMA_MAX_PROPERTIES',
    kind: int(1, 100_000),
    default: '500',
    usedBy: 'api',
    description: 'Most properties accepted in a JSON Schema',
  }),
  schemaMaxEnumSize: setting({
    env: 'SCHEMA_MAX_ENUM_SIZE',
    kind: int(1, 100_000),
    default: '1000',
    usedBy: 'api',
    description: 'Largest enum accepted in a JSON Schema',
  }),
  graphiql: setting({ env: 'GRAPHIQL', kind: bool(), default: 'true', usedBy: 'api', description: 'Serve GraphiQL at /graphql to browsers' }),
  webhookAllowPrivate: setting({
    env: 'WEBHOOK_ALLOW_PRIVATE',
    kind: bool(),
    default: 'false',
    usedBy: 'all',
    description:
      'Let webhooks reach loopback, private, link-local and metadata addresses (by default a start naming one, or localhost, is refused with BAD_USER_INPUT, and a delivery to a name that resolves to one is refused and reported in the job\'s metadata.warnings)',
  }),
} as const;

export type ConfigKey = keyof typeof SETTINGS;

/** Problems that concern several settings together; each returns null when all is well. */
export const CROSS_CHECKS: ReadonlyArray<(config: { readonly [K in ConfigKey]: SettingValue<(typeof SETTINGS)[K]> }) => string | null> = [
  (config) =>
    config.openaiBaseUrl === null && (config.openaiApiKey !== null || config.openaiDefaultModel !== null)
      ? 'OPENAI_API_KEY / OPENAI_DEFAULT_MODEL need OPENAI_BASE_URL (e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1)'
      : null,
];
