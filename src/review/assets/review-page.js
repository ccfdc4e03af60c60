// The review page of one job: the PDF's pages with a box on every located value, the result as a
// tree beside them, both linked by the value's JSON Pointer. A running job is followed over
// jobProgress (SSE) and filled in subtree by subtree. body[data-review-state] says where the page
// is: loading, running, complete, failed, cancelled or error (tests and scripts wait on it).

import { ApiError, graphql, subscribe } from './paperjson-client.js';
import { describeLocation, leavesOf, placeAt, plainValue, toCsv } from './result-model.js';
import { drawBoxes, showPdf } from './pdf-view.js';
import { drawTree } from './result-tree.js';
// On load, ?apiKey= leaves the address bar (this page reads the key from its meta tag).
import './drop-address-key.js';

const JOB = `query ReviewJob($id: ID!) {
  job(id: $id) {
    id status errorMessage
    config { perKeyAttribution model }
    document { id filename pageCount }
    progress { completionPercentage currentStep subtreesCompleted totalSubtrees }
    results
    metadata { warnings }
  }
}`;

const PROGRESS = `subscription FollowJob($id: ID!, $after: Int) {
  jobProgress(jobId: $id, after: $after) {
    __typename seq
    ... on SubtreeResultEvent { path extractedResult attributions }
    ... on SubtreeErrorEvent { path errorType errorMessage }
    ... on ArrayProgressEvent { path itemsExtracted done }
    ... on JobStatusEvent { status errorMessage progress { completionPercentage currentStep } }
  }
}`;

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? '';
const jobId = meta('paperjson-job-id');
// Not stored for other pages: a link with someone else's ?apiKey= must not sign this tab in.
const key = meta('paperjson-api-key');

const state = { job: null, result: null, perKey: false, pages: null, leaves: [], failedPaths: [], active: null };
const $ = (id) => document.getElementById(id);

function setState(name) {
  document.body.dataset.reviewState = name;
}

function notice(text) {
  const p = $('notice');
  p.textContent = [p.textContent, text].filter(Boolean).join(' ');
  p.hidden = false;
}

function setStatus(status, detail) {
  $('job-status').textContent = detail ? `${status} · ${detail}` : status;
  $('job-status').dataset.status = status;
}

/** Redraws the tree and the boxes from state.result (after every subtree and at the end). */
function redraw() {
  const leaves = leavesOf(state.result ?? {}).map((leaf) => ({
    ...leaf,
    place: leaf.attribution ? describeLocation(leaf.attribution) : { page: null, bbox: null, verified: false, notes: [] },
  }));
  state.leaves = leaves;
  const places = new Map(leaves.filter((l) => l.attribution).map((l) => [l.pointer, l.place]));
  drawTree($('tree'), state.result ?? {}, places);
  if (leaves.length === 0) {
    const waiting = document.createElement('p');
    waiting.className = 'hint';
    waiting.textContent = document.body.dataset.reviewState === 'running' ? 'Waiting for the first results…' : 'No values.';
    $('tree').append(waiting);
  }
  if (state.failedPaths.length) {
    const failed = document.createElement('p');
    failed.className = 'notes failed';
    failed.textContent = `Not extracted (errors): ${state.failedPaths.join(', ')}`;
    $('tree').append(failed);
  }
  if (state.pages) drawBoxes(state.pages, leaves);
  if (state.active) activate(state.active, null);
}

function activate(pointer, scrollTo) {
  for (const old of document.querySelectorAll('.active')) old.classList.remove('active');
  state.active = pointer;
  if (!pointer) return;
  const sel = CSS.escape(pointer);
  const boxes = [...document.querySelectorAll(`.box[data-pointer="${sel}"]`)];
  const row = document.querySelector(`[data-tree-pointer="${sel}"]`);
  for (const node of [...boxes, row]) node?.classList.add('active');
  if (scrollTo === 'box') boxes[0]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  if (scrollTo === 'row') row?.scrollIntoView({ block: 'nearest' });
}

