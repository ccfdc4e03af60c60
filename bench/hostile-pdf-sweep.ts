/**
 * A sweep of broken real-world PDFs through the service as a client meets it: every PDF found on
 * this machine (Debian's documentation, the repository's fixtures and corpora), each also mutated
 * the ways damaged files in the wild are (truncated, bytes flipped in streams, xref or trailer
 * broken, an object blanked, lying /Length, 20,000-deep nesting, encrypted by qpdf with and without
 * a user password), uploaded through the API and, when accepted, extracted by a LOCAL job. For
 * each file it records the answer (code and message), the time, and the API's and worker's
 * resident memory; a process that exits is a crash, an answer slower than the bound a hang.
 * Issue 16's checkers run their own corpus the same way; this is how we look for what they would
 * find. Not part of `npm test` or `npm run bench` (minutes, and machine-dependent sources).
 *
 *   node bench/hostile-pdf-sweep.ts [--sources N] [--no-jobs] [--out bench/results/hostile-pdf-sweep.json]
 *
 * qpdf (Debian package qpdf) makes the encrypted variants; without it they are skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ONE_SUBTREE_SCHEMA } from './lib/documents.ts';
import { peakRssMb, rssMb, startCluster } from './lib/cluster.ts';
import { printTable } from './lib/report.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const MAX_SOURCES = Number(option('--sources') ?? 40);
const RUN_JOBS = !args.includes('--no-jobs');
const OUT = option('--out') ?? path.join(ROOT, 'bench/results/hostile-pdf-sweep.json');
/** An answer slower than this is recorded as a hang (the service's own bounds are far shorter). */
const HANG_MS = 120_000;
const MAX_BYTES = 20 * 2 ** 20;

/** Real-world PDFs first (Debian docs, gzipped ones unpacked), then a spread of the repository's own. */
function findSources(): Array<{ name: string; bytes: Uint8Array }> {
  const found: Array<{ name: string; bytes: Uint8Array }> = [];
  const walk = (dir: string, depth: number, take: (file: string) => void) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries.sort()) {
      const file = path.join(dir, entry);
      let stat;
      try {
        stat = statSync(file);
      } catch {
        continue;
      }
      if (stat.isDirectory() && depth > 0) walk(file, depth - 1, take);
      else if (stat.isFile() && stat.size <= MAX_BYTES) take(file);
    }
  };
  walk('/usr/share/doc', 4, (file) => {
    if (file.endsWith('.pdf')) found.push({ name: path.relative('/usr/share/doc', file), bytes: new Uint8Array(readFileSync(file)) });
    if (file.endsWith('.pdf.gz')) found.push({ name: path.relative('/usr/share/doc', file), bytes: new Uint8Array(gunzipSync(readFileSync(file))) });
  });
  const ours: string[] = [];
  walk(path.join(ROOT, 'test/fixtures'), 1, (file) => file.endsWith('.pdf') && ours.push(file));
  walk(path.join(ROOT, 'bench/corpora'), 3, (file) => file.endsWith('.pdf') && ours.push(file));
  // Every fixture, then every fifth corpus document (they come from a few generators each).
  const spread = ours.filter((file, i) => file.includes('test/fixtures') || i % 5 === 0);
  for (const file of spread) found.push({ name: path.relative(ROOT, file), bytes: new Uint8Array(readFileSync(file)) });
  return found.filter((s) => s.bytes.length > 0).slice(0, MAX_SOURCES);
}

/** A deterministic generator, so that a sweep can be rerun on the same files. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const fromLatin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

/** Offsets of stream bodies: [start, end) between `stream` and `endstream`. */
function streamBodies(text: string): Array<[number, number]> {
  const bodies: Array<[number, number]> = [];
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (text.slice(m.index - 3, m.index) === 'end') continue;
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end > start) bodies.push([start, end]);
    re.lastIndex = Math.max(start, end);
  }
  return bodies;
}

function flipStreamBytes(bytes: Uint8Array, seed: number, count = 48): Uint8Array | null {
  const bodies = streamBodies(latin1(bytes)).filter(([s, e]) => e - s > 16);
  if (bodies.length === 0) return null;
  const next = random(seed);
  const out = bytes.slice();
  for (let i = 0; i < count; i++) {
    const [s, e] = bodies[Math.floor(next() * bodies.length)]!;
    const at = s + Math.floor(next() * (e - s));
    out[at] = out[at]! ^ (1 + Math.floor(next() * 255));
  }
  return out;
}

