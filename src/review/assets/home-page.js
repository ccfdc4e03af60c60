// The home page: the API key (from ?apiKey= or the field, kept in this tab's sessionStorage),
// the recent jobs with their review pages, and the upload form, which uploads a PDF, starts a job
// with the pasted or a saved schema and opens its review page.

import { graphql, openReviewPage, storedKey, storeKey, uploadDocument } from './paperjson-client.js';

const $ = (id) => document.getElementById(id);
let key = null;

const RECENT = `query Recent { viewer { name } jobs(first: 10) { nodes { id status createdAt document { filename } } }
  extractionSchemas(first: 50) { nodes { id name jsonSchema } } }`;

const VALIDATE = `query Validate($jsonSchema: JSON!) { validateSchema(jsonSchema: $jsonSchema) { valid errors { path message } } }`;

const START = `mutation Start($input: StartExtractionJobInput!) { startExtractionJob(input: $input) { jobId status } }`;

function say(id, text, isError = false) {
  $(id).textContent = text;
  $(id).classList.toggle('error', isError);
}

function li(className, ...children) {
  const item = document.createElement('li');
  if (className) item.className = className;
  item.append(...children);
  return item;
}

async function useKey(candidate) {
  key = candidate?.trim() || null;
  storeKey(key);
  $('recent-jobs').replaceChildren(li('hint', key ? 'Loading…' : 'Enter an API key to see your jobs.'));
  if (!key) return say('key-status', '');
  try {
    const data = await graphql(key, RECENT);
    say('key-status', `Signed in as tenant "${data.viewer.name}".`);
    showJobs(data.jobs.nodes);
    showSchemas(data.extractionSchemas.nodes);
  } catch (error) {
    say('key-status', `This key does not work: ${error.message}`, true);
    $('recent-jobs').replaceChildren(li('hint', 'No jobs to show.'));
  }
}

function showJobs(jobs) {
  if (jobs.length === 0) return $('recent-jobs').replaceChildren(li('hint', 'No jobs yet.'));
  $('recent-jobs').replaceChildren(
    ...jobs.map((job) => {
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'link';
      open.textContent = job.document.filename;
      open.dataset.jobId = job.id;
      open.addEventListener('click', () => openReviewPage(job.id, key));
      const when = new Date(job.createdAt).toLocaleString();
      return li('job', open, ` ${job.status} · ${when}`);
    }),
  );
}

const savedSchemas = new Map();
function showSchemas(schemas) {
  const select = $('saved-schema');
  select.replaceChildren(select.options[0]);
  savedSchemas.clear();
  for (const schema of schemas) {
    savedSchemas.set(schema.id, schema);
    const option = document.createElement('option');
    option.value = schema.id;
    option.textContent = schema.name;
    select.append(option);
  }
  // The newest first (the API's order): the one a user who just saved a schema means.
  if (schemas.length > 0) {
    select.value = schemas[0].id;
    showSavedSchema();
  }
}

function showSavedSchema() {
  const schema = savedSchemas.get($('saved-schema').value);
  if (schema) $('schema-text').value = JSON.stringify(schema.jsonSchema, null, 2);
}

/**
 * The pasted schema, or null after saying what is wrong with it. Checked with the API's own rules
 * before the upload, so a schema the job would refuse leaves no uploaded document behind.
 */
async function pastedSchema() {
  const refuse = (text) => {
    say('upload-status', text, true);
    return null;
  };
  const text = $('schema-text').value.trim();
  if (!text) return refuse('A job needs a JSON Schema: paste one in the box, or pick a saved one.');
  let jsonSchema;
  try {
    jsonSchema = JSON.parse(text);
  } catch (error) {
    return refuse(`The schema is not valid JSON: ${error.message}`);
  }
  const { validateSchema } = await graphql(key, VALIDATE, { jsonSchema });
  if (validateSchema.valid) return jsonSchema;
  return refuse(`The schema is not valid: ${validateSchema.errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`);
}

async function startJob(event) {
  event.preventDefault();
  if (!key) return say('upload-status', 'Enter an API key first.', true);
  const file = $('pdf-file').files[0];
  if (!file) return say('upload-status', 'Choose a PDF.', true);
  const schemaId = $('saved-schema').value || null;
  $('start-job').disabled = true;
  let opening = false; // the button stays disabled while the review page opens
  try {
    const jsonSchema = schemaId ? null : await pastedSchema();
    // null: refused, and said why (`false` is a valid boolean schema, sent like any other).
    if (!schemaId && jsonSchema === null) return;
    say('upload-status', `Uploading ${file.name}…`);
    const document = await uploadDocument(key, file);
    say('upload-status', `Uploaded (${document.pageCount} page${document.pageCount === 1 ? '' : 's'}). Starting the job…`);
    const input = { documentId: document.id, config: { perKeyAttribution: $('per-key-attribution').checked } };
    if (schemaId) input.schemaId = schemaId;
    else input.jsonSchema = jsonSchema;
    const { startExtractionJob } = await graphql(key, START, { input });
    say('upload-status', `Job ${startExtractionJob.jobId} started; opening its review page…`);
    openReviewPage(startExtractionJob.jobId, key);
    opening = true;
  } catch (error) {
    say('upload-status', `${error.code ? `${error.code}: ` : ''}${error.message}`, true);
  } finally {
    if (!opening) $('start-job').disabled = false;
  }
}

$('saved-schema').addEventListener('change', showSavedSchema);
// An edited schema is a pasted one: the job must run what the box shows, not the saved original.
$('schema-text').addEventListener('input', () => {
  $('saved-schema').value = '';
});
$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void useKey($('api-key').value);
});
$('forget-key').addEventListener('click', () => {
  $('api-key').value = '';
  void useKey(null);
});
$('upload-form').addEventListener('submit', (event) => void startJob(event));

const fromUrl = new URLSearchParams(location.search).get('apiKey');
// Once in sessionStorage, the key leaves the address bar (and the history).
if (fromUrl) history.replaceState(null, '', location.pathname);
const initial = fromUrl || storedKey();
if (initial) {
  $('api-key').value = initial;
  void useKey(initial);
}
