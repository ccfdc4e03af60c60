/**
 * The closed sets of choices the API offers, each written once with what it means: the domain
 * types, the GraphQL enums, the config checks and the CLI's choices are all built from these.
 */

/** Which model extracts: `ExtractConfig.model`. */
export const MODEL_CHOICES = {
  GEMINI_2_5_FLASH: 'Default when a Gemini API key is configured.',
  GEMINI_2_5_PRO: 'Gemini 2.5 Pro.',
  GEMINI_3_FLASH_PREVIEW: 'Gemini 3 Flash (preview).',
  GEMINI_3_PRO_PREVIEW: 'Gemini 3 Pro (preview).',
  GEMINI: 'Any Gemini model by its id in ExtractConfigInput.modelName (e.g. "gemini-3.5-flash"); without modelName, GEMINI_DEFAULT_MODEL.',
  LOCAL: 'Offline extractor that needs no API key; the default when no model is configured.',
  OPENAI_COMPATIBLE:
    'Any server speaking the OpenAI Chat Completions API (OpenAI, Ollama, vLLM, llama.cpp server), at OPENAI_BASE_URL; the model id is ExtractConfigInput.modelName.',
} as const;

/** What the result is: `ExtractConfig.extractionTarget`. */
export const TARGET_CHOICES = {
  PER_DOC: 'One object for the document.',
  PER_PAGE: 'An array: one object per page.',
  PER_TABLE_ROW: 'An array: one object per table row.',
} as const;

/** How the pages reach the model: `ExtractConfig.documentInput`. */
export const DOCUMENT_INPUT_CHOICES = {
  TEXT: 'The text layer, page by page (scanned pages, which have none, as PDF pages).',
  PDF: "The section's pages as a PDF part: layout and tables as drawn.",
  AUTO: 'PDF for pages with tables, scans or a poor text layer; text elsewhere.',
} as const;

export type ModelId = keyof typeof MODEL_CHOICES;
export type ExtractionTarget = keyof typeof TARGET_CHOICES;
export type DocumentInput = keyof typeof DOCUMENT_INPUT_CHOICES;

export const MODEL_IDS = Object.keys(MODEL_CHOICES) as ModelId[];
export const EXTRACTION_TARGETS = Object.keys(TARGET_CHOICES) as ExtractionTarget[];
export const DOCUMENT_INPUTS = Object.keys(DOCUMENT_INPUT_CHOICES) as DocumentInput[];

/** `{ VALUE: { description } }` for a GraphQL enum built from one of the sets above. */
export function enumValues<K extends string>(choices: Readonly<Record<K, string>>): Record<K, { description: string }> {
  return Object.fromEntries(Object.entries(choices).map(([value, description]) => [value, { description }])) as Record<K, { description: string }>;
}

/** A job's status; PENDING, PROCESSING and RETRYING are active, the others final. */
export const JOB_STATUSES = ['PENDING', 'PROCESSING', 'RETRYING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/**
 * Also written out in the database: the active-job limit's function (migration 20261207_0002) and
 * the partial index jobs_tenant_active it counts through (20261123_0002). A change here needs a
 * migration that replaces both; test/db/active-job-limit-function.test.ts fails until it does.
 */
export const ACTIVE_STATUSES = ['PENDING', 'PROCESSING', 'RETRYING'] as const satisfies readonly JobStatus[];
export const TERMINAL_STATUSES = ['COMPLETED', 'FAILED', 'CANCELLED'] as const satisfies readonly JobStatus[];

export function isTerminal(status: JobStatus): boolean {
  return (TERMINAL_STATUSES as readonly JobStatus[]).includes(status);
}

/** Webhook event names a job can ask for, each the status change it announces. */
export const WEBHOOK_EVENT_STATUS = {
  'job.processing': 'PROCESSING',
  'job.completed': 'COMPLETED',
  'job.failed': 'FAILED',
  'job.cancelled': 'CANCELLED',
} as const satisfies Record<string, JobStatus>;
export type WebhookEvent = keyof typeof WEBHOOK_EVENT_STATUS;
export const WEBHOOK_EVENTS = Object.keys(WEBHOOK_EVENT_STATUS) as WebhookEvent[];

/** Why a field group (subtree) failed: `SubtreeErrorEvent.errorType`. */
export const SUBTREE_ERROR_TYPES = ['MODEL_ERROR', 'RATE_LIMITED', 'TIMEOUT', 'SCHEMA_VIOLATION', 'INVALID_OUTPUT', 'ABORTED'] as const;
export type SubtreeErrorType = (typeof SUBTREE_ERROR_TYPES)[number];