function wireLinking() {
  const pointerOf = (event, attribute) => event.target.closest?.(`[${attribute}]`)?.getAttribute(attribute) ?? null;
  $('tree').addEventListener('mouseover', (e) => {
    const p = pointerOf(e, 'data-tree-pointer');
    if (p !== null && p !== state.active) activate(p, 'box');
  });
  $('tree').addEventListener('click', (e) => {
    const p = pointerOf(e, 'data-tree-pointer');
    if (p !== null) activate(p, 'box');
  });
  $('tree').addEventListener('focusin', (e) => {
    const p = pointerOf(e, 'data-tree-pointer');
    if (p !== null) activate(p, 'box');
  });
  $('pages').addEventListener('mouseover', (e) => {
    const p = pointerOf(e, 'data-pointer');
    if (p !== null && p !== state.active) activate(p, 'row');
  });
  $('pages').addEventListener('click', (e) => {
    const p = pointerOf(e, 'data-pointer');
    if (p !== null) activate(p, 'row');
  });
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function enableDownloads() {
  const base = `paperjson-${jobId}`;
  const buttons = { 'download-json': null, 'download-sources': null, 'download-csv': null };
  for (const id of Object.keys(buttons)) $(id).disabled = false;
  $('download-json').onclick = () => download(`${base}.json`, 'application/json', `${JSON.stringify(plainValue(state.result), null, 2)}\n`);
  $('download-csv').onclick = () => download(`${base}.csv`, 'text/csv', toCsv(plainValue(state.result)));
  if (state.perKey) {
    $('download-sources').onclick = () => download(`${base}.sources.json`, 'application/json', `${JSON.stringify(state.result, null, 2)}\n`);
  } else {
    $('download-sources').hidden = true;
  }
}

async function loadPdf(documentId) {
  document.body.dataset.pdfState = 'loading';
  try {
    const response = await fetch(`/documents/${encodeURIComponent(documentId)}/pdf`, { headers: { authorization: `Bearer ${key}` } });
    if (!response.ok) throw new Error((await response.text()).trim() || `HTTP ${response.status}`);
    state.pages = await showPdf($('pages'), new Uint8Array(await response.arrayBuffer()));
    drawBoxes(state.pages, state.leaves);
    document.body.dataset.pdfState = 'ready';
  } catch (error) {
    document.body.dataset.pdfState = 'error';
    notice(`The PDF cannot be shown: ${error.message}.`);
  }
}

function finish(job) {
  const status = job.status;
  setStatus(status, job.errorMessage ?? undefined);
  if (status === 'COMPLETED') {
    state.result = job.results ?? state.result;
    redraw();
    enableDownloads();
    const warnings = job.metadata?.warnings ?? [];
    if (warnings.length) notice(`Warnings: ${warnings.join(' · ')}`);
  } else {
    notice(`The job ${status === 'FAILED' ? 'failed' : 'was cancelled'}; what is shown is what was extracted before.`);
  }
  setState(status.toLowerCase());
}

async function follow() {
  setState('running');
  state.result = {};
  redraw();
  let terminal = null;
  let lastSeq = 0;
  const onEvent = ({ jobProgress: event }) => {
    lastSeq = event.seq;
    switch (event.__typename) {
      case 'SubtreeResultEvent':
        state.result = placeAt(state.result, event.path, state.perKey ? (event.attributions ?? event.extractedResult) : event.extractedResult);
        redraw();
        break;
      case 'SubtreeErrorEvent':
        state.failedPaths.push(`${event.path || '/'} (${event.errorType})`);
        redraw();
        break;
      case 'ArrayProgressEvent':
        setStatus('PROCESSING', `${event.path}: ${event.itemsExtracted} items so far`);
        break;
      case 'JobStatusEvent':
        setStatus(event.status, event.progress?.currentStep ?? undefined);
        if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(event.status)) terminal = event.status;
        break;
    }
  };
  // A dropped connection (a restarting API, a flaky network) resumes after the last event seen:
  // the log replays what was missed, exactly once. Errors of the API itself are not retried.
  for (let attempt = 1; ; attempt++) {
    try {
      await subscribe(key, PROGRESS, { id: jobId, after: lastSeq }, onEvent);
      break;
    } catch (error) {
      if (error instanceof ApiError || attempt >= 10) throw error;
      setStatus('reconnecting', error.message);
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempt, 5000)));
    }
  }
  // The stored result is the final word (merged and ordered like the schema).
  const { job } = await graphql(key, JOB, { id: jobId });
  if (!terminal && !['COMPLETED', 'FAILED', 'CANCELLED'].includes(job.status)) throw new Error('the progress stream ended before the job did');
  finish(job);
}

async function main() {
  wireLinking();
  const { job } = await graphql(key, JOB, { id: jobId });
  state.job = job;
  state.perKey = job.config.perKeyAttribution === true;
  document.title = `Review: ${job.document.filename}`;
  $('job-document').textContent = `${job.document.filename} · ${job.document.pageCount} page${job.document.pageCount === 1 ? '' : 's'} · ${job.config.model}`;
  setStatus(job.status);
  if (!state.perKey) {
    notice('This job was started without perKeyAttribution, so its values have no source boxes: start a job with config { perKeyAttribution: true } to see where each value was found.');
  }
  void loadPdf(job.document.id);
  if (job.status === 'COMPLETED') finish(job);
  else await follow();
}

main().catch((error) => {
  setState('error');
  const code = error instanceof ApiError ? ` (${error.code})` : '';
  notice(`The job cannot be shown${code}: ${error.message}`);
});

