// The browser's side of the API: GraphQL over fetch, the multipart upload, jobProgress over SSE,
// and the API key, which lives in this tab's sessionStorage and travels only in the
// Authorization header (or in the body of a form post that opens a review page), never in a URL
// this code makes.

const KEY_STORAGE = 'paperjson.apiKey';
const GRAPHQL = '/graphql';

export function storedKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE) || null;
  } catch {
    return null;
  }
}

export function storeKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage switched off: the key then lasts as long as the page.
  }
}

/** An error of the API with its contract code (UNAUTHENTICATED, NOT_FOUND, ...). */
export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code ?? 'INTERNAL';
  }
}

async function readResult(response) {
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The API answered HTTP ${response.status} without a GraphQL result.`);
  }
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new ApiError(first.message, first.extensions?.code);
  }
  return body.data;
}

export async function graphql(key, query, variables = {}) {
  const response = await fetch(GRAPHQL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return readResult(response);
}

/** uploadDocument as a GraphQL multipart request (the browser's FormData sets the boundary). */
export async function uploadDocument(key, file) {
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({
      query: 'mutation($file: File!) { uploadDocument(file: $file) { id filename pageCount textPageCount } }',
      variables: { file: null },
    }),
  );
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', file, file.name);
  const response = await fetch(GRAPHQL, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  return (await readResult(response)).uploadDocument;
}

/**
 * A subscription over Server-Sent Events (a POST with accept: text/event-stream, which Yoga
 * answers with `event: next` / `event: complete` messages). Calls onData for every result and
 * resolves when the server completes the stream; rejects on GraphQL or network errors.
 */
export async function subscribe(key, query, variables, onData, signal) {
  const response = await fetch(GRAPHQL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  if (!response.ok || !response.body || !response.headers.get('content-type')?.includes('text/event-stream')) {
    await readResult(response);
    throw new ApiError(`The subscription was refused (HTTP ${response.status}).`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: ?(.*)$/m.exec(message)?.[1] ?? 'message';
      const data = message
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (event === 'complete') {
        await reader.cancel().catch(() => {});
        return;
      }
      if (!data) continue; // keep-alive comments
      const payload = JSON.parse(data);
      if (payload.errors?.length) {
        throw new ApiError(payload.errors[0].message, payload.errors[0].extensions?.code);
      }
      onData(payload.data);
    }
  }
}

/**
 * Opens a job's review page with the key in the body of a form post: the key stays out of the
 * address bar, the history and the server's access logs.
 */
export function openReviewPage(jobId, key) {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = `/jobs/${encodeURIComponent(jobId)}/review`;
  const input = document.createElement('input');
  input.type = 'hidden';
  input.name = 'apiKey';
  input.value = key;
  form.append(input);
  document.body.append(form);
  form.submit();
}
