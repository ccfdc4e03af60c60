// The home page: the API key (from ?apiKey= or the field, kept in this tab's sessionStorage),
// the recent jobs with their review pages, and the upload form, which uploads a PDF, starts a job
// with the pasted or a saved schema and opens its review page.

import { graphql, openReviewPage, storedKey, storeKey, uploadDocument } from './paperjson-client.js';

const $ = (id) => document.getElementById(id);
let key = null;

const RECENT = `query Recent { viewer { name } jobs(first: 10) { nodes { id status createdAt document { filename } } }
  extractionSchemas(first: 50) { nodes { id name jsonSchema } } }`;

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
}

async function startJob(event) {
  event.preventDefault();
  if (!key) return say('upload-status', 'Enter an API key first.', true);
  const file = $('pdf-file').files[0];
  if (!file) return say('upload-status', 'Choose a PDF.', true);
  const schemaId = $('saved-schema').value || null;
  let jsonSchema = null;
  if (!schemaId) {
    try {
      jsonSchema = JSON.parse($('schema-text').value);
    } catch (error) {
      return say('upload-status', `The schema is not valid JSON: ${error.message}`, true);
    }
  }
  $('start-job').disabled = true;
  try {
    say('upload-status', `Uploading ${file.name}…`);
    const document = await uploadDocument(key, file);
    say('upload-status', `Uploaded (${document.pageCount} pages). Starting the job…`);
    const input = { documentId: document.id, config: { perKeyAttribution: $('per-key-attribution').checked } };
    if (schemaId) input.schemaId = schemaId;
    else input.jsonSchema = jsonSchema;
    const { startExtractionJob } = await graphql(key, START, { input });
    say('upload-status', `Job ${startExtractionJob.jobId} started; opening its review page…`);
    openReviewPage(startExtractionJob.jobId, key);
  } catch (error) {
    say('upload-status', `${error.code ? `${error.code}: ` : ''}${error.message}`, true);
    $('start-job').disabled = false;
  }
}

$('saved-schema').addEventListener('change', () => {
  const schema = savedSchemas.get($('saved-schema').value);
  if (schema) $('schema-text').value = JSON.stringify(schema.jsonSchema, null, 2);
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
