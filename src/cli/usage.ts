// Help texts, one per command. `paperjson <command> --help` prints the matching one.

const CONNECTION = `Connection (every command):
  --url URL          GraphQL endpoint (env PAPERJSON_URL or API_URL; else http://127.0.0.1:PORT/graphql
                     with PORT from the environment as for "npm start", default 4000)
  --api-key KEY      API key (env PAPERJSON_API_KEY); printed by "npm start" on its first run
  --local            run an embedded paperjson server for this one command instead: no server,
                     no key needed. It uses the same data folder as "npm start" (env DATA_DIR,
                     default ./.data), so jobs it runs show up there too.`;

export const MAIN_USAGE = `paperjson: turn PDFs into JSON that conforms to your JSON Schema.

Usage:
  paperjson extract FILE.pdf --schema schema.json [--out result.json] [options]
  paperjson schema validate schema.json
  paperjson jobs list [--status STATUS] [--first N]
  paperjson job get ID
  paperjson job cancel ID

Run "paperjson <command> --help" for the options of a command.

${CONNECTION}
`;

export const EXTRACT_USAGE = `Usage: paperjson extract FILE.pdf --schema schema.json [options]

Checks the options, uploads FILE.pdf, prints the job's plan and cost range (estimateExtraction),
starts an extraction job, shows its progress on stderr and prints the result JSON on stdout (or
writes it to --out), then the address of the job's review page. Exits 1 with the server's message
when the job fails, and 3 when it completed without some field groups (the partial JSON is still
written, then a warning naming them). When the server refuses the estimate or the start, the
uploaded document is deleted again.

  --schema FILE         JSON Schema of the result (or --schema-id ID of a saved schema)
  --schema-id ID        a schema saved with createSchema
  --out FILE            write the result JSON to FILE instead of stdout
  --json-events         print every job event as one JSON line on stdout instead of the
                        progress bar (the result is then only written with --out)
  --estimate            upload, print the plan and cost range as JSON on stdout, delete the
                        upload and stop without starting a job (no model is called)

Extraction config (see ExtractConfigInput in schema.graphql; server defaults when omitted):
  --model MODEL         LOCAL, GEMINI, GEMINI_2_5_FLASH, GEMINI_2_5_PRO, GEMINI_3_FLASH_PREVIEW,
                        GEMINI_3_PRO_PREVIEW, OPENAI_COMPATIBLE (case and -/. are folded:
                        gemini-2.5-flash works)
  --model-name ID       the provider's model id, for GEMINI (e.g. gemini-3.6-flash) and
                        OPENAI_COMPATIBLE (e.g. qwen2.5:7b-instruct)
  --document-input HOW  TEXT, PDF or AUTO: how pages reach the model (AUTO: PDF for tables,
                        scans and poor text layers)
  --target TARGET       PER_DOC, PER_PAGE or PER_TABLE_ROW
  --pages PAGES         1-based pages and ranges, e.g. "1,3-5"
  --max-pages N         extract from at most N pages
  --max-concurrent N    model requests in flight for this job (1-20)
  --attribution         wrap every value with reasoning, confidence and location
  --no-validate         do not validate model output against the schema
  --temperature T       0.0 to 2.0
  --seed N
  --no-thinking         disable model thinking
  --max-retries N       retries of unusable model output per call (outages: MODEL_RETRY_WINDOW_S)
  --instructions TEXT   additional instructions for the model
  --agentic-arrays      extract long arrays in several turns

${CONNECTION}
`;

export const SCHEMA_VALIDATE_USAGE = `Usage: paperjson schema validate schema.json [--json]

Checks a JSON Schema the way the service does, without saving it. Prints each problem with its
JSON Pointer; exits 1 when the schema is invalid (warnings alone do not fail).

  --json             print the server's answer as JSON

${CONNECTION}
`;

export const JOBS_LIST_USAGE = `Usage: paperjson jobs list [--status STATUS]... [--first N] [--after CURSOR] [--json]

Lists your jobs, newest first.

  --status STATUS    PENDING, PROCESSING, RETRYING, COMPLETED, FAILED or CANCELLED (repeatable,
                     or comma-separated)
  --first N          how many (default 20)
  --after CURSOR     the next page, from the cursor printed below the list
  --json             print the server's answer as JSON

${CONNECTION}
`;

export const JOB_GET_USAGE = `Usage: paperjson job get ID

Prints the job (status, progress, config, metadata and results) as JSON.

${CONNECTION}
`;

export const JOB_CANCEL_USAGE = `Usage: paperjson job cancel ID

Cancels a pending or running job (a finished job is left as it is) and prints its status.

${CONNECTION}
`;
