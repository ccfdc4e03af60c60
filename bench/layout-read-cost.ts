/**
 * What the worker's read before a claim (findJobForRun, jobs.repository.ts) pays for the document's
 * layout, with the layout kept as jsonb or as json, on an embedded Postgres: for each document size,
 * the CPU of the Postgres backend running the statement (its /proc utime + stime over a loop, so
 * load on the machine does not count) and of this process receiving and parsing the rows, with and
 * without the layout column; and EXPLAIN (ANALYZE, SERIALIZE)'s time and bytes of one run.
 * Then the time the ALTER from jsonb to json takes over the stored layouts. The bench's database is
 * taken back to jsonb first (migrations/20261207_0003_document_layout_as_json.ts made it json).
 *
 *   node bench/layout-read-cost.ts [pages of the big document=500] [copies of it for the ALTER=10]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { startBenchDatabase } from './lib/bench-database.ts';
import { textPdf } from './lib/documents.ts';
import { insertDocument } from '../src/documents/documents.repository.ts';
import { readLayoutBytesInChild } from '../src/pdf/pdf-in-child.ts';
import { up as migrationUp } from '../migrations/20261207_0003_document_layout_as_json.ts';

const bigPages = Number(process.argv[2] ?? 500);
const copies = Number(process.argv[3] ?? 10);
const LIMITS = { timeoutMs: 10 * 60_000, maxMemoryMb: 512 };

const database = await startBenchDatabase('layout-read', { connections: 2 });
const db = database.db;
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/** A backend's CPU in ms so far (utime + stime at 100 ticks a second). */
function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const backendPid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;

const SELECT = `select jobs.id, jobs.tenant_id, jobs.document_id, jobs.schema_id, jobs.status, jobs.config, jobs.webhook,
  jobs.progress, jobs.results, jobs.metadata, jobs.error_message, jobs.attempts, jobs.created_at, jobs.started_at,
  jobs.finished_at, jobs.estimated_completion, jobs.last_seq, schemas.name as schema_name, schemas.json_schema,
  schemas.total_fields, schemas.created_at as schema_created_at`;
const FROM = `from jobs left join schemas on schemas.id = jobs.schema_id and schemas.tenant_id = jobs.tenant_id
  left join document_layouts on document_layouts.document_id = jobs.document_id where jobs.id = $1`;
const SIZE = `(select documents.size_bytes from documents where documents.id = jobs.document_id) as document_size_bytes`;
const WITH_LAYOUT = `${SELECT}, document_layouts.layout, ${SIZE} ${FROM}`;
const WITHOUT_LAYOUT = `${SELECT}, ${SIZE} ${FROM}`;

const schemaId = (
  await sql<{ id: string }>`insert into schemas (tenant_id, name, json_schema, total_fields) values (${database.tenantId}, 's', '{"type":"object"}', 1) returning id`.execute(db)
).rows[0]!.id;

interface Case {
  pages: number;
  documentId: string;
  jobId: string;
  json: Buffer;
}

async function makeCase(pages: number): Promise<Case> {
  const bytes = await textPdf(pages);
  const document = await insertDocument(db, {
    tenantId: database.tenantId,
    filename: `${pages}.pdf`,
    sizeBytes: bytes.byteLength,
    sha256: 'x',
    pageCount: pages,
    textPageCount: pages,
    warnings: [],
    content: bytes,
  });
  const { json } = await readLayoutBytesInChild(bytes, LIMITS);
  const jobId = (
    await sql<{ id: string }>`insert into jobs (tenant_id, document_id, schema_id, status, config, progress, metadata)
      values (${database.tenantId}, ${document.id}, ${schemaId}, 'PENDING', '{}', '{}', '{}') returning id`.execute(db)
  ).rows[0]!.id;
  return { pages, documentId: document.id, jobId, json: Buffer.from(json) };
}

async function storeLayout(c: Case): Promise<void> {
  await sql`delete from document_layouts where document_id = ${c.documentId}`.execute(db);
  // As text: the stored value is then whatever the column type makes of the reader's JSON.
  await client.query('insert into document_layouts (document_id, layout) values ($1, $2)', [c.documentId, c.json.toString('utf8')]);
}

