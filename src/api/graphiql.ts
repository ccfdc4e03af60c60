import { Worker } from 'node:worker_threads';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * Stands in for the key when the page was opened without `?apiKey=`. Plain words, not a
 * plausible key, so a request sent with it fails with an UNAUTHENTICATED message that makes sense.
 */
export const API_KEY_PLACEHOLDER = 'PASTE-YOUR-API-KEY-HERE';

/**
 * Keys are `pj_` + base64url; a BOOTSTRAP_API_KEY may be any text. The key is echoed into a
 * <script> of the page (Yoga does not escape its options), so anything outside this set is
 * ignored rather than escaped: `/graphql?apiKey=</script>...` must not become script.
 */
const SAFE_KEY = /^[A-Za-z0-9_.~+/=:-]{1,200}$/;

/** The start tab; `endpoint` is this server's GraphQL URL as the browser reached it. */
function startTab(endpoint: string): string {
  return `# Start a job:
# 1) Upload a PDF. GraphiQL cannot send files; use curl:
#   curl ${endpoint} \\
#     -H "Authorization: Bearer $PAPERJSON_API_KEY" \\
#     -F operations='{"query":"mutation($f: File!) { uploadDocument(file: $f) { id } }","variables":{"f":null}}' \\
#     -F map='{"0":["variables.f"]}' -F 0=@invoice.pdf
#    or do it all with the CLI:
#   npx paperjson extract invoice.pdf --schema schema.json
# 2) Put the document id (or one from MyDocuments) into the
#    Variables pane and run StartJob.
# 3) Follow the job in the WatchJob tab with its jobId.

mutation StartJob($documentId: ID!, $schema: JSON!) {
  startExtractionJob(input: {
    documentId: $documentId
    jsonSchema: $schema
    config: { model: LOCAL, perKeyAttribution: false }
  }) {
    jobId
    status
    estimatedCompletion
  }
}

query MyDocuments {
  viewer { name activeJobs maxActiveJobs }
  documents(first: 5) { nodes { id filename pageCount createdAt } }
}
`;
}

/** The page's title; constant, since it is part of the page kept between requests (below). */
const TITLE = 'paperjson';

const START_VARIABLES = JSON.stringify(
  {
    documentId: '<a document id from MyDocuments>',
    schema: {
      type: 'object',
      properties: {
        invoice_number: { type: 'string' },
        invoice_date: { type: 'string', format: 'date' },
        total_due: { type: 'number' },
        line_items: {
          type: 'array',
          items: {
            type: 'object',
            properties: { description: { type: 'string' }, quantity: { type: 'number' }, amount: { type: 'number' } },
          },
        },
      },
    },
  },
  null,
  2,
);

const WATCH = `# Every event of a job over WebSocket: replayed from the start
# (or after: <seq>), then live, until the final JobStatusEvent
# (COMPLETED, FAILED or CANCELLED). The WebSocket uses the key in
# this page's address (/graphql?apiKey=...), not the Headers pane.
# When the stream has ended, run JobResult below for the result.
subscription WatchJob($jobId: ID!) {
  jobProgress(jobId: $jobId) {
    __typename
    seq
    at
    ... on JobStartedEvent { totalSubtrees }
    ... on SubtreeResultEvent { path extractedResult usageMetadata { totalTokens } }
    ... on SubtreeErrorEvent { path errorType errorMessage }
    ... on ArrayProgressEvent { path itemsExtracted turn done }
    ... on JobStatusEvent {
      status
      errorMessage
      progress { completionPercentage currentStep subtreesCompleted totalSubtrees }
    }
  }
}

# The whole result as stored, with what to know about it (warnings).
# The review page at /jobs/<jobId>/review shows each value on the PDF.
query JobResult($jobId: ID!) {
  job(id: $jobId) {
    status
    errorMessage
    results
    metadata { model warnings }
  }
}
`;

const RESULTS = `# The stored result of a job (null until COMPLETED), and the recent jobs.
query JobResults($jobId: ID!) {
  job(id: $jobId) {
    status
    errorMessage
    progress { completionPercentage currentStep }
    results
    metadata {
      model
      usage { totalTokens modelCalls }
      costUsd
      durationMs
      warnings
    }
  }
}

query RecentJobs {
  jobs(first: 10) { nodes { id status createdAt document { filename } } }
}
`;

const JOB_VARIABLES = JSON.stringify({ jobId: '<a jobId from StartJob>' }, null, 2);

/**
 * GraphiQL with subscriptions over WebSocket, the API key header filled in from `?apiKey=` (or
 * a placeholder saying what to paste), and one tab per step: start, watch, results.
 */
