/**
 * Heap and RSS of a worker process that cuts pages of many different documents, each with PDF
 * names of its own (font-subset names such as `ABCDEF+Arial`, resource names), through the
 * worker's cut cache: what pdf-lib's table of every name it ever parsed costs a long-running
 * worker. Prints the heap after a full GC every `every` documents, then compares the two halves
 * of the run after the first 250 documents (the cut cache full) by their peaks and troughs: the
 * heap rises and falls as copies of pdf-lib are renewed (a copy lives ~400 documents of 50 names
 * of their own), so two single samples say nothing; the peaks and troughs of windows longer than
 * a copy's life rise only with growth that renewal does not free. Indicative only: run it alone,
 * before and after a change, alternating, with the service's flags (`npm run start:worker`): the
 * young generation otherwise grows to ~100 MB here and RSS says little.
 *
 *   MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 node --expose-gc --max-semi-space-size=4 \
 *     bench/cut-names-heap.ts [documents=2000] [names=50] [every=50]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DEFAULTS } from '../src/pdf/pdf-lib-copies.ts';
import { cutPages } from '../src/worker/cut-pages-cache.ts';

const documents = Number(process.argv[2] ?? 2000);
const namesPerDocument = Number(process.argv[3] ?? 50);
const every = Number(process.argv[4] ?? 50);
/** Documents cut before the comparison: the cut cache (up to 64 cuts) fills first. */
const warmUp = 250;

/**
 * Two pages; page 1's fonts are `names` / 2 font dictionaries, each under a resource name and with
 * a subset name of this document's own. Written out by hand, not with pdf-lib: made with pdf-lib,
 * its names would be in pdf-lib's table before the cuts are measured.
 */
function documentWithOwnNames(names: number): Uint8Array {
  const tag = () => Array.from(randomBytes(6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  const fonts = Array.from({ length: Math.max(1, Math.floor(names / 2)) }, (_, i) => ({ key: `F${tag()}${i}`, base: `${tag()}+Arial-${i}` }));
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << ${fonts.map((f, i) => `/${f.key} ${5 + i} 0 R`).join(' ')} >> >> >>`,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ...fonts.map((f) => `<< /Type /Font /Subtype /Type1 /BaseFont /${f.base} >>`),
  ];
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

const made: Uint8Array[] = [];
for (let d = 0; d < documents; d++) made.push(documentWithOwnNames(namesPerDocument));

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
function sample(done: number): { heap: number; rss: number } {
  globalThis.gc!();
  globalThis.gc!();
  const { heapUsed, rss, external } = process.memoryUsage();
  console.log(`${String(done).padStart(6)} documents cut: heap ${mb(heapUsed)} MB, external ${mb(external)} MB, rss ${mb(rss)} MB`);
  return { heap: heapUsed, rss };
}

// One cut of a document already seen, so pdf-lib's load and first run are out of the baseline.
const warm = made.pop()!;
await cutPages(randomUUID(), [1], async () => warm);
sample(0);
const samples: { done: number; heap: number; rss: number }[] = [];
for (let d = 0; d < made.length; d++) {
  const bytes = made[d]!;
  made[d] = new Uint8Array(0); // the document's bytes are not what is measured
  await cutPages(randomUUID(), [1], async () => bytes);
  if ((d + 1) % every === 0) samples.push({ done: d + 1, ...sample(d + 1) });
}

const span = Math.floor((made.length - warmUp) / 2);
const windows = [warmUp, warmUp + span].map((from) => samples.filter((s) => s.done > from && s.done <= from + span));
if (windows.some((w) => w.length === 0)) throw new Error(`cut more documents: two windows of samples after the first ${warmUp}`);
const peak = (w: typeof samples, key: 'heap' | 'rss') => Math.max(...w.map((s) => s[key]));
for (const w of windows) {
  const heaps = w.map((s) => s.heap);
  console.log(
    `documents ${w[0]!.done}-${w.at(-1)!.done}: heap ${mb(Math.min(...heaps))}-${mb(Math.max(...heaps))} MB, rss max ${mb(peak(w, 'rss'))} MB`,
  );
}
const copyLife = Math.ceil(DEFAULTS.namesPerCopy / namesPerDocument);
if (span < 2 * copyLife) {
  console.log(`note: windows of ${span} documents, under two copies' lives (~${copyLife} each): their peaks may differ by a copy's table without growth`);
}
// A leak lifts the troughs (a fresh copy) as well as the peaks (a full table). Either extreme may
// be missed by up to `every` documents of the sawtooth's rise, estimated from the first window.
const [first, second] = windows as [typeof samples, typeof samples];
const trough = (w: typeof samples) => Math.min(...w.map((s) => s.heap));
const perDocument = (bytes: number) => `${(bytes / span / 1024).toFixed(2)} KB`;
const rise = (peak(first, 'heap') - trough(first)) / copyLife;
console.log(
  `heap growth per document (${namesPerDocument} names of its own), windows ${span} documents apart: ` +
    `peaks ${perDocument(peak(second, 'heap') - peak(first, 'heap'))}, troughs ${perDocument(trough(second) - trough(first))}, ` +
    `each ± ${perDocument(rise * every)} (samples every ${every} documents of a heap rising ~${(rise / 1024).toFixed(1)} KB a document between renewals); ` +
    `rss peak ${mb(peak(second, 'rss') - peak(first, 'rss'))} MB`,
);
