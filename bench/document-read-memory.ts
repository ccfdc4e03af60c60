/**
 * Peak memory and time of reading one document's bytes back from Postgres in one statement:
 * bytea as hex text decoded by pg, then copied into a plain Uint8Array (how documents.repository.ts
 * read them before), against readDocumentContent as it is (base64 text decoded by Buffer, not
 * copied). Each way is read in a fresh process, so that its peak (VmHWM) is its own. (A
 * binary-format result is no option with pg 8: pg-protocol decodes every DataRow field as UTF-8
 * text, binary or not, which would mangle the bytes.) Indicative only: run it alone, alternating
 * the ways as it does, and report the machine's load with it.
 *
 *   node bench/document-read-memory.ts [MB per document=50] [busy processes beside it=0]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createDb } from '../src/db/create-db.ts';
import { insertDocument, readDocumentContent } from '../src/documents/documents.repository.ts';
import { startBenchDatabase } from './lib/bench-database.ts';
import { startBusyProcesses } from './lib/busy-processes.ts';

const WAYS = ['hex-copy', 'repository'] as const;
type Way = (typeof WAYS)[number];

const statusMb = (field: string) => Number(/(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(field))!)![1]) / 1024;

if (process.argv[2] === '--read') {
  // The child: one read one way, then its peak and time on stdout.
  const [, , , url, id, way] = process.argv as [string, string, string, string, string, Way];
  const database = createDb(url, { max: 1, queryTimeoutMs: 0 });
  await database.pool.query('select 1'); // the connection open before the baseline
  const before = statusMb('VmRSS');
  const start = performance.now();
  let bytes: Uint8Array;
  if (way === 'repository') {
    bytes = (await readDocumentContent(database.db, id, 0))!; // a pool without a bound: the size is not used
  } else {
    const { rows } = await database.pool.query<{ content: Buffer }>('select content from document_contents where document_id = $1', [id]);
    bytes = new Uint8Array(rows[0]!.content);
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(JSON.stringify({ way, bytes: bytes.byteLength, seconds, rssBeforeMb: before, peakMb: statusMb('VmHWM') }));
  await database.close();
} else {
  const megabytes = Number(process.argv[2] ?? 50);
  const busy = Number(process.argv[3] ?? 0);
  const database = await startBenchDatabase('read-memory', { connections: 1 });
  let hogs: { stop(): void } | undefined;
  try {
    const content = randomBytes(megabytes * 1e6);
    const { id } = await insertDocument(database.db, { tenantId: database.tenantId, filename: 'big.pdf', sizeBytes: content.byteLength, sha256: 'x', pageCount: 1, textPageCount: 1, warnings: [], content });
    hogs = startBusyProcesses(busy);
    // Two rounds, the ways alternated, each in a process of its own.
    for (const round of [1, 2]) {
      for (const way of WAYS) {
        const out = execFileSync(process.execPath, [process.argv[1]!, '--read', database.url, id, way], { encoding: 'utf8', maxBuffer: 1e6 });
        const r = JSON.parse(out.trim().split('\n').at(-1)!) as { way: Way; bytes: number; seconds: number; rssBeforeMb: number; peakMb: number };
        if (r.bytes !== content.byteLength) throw new Error(`${way} read ${r.bytes} bytes, not ${content.byteLength}`);
        console.log(
          `round ${round} ${way.padEnd(12)} ${r.seconds.toFixed(2)} s, peak RSS ${r.peakMb.toFixed(0)} MB (+${(r.peakMb - r.rssBeforeMb).toFixed(0)} MB over ${r.rssBeforeMb.toFixed(0)} MB, ${((r.peakMb - r.rssBeforeMb) / megabytes).toFixed(1)}× the document); load ${loadavg()[0]!.toFixed(1)}`,
        );
      }
    }
  } finally {
    hogs?.stop();
    await database.close();
  }
}