async function measure(label: string, c: Case, text: string, rounds: number) {
  const plan = await client.query(`explain (analyze, buffers, serialize text, format json) ${text}`, [c.jobId]);
  const explained = (plan.rows[0]['QUERY PLAN'] as [{ 'Execution Time': number; Serialization: { Time: number; 'Output Volume': number } }])[0];
  for (let i = 0; i < Math.min(3, rounds); i++) await client.query({ name: `${label}-${c.pages}`, text, values: [c.jobId] }); // warm
  const beforeBackend = backendCpuMs(backendPid);
  const beforeSelf = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await client.query({ name: `${label}-${c.pages}`, text, values: [c.jobId] });
  const wall = (performance.now() - started) / rounds;
  const self = process.cpuUsage(beforeSelf);
  const backend = (backendCpuMs(backendPid) - beforeBackend) / rounds;
  console.log(
    `${String(c.pages).padStart(4)} pages ${label.padEnd(22)} backend CPU ${backend.toFixed(2).padStart(7)} ms/read, client CPU ${((self.user + self.system) / 1000 / rounds).toFixed(2).padStart(7)} ms/read, wall ${wall.toFixed(2).padStart(7)} ms; ` +
      `EXPLAIN execution ${explained['Execution Time'].toFixed(2)} ms (serialize ${explained.Serialization.Time.toFixed(2)} ms, ${(explained.Serialization['Output Volume'] / 1024).toFixed(0)} kB out); load ${load()}`,
  );
}

const storedSize = async (c: Case) =>
  (await sql<{ n: number }>`select pg_column_size(layout) as n from document_layouts where document_id = ${c.documentId}`.execute(db)).rows[0]!.n;

try {
  await sql`alter table document_layouts alter column layout type jsonb using layout::jsonb`.execute(db);
  const cases = [await makeCase(1), await makeCase(2), await makeCase(bigPages)];
  const roundsOf = (c: Case) => (c.pages <= 2 ? 2000 : 10);
  for (const c of cases) await storeLayout(c);
  for (const c of cases) {
    console.log(`${c.pages} pages: layout JSON ${(c.json.byteLength / 1024).toFixed(0)} kB as written, stored as jsonb ${((await storedSize(c)) / 1024).toFixed(0)} kB`);
    await measure('jsonb', c, WITH_LAYOUT, roundsOf(c));
    await measure('without layout', c, WITHOUT_LAYOUT, roundsOf(c));
  }

  // The migration's cost: `copies` more big layouts, then the ALTER over all of them.
  const big = cases.at(-1)!;
  for (let i = 0; i < copies; i++) {
    const copy = await insertDocument(db, { tenantId: database.tenantId, filename: 'copy.pdf', sizeBytes: 1, sha256: 'x', pageCount: 1, textPageCount: 1, warnings: [], content: new Uint8Array(1) });
    await client.query('insert into document_layouts (document_id, layout) values ($1, $2)', [copy.id, big.json.toString('utf8')]);
  }
  const alterStart = performance.now();
  await migrationUp(db);
  console.log(`ALTER to json over ${cases.length + copies} layouts (${copies + 1} of ${bigPages} pages): ${((performance.now() - alterStart) / 1000).toFixed(2)} s; load ${load()}`);

  for (const c of cases) {
    console.log(`${c.pages} pages: converted by the ALTER, stored as json ${((await storedSize(c)) / 1024).toFixed(0)} kB`);
    await measure('json (converted)', c, WITH_LAYOUT, roundsOf(c));
  }
  for (const c of cases) await storeLayout(c);
  for (const c of cases) {
    console.log(`${c.pages} pages: stored as written, json ${((await storedSize(c)) / 1024).toFixed(0)} kB`);
    await measure('json (as written)', c, WITH_LAYOUT, roundsOf(c));
  }
} finally {
  await client.end();
  await database.close();
}
