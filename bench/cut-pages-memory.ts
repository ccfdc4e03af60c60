/**
 * Peak memory and time to the first and last cut when a job asks for many page sets of one long
 * PDF at once (a PER_PAGE plan with documentInput PDF asks for one per page), through the
 * worker's cut cache. Indicative only: run it alone, before and after a change, alternating.
 *
 *   npx tsx --expose-gc bench/cut-pages-memory.ts [pages=200] [cuts=20] [at-once|one-by-one]
 */
import { randomUUID } from 'node:crypto';
import { cutPages } from '../src/worker/cut-pages-cache.ts';
import { scanLikePdf } from './lib/documents.ts';

const pageCount = Number(process.argv[2] ?? 200);
const cutCount = Number(process.argv[3] ?? 20);
const mode = process.argv[4] ?? 'at-once';

const bytes = await scanLikePdf(pageCount);
const perCut = Math.floor(pageCount / cutCount);
const sets = Array.from({ length: cutCount }, (_, i) => Array.from({ length: perCut }, (_, j) => i * perCut + j + 1));

globalThis.gc?.();
const base = process.memoryUsage().rss;
let peak = base;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
const documentId = randomUUID();
const content = async () => bytes;
const started = performance.now();
let first = 0;
const cut = (pages: number[]) => cutPages(documentId, pages, content).then((pdf) => ((first ||= performance.now() - started), pdf));
if (mode === 'at-once') await Promise.all(sets.map(cut));
else for (const pages of sets) await cut(pages);
const last = performance.now() - started;
clearInterval(sampler);
console.log(
  `${(bytes.byteLength / 1e6).toFixed(1)} MB, ${pageCount} pages, ${cutCount} cuts ${mode}:`,
  `peak RSS +${((peak - base) / 1e6).toFixed(0)} MB, first cut ${first.toFixed(0)} ms, last ${last.toFixed(0)} ms`,
);
