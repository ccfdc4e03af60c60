/**
 * The HTML of the review page, the home page and their error pages. Everything that comes from a
 * request is HTML-escaped here; the result itself is never put into HTML on the server: the page's
 * script fetches it with the key and draws it with DOM text nodes.
 */

/** `script-src 'self'`: no inline script anywhere, so a value like `<script>` in a result can never run. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function head(title: string, script: string | null, extraMeta = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
${extraMeta}<link rel="stylesheet" href="/review/assets/review.css">
${script ? `<script type="module" src="/review/assets/${script}"></script>\n` : ''}</head>`;
}

/**
 * The review page of one job. The key is handed to the page's script in a meta tag (the request
 * already carried it) so the script can call the API with an Authorization header: the PDF and
 * the job data are fetched with that header, never with the key in a URL.
 */
export function reviewPageHtml(jobId: string, apiKey: string): string {
  const meta = `<meta name="paperjson-job-id" content="${escapeHtml(jobId)}">\n<meta name="paperjson-api-key" content="${escapeHtml(apiKey)}">\n`;
  return `${head(`Review job ${jobId}`, 'review-page.js', meta)}
<body class="review" data-review-state="loading">
<header>
  <a href="/" class="home">paperjson</a>
  <h1>Job <code>${escapeHtml(jobId)}</code></h1>
  <span id="job-document" class="hint"></span>
  <span id="job-status" class="status">loading…</span>
  <span class="downloads">
    <button type="button" id="download-json" disabled title="The result as plain JSON values">JSON</button>
    <button type="button" id="download-sources" disabled title="The result with confidence, reasoning and location of every value">JSON with sources</button>
    <button type="button" id="download-csv" disabled title="Arrays of objects as rows; nested objects as dotted columns">CSV</button>
  </span>
</header>
<p id="notice" class="notice" hidden></p>
<main>
  <section id="pages" aria-label="Document pages"></section>
  <section id="tree" aria-label="Extracted result"></section>
</main>
</body>
</html>
`;
}

/** Why the review page is not shown: no key, a key that is no tenant's, or no such job for the key. */
type ReviewRefusal = 'no-key' | 'unknown-key' | 'not-found';

const REFUSALS: Record<ReviewRefusal, { title: string; state: string; message: string }> = {
  'no-key': {
    title: 'API key needed',
    state: 'unauthenticated',
    message:
      'This review page needs an API key: open it as <code>/jobs/&lt;id&gt;/review?apiKey=&lt;key&gt;</code>, send <code>Authorization: Bearer &lt;key&gt;</code>, or enter the key below.',
  },
  // Said as the home page says it: the user has a key, and it is the wrong one.
  'unknown-key': {
    title: 'This key does not work',
    state: 'unauthenticated',
    message: 'This key does not work: Unknown or revoked API key. Enter another key below.',
  },
  'not-found': { title: 'Job not found', state: 'not-found', message: 'There is no job with this id for this API key.' },
};

/**
 * A 401 (no or unknown key) or 404 (no such job for this key) page: nothing of the job, only how
 * to get in. The form posts the key in the body, so it never lands in the address bar or a log; a
 * key that came in ?apiKey= is taken out of the address bar by the page's one script.
 */
export function reviewErrorHtml(refusal: ReviewRefusal, jobId: string): string {
  const { title, state, message } = REFUSALS[refusal];
  const action = /^[0-9a-f-]{36}$/i.test(jobId) ? `/jobs/${jobId}/review` : null;
  const form =
    refusal !== 'not-found' && action
      ? `<form method="post" action="${action}" class="key-form">
  <label>API key <input type="password" name="apiKey" autocomplete="off" required></label>
  <button type="submit">Open</button>
</form>
`
      : '';
  return `${head(title, 'drop-address-key.js')}
<body class="message-page" data-review-state="${state}">
<h1>${title}</h1>
<p>${message}</p>
${form}<p><a href="/">Home</a></p>
</body>
</html>
`;
}

/** The home page: links, recent jobs and the upload form, all filled in by home-page.js with the key. */
export function homePageHtml(): string {
  return `${head('paperjson', 'home-page.js')}
<body class="home-page">
<header><span class="home">paperjson</span><span>PDF in, JSON that matches your JSON Schema out</span></header>
<main class="columns">
<section>
  <h2>API key</h2>
  <form id="key-form" class="key-form">
    <label>API key <input type="password" id="api-key" autocomplete="off" placeholder="pj_…"></label>
    <button type="submit">Use</button>
    <button type="button" id="forget-key">Forget</button>
  </form>
  <p class="hint">Printed by <code>npm start</code> on the first start. Kept in this tab only (sessionStorage); <code>/?apiKey=&lt;key&gt;</code> works too.</p>
  <p id="key-status" class="hint"></p>

  <h2>Extract a PDF</h2>
  <form id="upload-form">
    <label>PDF <input type="file" id="pdf-file" accept="application/pdf,.pdf" required></label>
    <label>Saved schema <select id="saved-schema"><option value="">(paste one below)</option></select></label>
    <label>JSON Schema <textarea id="schema-text" rows="12" spellcheck="false" placeholder='{"type": "object", "properties": {"invoice_number": {"type": "string"}}}'></textarea></label>
    <label class="inline"><input type="checkbox" id="per-key-attribution" checked> Source boxes for every value (perKeyAttribution)</label>
    <button type="submit" id="start-job">Upload and start</button>
  </form>
  <p id="upload-status" class="hint" role="status"></p>
</section>
<section>
  <h2>Recent jobs</h2>
  <ul id="recent-jobs"><li class="hint">Enter an API key to see your jobs.</li></ul>

  <h2>Links</h2>
  <ul>
    <li><a href="/graphql">GraphiQL</a>: open it as <code>/graphql?apiKey=&lt;key&gt;</code> so subscriptions work (served unless <code>GRAPHIQL=false</code>)</li>
    <li>Review page of a job: <code>/jobs/&lt;id&gt;/review</code></li>
    <li>Docs: the README of the repository, sections <em>Two commands</em>, <em>A two-minute tour</em>,
      <em>Configuration</em>, <em>Review page</em>, <em>API overview</em>; the schema is <code>schema.graphql</code>.</li>
  </ul>
</section>
</main>
</body>
</html>
`;
}