export function renderGraphiqlOptions(request: Request): GraphiQLOptions {
  const url = new URL(request.url);
  const given = url.searchParams.get('apiKey')?.trim() ?? '';
  // Echoed into the page like the key, so only a plain URL is used.
  const endpoint = `${url.origin}${url.pathname}`;
  const start = startTab(/^https?:\/\/[\w.:[\]-]+\/[\w/-]*$/.test(endpoint) ? endpoint : 'http://HOST/graphql');
  const key = SAFE_KEY.test(given) ? given : null;
  const headers = JSON.stringify({ Authorization: `Bearer ${key ?? API_KEY_PLACEHOLDER}` }, null, 2);
  const keyNote = key
    ? ''
    : '# No API key yet: open this page as /graphql?apiKey=YOUR_KEY\n' +
      '# with the key "npm start" printed (or paste it over\n' +
      `# ${API_KEY_PLACEHOLDER} in the Headers pane: enough for queries\n` +
      '# and mutations, but subscriptions need the ?apiKey= address).\n\n';
  // connectionParams, initialQuery and initialVariables reach GraphiQL through Yoga's spread of
  // the options, though its type does not name them.
  const options: GraphiQLOptions & { connectionParams: { authorization: string }; initialQuery: string; initialVariables: string } = {
    title: TITLE,
    subscriptionsProtocol: 'WS',
    // Yoga's GraphiQL sends the Headers pane over HTTP only; its graphql-ws client sends these
    // connectionParams in connection_init, which is where the server looks for the key.
    connectionParams: { authorization: `Bearer ${key ?? API_KEY_PLACEHOLDER}` },
    headers,
    defaultHeaders: headers,
    // A key given in the URL wins over one remembered from an earlier visit.
    shouldPersistHeaders: key === null,
    defaultEditorToolsVisibility: 'headers',
    // GraphiQL fills its editors from initialQuery/initialVariables, not from the first of
    // defaultTabs: without initialVariables the first tab's Variables pane is empty. On a reload
    // GraphiQL selects the stored tab that matches these two, and adds a tab when none does
    // (an <untitled> one when they are missing); so a reload after editing the first tab adds
    // a fresh StartJob tab. Yoga passes these after its own, so the URL's ?query= does not win.
    initialQuery: keyNote + start,
    initialVariables: START_VARIABLES,
    defaultTabs: [
      { query: keyNote + start, variables: START_VARIABLES, headers },
      { query: keyNote + WATCH, variables: JOB_VARIABLES, headers },
      { query: keyNote + RESULTS, variables: JOB_VARIABLES, headers },
    ],
  };
  return options;
}

/**
 * The GraphiQL page with the editor's scripts and styles inlined (@graphql-yoga/render-graphiql),
 * so GraphiQL works without internet access (self-hosted, air-gapped, CI); Yoga's own page would
 * load them from unpkg.com.
 *
 * That package is 9 MB of source held in strings: importing it cost every service process about
 * 45 MB of resident memory for its whole life (a quarter of an idle process), GraphiQL opened or
 * not. So it is never imported here: the first request renders the page once, in a thread that
 * ends afterwards, around a marker where the options go, and only the two halves of the page are
 * kept (9 MB, from the first visit on); each request puts its own options between them. Should
 * the marker not come back once (another version of the package), every request renders its page
 * in a thread instead: slower, never wrong.
 */
export async function renderGraphiqlPage(options: GraphiQLOptions): Promise<Uint8Array<ArrayBuffer>> {
  pageHalves ??= renderInThread(MARKER_OPTIONS).then(splitAtMarker);
  let halves: PageHalves | null;
  try {
    halves = await pageHalves;
  } catch (error) {
    pageHalves = null; // a failed render is tried again on the next request
    throw error;
  }
  if (!halves || options.title !== TITLE) return renderInThread(options);
  return Buffer.concat([halves.before, Buffer.from(JSON.stringify(options)), halves.after]);
}

interface PageHalves {
  before: Buffer;
  after: Buffer;
}

const MARKER_OPTIONS = { title: TITLE, paperjsonOptionsMarker: 'c5d0b1e2-options-go-here' };

let pageHalves: Promise<PageHalves | null> | null = null;

/** The page split where render-graphiql wrote the marker options' JSON; null unless it did so exactly once. */
function splitAtMarker(page: Uint8Array): PageHalves | null {
  const html = Buffer.from(page.buffer, page.byteOffset, page.byteLength);
  const marker = Buffer.from(JSON.stringify(MARKER_OPTIONS));
  const at = html.indexOf(marker);
  if (at < 0 || html.indexOf(marker, at + 1) >= 0) return null;
  return { before: html.subarray(0, at), after: html.subarray(at + marker.length) };
}

/**
 * Renders the page in a new thread (plain JavaScript, so the thread needs no TypeScript support),
 * whose memory, render-graphiql's included, goes when it ends.
 */
async function renderInThread(options: GraphiQLOptions): Promise<Uint8Array<ArrayBuffer>> {
  const thread = new Worker(
    // Valid as CommonJS and as an ES module (which eval code is under --input-type=module).
    `const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
    import(workerData.url).then(({ renderGraphiQL }) => {
      const page = new TextEncoder().encode(renderGraphiQL(workerData.options));
      parentPort.postMessage(page, [page.buffer]);
    });`,
    { eval: true, workerData: { url: import.meta.resolve('@graphql-yoga/render-graphiql'), options } },
  );
  try {
    return await new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
      thread.once('message', resolve);
      thread.once('error', reject);
      thread.once('exit', (code) => reject(new Error(`the GraphiQL page thread exited (code ${code}) without a page`)));
    });
  } finally {
    await thread.terminate();
  }
}
