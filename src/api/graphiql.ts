import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * Stands in for the key when the page was opened without `?apiKey=`. Plain words, not a
 * plausible key, so a request sent with it fails with an UNAUTHENTICATED message that makes sense.
 */
export const API_KEY_PLACEHOLDER = 'PASTE-YOUR-API-KEY-HERE';

/**
 * Keys are `pj_` + base64url; a BOOTSTRAP_API_KEY may be any text. The page's script puts the key
 * into the options' JSON text as it is, so anything outside this set (which JSON never escapes)
 * is ignored rather than escaped.
 */
const SAFE_KEY = /^[A-Za-z0-9_.~+/=:-]{1,200}$/;

/** Where the key goes in the keyed options' JSON; replaced in the browser, never sent a key. */
const KEY_SLOT = 'PAPERJSON-KEY-SLOT';

/** The tab's copy of the key it was opened with, so that a reload (the key gone from the address) keeps it. */
const KEY_STORAGE = 'paperjson.graphiql.apiKey';

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
#    Variables pane and run StartJob. (The editor underlines
#    "schema" there: it checks a JSON! variable as if it had to
#    be a string or a number. The server takes the object.)
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

/** The page's title; constant, since it is part of the page kept between requests (graphiql-page.ts). */
export const GRAPHIQL_TITLE = 'paperjson';

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
# (COMPLETED, FAILED or CANCELLED). The WebSocket uses the key this
# page was opened with (/graphql?apiKey=...), not the Headers pane.
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
 * GraphiQL with subscriptions over WebSocket, the API key header filled in (or a placeholder
 * saying what to paste), and one tab per step: start, watch, results. `key` null: the page was
 * opened without one.
 */
export function graphiqlOptions(requestUrl: string, key: string | null): GraphiQLOptions {
  const url = new URL(requestUrl);
  // Echoed into the page, so only a plain URL is used.
  const endpoint = `${url.origin}${url.pathname}`;
  const start = startTab(/^https?:\/\/[\w.:[\]-]+\/[\w/-]*$/.test(endpoint) ? endpoint : 'http://HOST/graphql');
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
    title: GRAPHIQL_TITLE,
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

/** The global through which the key script (in the page's head) hands the key to the options script. */
const KEY_GLOBAL = 'paperjsonGraphiqlApiKey';

/**
 * The page's first script, before the 9 MB one that holds GraphiQL: takes the key from `?apiKey=`
 * (or from the tab's sessionStorage, where it keeps it for a reload), removes it from the address
 * bar and the history entry (so it is not left in history, screenshots and shared links), and
 * leaves it in a global for the options script. It runs first because Chromium keeps a compiled
 * inline script for the next load of the page only when the document's address is the same as
 * when it was compiled: with the key removed from inside the big script, that script was compiled
 * under `/graphql?apiKey=...` and a reload (at `/graphql`) compiled all of it again
 * (DOMContentLoaded 2.6-3.3 s instead of 1.1-1.7 s). Removed before, the big script is always
 * compiled under the plain address. The same for every request and key, so it is part of the
 * page kept compressed (graphiql-page.ts).
 */
export const GRAPHIQL_KEY_SCRIPT = `var ${KEY_GLOBAL} = (() => {
  const address = new URL(location.href);
  const given = address.searchParams.get('apiKey');
  let key = null;
  try {
    if (given === null) key = sessionStorage.getItem(${JSON.stringify(KEY_STORAGE)});
    else if (${SAFE_KEY}.test(given.trim())) sessionStorage.setItem(${JSON.stringify(KEY_STORAGE)}, (key = given.trim()));
    else sessionStorage.removeItem(${JSON.stringify(KEY_STORAGE)});
  } catch {
    if (given !== null && ${SAFE_KEY}.test(given.trim())) key = given.trim();
  }
  if (given !== null) {
    address.searchParams.delete('apiKey');
    history.replaceState(history.state, '', address.href);
  }
  return key !== null && ${SAFE_KEY}.test(key) ? key : null;
})();`;

/**
 * What the page passes to GraphiQL where render-graphiql puts its options: a script expression
 * that picks the options without a key or those with the key GRAPHIQL_KEY_SCRIPT found. The key
 * is never sent into the page: the page is the same for every key, so it is kept compressed and
 * revalidated by its ETag (graphiql-page.ts), and no key can break out of its script.
 */
export function graphiqlOptionsScript(requestUrl: string): string {
  const withoutKey = JSON.stringify(graphiqlOptions(requestUrl, null));
  const withKeySlot = JSON.stringify(JSON.stringify(graphiqlOptions(requestUrl, KEY_SLOT)));
  return `((withoutKey, withKeySlot, key) =>
  typeof key === 'string' ? JSON.parse(withKeySlot.replaceAll(${JSON.stringify(KEY_SLOT)}, key)) : withoutKey
)(${withoutKey}, ${withKeySlot}, typeof ${KEY_GLOBAL} === 'undefined' ? null : ${KEY_GLOBAL})`;
}