function qpdf(bytes: Uint8Array, qpdfArgs: string[]): Uint8Array | null {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperjson-sweep-'));
  try {
    writeFileSync(path.join(dir, 'in.pdf'), bytes);
    const result = spawnSync('qpdf', [...qpdfArgs.map((a) => a.replace('@in', path.join(dir, 'in.pdf')).replace('@out', path.join(dir, 'out.pdf')))]);
    // 3: written with warnings (a damaged input qpdf repaired).
    if (result.error || (result.status !== 0 && result.status !== 3) || !existsSync(path.join(dir, 'out.pdf'))) return null;
    return new Uint8Array(readFileSync(path.join(dir, 'out.pdf')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Mutation = (bytes: Uint8Array, seed: number) => Uint8Array | null;

const MUTATIONS: Record<string, Mutation> = {
  original: (b) => b,
  'truncated-10%': (b) => b.slice(0, Math.floor(b.length * 0.1)),
  'truncated-50%': (b) => b.slice(0, Math.floor(b.length * 0.5)),
  'truncated-90%': (b) => b.slice(0, Math.floor(b.length * 0.9)),
  'truncated-tail': (b) => b.slice(0, Math.max(1, b.length - 300)),
  'flipped-streams': (b, seed) => flipStreamBytes(b, seed),
  'broken-xref': (b) => {
    const text = latin1(b).replace(/\bxref\b/g, 'xrfe').replace(/startxref\s+\d+/g, 'startxref\n17');
    return fromLatin1(text);
  },
  'no-trailer': (b) => fromLatin1(latin1(b).replace(/trailer/g, 'trai1er').replace(/\/Root/g, '/R00t')),
  'object-blanked': (b, seed) => {
    const text = latin1(b);
    const objects = [...text.matchAll(/\n(\d+) 0 obj/g)].map((m) => m.index! + 1);
    if (objects.length < 3) return null;
    const start = objects[1 + Math.floor(random(seed)() * (objects.length - 2))]!;
    const end = text.indexOf('endobj', start);
    if (end < 0) return null;
    return fromLatin1(text.slice(0, start) + ' '.repeat(end + 6 - start) + text.slice(end + 6));
  },
  'length-huge': (b) => fromLatin1(latin1(b).replace(/\/Length (\d+)/g, '/Length 99999999')),
  'length-zero': (b) => fromLatin1(latin1(b).replace(/\/Length (\d+)/g, (m, n: string) => `/Length ${'0'.padStart(n.length, ' ')}`)),
  'deep-nesting': (b) => {
    const text = latin1(b);
    const at = text.search(/\/Type\s*\/Catalog/);
    if (at < 0) return null;
    return fromLatin1(`${text.slice(0, at)}/Deep ${'['.repeat(20_000)}${']'.repeat(20_000)} ${text.slice(at)}`);
  },
  'aes256-user-password': (b) => qpdf(b, ['--encrypt', 'user', 'owner', '256', '--', '@in', '@out']),
  'aes256-empty-password': (b) => qpdf(b, ['--encrypt', '', 'owner', '256', '--', '@in', '@out']),
  'rc4-128-empty-password': (b) => qpdf(b, ['--allow-weak-crypto', '--encrypt', '', 'owner', '128', '--use-aes=n', '--', '@in', '@out']),
  'objstreams-flipped': (b, seed) => {
    const packed = qpdf(b, ['--object-streams=generate', '@in', '@out']);
    return packed && flipStreamBytes(packed, seed, 8);
  },
};

interface Row {
  source: string;
  mutation: string;
  bytes: number;
  http: number | null;
  code: string;
  message: string;
  uploadMs: number;
  pages: number | null;
  job: string | null;
  jobMessage: string | null;
  jobMs: number | null;
  apiRssMb: number | null;
  workerRssMb: number | null;
}

const cluster = await startCluster({ workers: RUN_JOBS ? 1 : 0, modelLatencyMs: 0, env: { MAX_UPLOAD_BYTES: String(64 * 2 ** 20) } });
const apiPid = cluster.api.child.pid;
const workerPid = cluster.workers[0]?.child.pid;
const exited = (p: { child: { exitCode: number | null; signalCode: string | null } }) => p.child.exitCode !== null || p.child.signalCode !== null;

async function upload(bytes: Uint8Array, filename: string) {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: 'mutation($f: File!) { uploadDocument(file: $f) { id pageCount } }', variables: { f: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.f'] }));
  form.set('0', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), filename);
  const t0 = performance.now();
  try {
    const response = await fetch(`${cluster.client.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cluster.client.key}` },
      body: form,
      signal: AbortSignal.timeout(HANG_MS),
    });
    const body = (await response.json()) as any;
    const ms = performance.now() - t0;
    const error = body.errors?.[0];
    if (error) return { http: response.status, code: String(error.extensions?.code ?? 'NO_CODE'), message: String(error.message), ms, id: null, pages: null };
    return { http: response.status, code: 'ACCEPTED', message: '', ms, id: body.data.uploadDocument.id as string, pages: body.data.uploadDocument.pageCount as number };
  } catch (e) {
    const ms = performance.now() - t0;
    const hang = ms >= HANG_MS - 1000;
    return { http: null, code: hang ? 'HANG' : 'NO_ANSWER', message: e instanceof Error ? e.message : String(e), ms, id: null, pages: null };
  }
}

async function runJob(documentId: string) {
  const t0 = performance.now();
  try {
    const jobId = await cluster.client.startJob({ documentId, jsonSchema: ONE_SUBTREE_SCHEMA, config: { model: 'LOCAL' } });
    await cluster.client.waitForStatus(jobId, ['COMPLETED', 'FAILED', 'CANCELLED'], HANG_MS);
    const { job } = await cluster.client.gql<{ job: { status: string; errorMessage: string | null } }>(`query($id: ID!) { job(id: $id) { status errorMessage } }`, { id: jobId });
    return { job: job.status, message: job.errorMessage, ms: performance.now() - t0 };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { job: /is still/.test(message) ? 'HANG' : 'ERROR', message, ms: performance.now() - t0 };
  }
}

const rows: Row[] = [];
// Ctrl-C ends the sweep after the current file, with its tables and the cluster stopped.
let interrupted = false;
process.once('SIGINT', () => (interrupted = true));
process.once('SIGTERM', () => (interrupted = true));
const sources = findSources();
console.log(`${sources.length} sources × ${Object.keys(MUTATIONS).length} mutations`);
try {
  for (const [i, source] of sources.entries()) {
    for (const [mutation, mutate] of Object.entries(MUTATIONS)) {
      if (interrupted || exited(cluster.api) || cluster.workers.some(exited)) break;
      const bytes = mutate(source.bytes, i * 7919 + mutation.length);
      if (!bytes) continue;
      const answer = await upload(bytes, `${path.basename(source.name)}.${mutation}.pdf`);
      const job = answer.id && RUN_JOBS ? await runJob(answer.id) : null;
      const row: Row = {
        source: source.name,
        mutation,
        bytes: bytes.length,
        http: answer.http,
        code: exited(cluster.api) ? 'API_CRASHED' : answer.code,
        message: answer.message.slice(0, 300),
        uploadMs: Math.round(answer.ms),
        pages: answer.pages,
        job: job?.job ?? null,
        jobMessage: job?.message?.slice(0, 300) ?? null,
        jobMs: job ? Math.round(job.ms) : null,
        apiRssMb: rssMb(apiPid),
        workerRssMb: rssMb(workerPid),
      };
      if (cluster.workers.some(exited)) row.job = 'WORKER_CRASHED';
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  }
} finally {
  const apiPeak = peakRssMb(apiPid);
  const workerPeak = peakRssMb(workerPid);
  const countBy = (key: (r: Row) => string) => {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]).map(([outcome, count]) => ({ outcome, count }));
  };
  const uploads = countBy((r) => `${r.http ?? '-'} ${r.code}`);
  const jobs = countBy((r) => (r.job ? `job ${r.job}` : 'no job'));
  const slowest = [...rows].sort((a, b) => b.uploadMs - a.uploadMs).slice(0, 5);
  printTable('uploads by answer', uploads);
  printTable('jobs of accepted uploads', jobs);
  printTable('distinct refusal messages', countBy((r) => (r.code === 'ACCEPTED' ? '' : `${r.code}: ${r.message.replace(/\d+/g, 'N')}`)).filter((r) => r.outcome));
  printTable('distinct job failures', countBy((r) => (r.job === 'FAILED' || r.job === 'ERROR' ? `${r.job}: ${(r.jobMessage ?? '').replace(/\d+/g, 'N')}` : '')).filter((r) => r.outcome));
  printTable('slowest uploads', slowest.map((r) => ({ file: `${r.source} ${r.mutation}`, ms: r.uploadMs, code: r.code })));
  // Whether one file lifts a process's memory for good: its step over the previous file's RSS, and
  // where RSS stands at the end (a step that the following files give back was transient).
  const steps = (rss: (r: Row) => number | null) =>
    rows
      .map((r, i) => ({ file: `${r.source} ${r.mutation}`, rssMb: rss(r), stepMb: i > 0 && rss(r) !== null && rss(rows[i - 1]!) !== null ? rss(r)! - rss(rows[i - 1]!)! : 0 }))
      .sort((a, b) => b.stepMb - a.stepMb)
      .slice(0, 5);
  printTable('largest API RSS steps (MB)', steps((r) => r.apiRssMb));
  if (RUN_JOBS) printTable('largest worker RSS steps (MB)', steps((r) => r.workerRssMb));
  console.log(`RSS first/last file: API ${rows[0]?.apiRssMb}/${rows.at(-1)?.apiRssMb} MB, worker ${rows[0]?.workerRssMb}/${rows.at(-1)?.workerRssMb} MB`);
  console.log(`files ${rows.length}, API peak RSS ${apiPeak} MB, worker peak RSS ${workerPeak} MB, API exited: ${exited(cluster.api)}, worker exited: ${cluster.workers.some(exited)}`);
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify({ apiPeakRssMb: apiPeak, workerPeakRssMb: workerPeak, uploads, jobs, rows }, null, 2));
  await cluster.stop();
}
