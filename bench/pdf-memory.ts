/**
 * RSS of a process that inspects 200 uploads (a mix of ordinary and hostile PDFs) and reads the
 * layout of a 500-page PDF 20 times, the way the API and the worker do (one bounded worker thread
 * per document, see src/pdf/pdf-in-thread.ts). Issue 16's target: under 400 MB.
 *
 *   node --expose-gc bench/pdf-memory.ts
 */
import { readFileSync } from 'node:fs';
import { inspectInThread, readLayoutInThread } from '../src/pdf/pdf-in-thread.ts';
import * as hostile from '../test/fixtures/hostile-pdfs.ts';

const mb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`;
};
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url)));

console.log(`start: ${mb()}`);
const files = [
  fixture('invoice-2p.pdf'), fixture('table-300.pdf'), fixture('scanned.pdf'), fixture('corrupt.pdf'),
  fixture('aes256-empty-password.pdf'), fixture('aes256-user-password.pdf'), await hostile.truncatedPdf(),
  await hostile.brokenXrefPdf(), hostile.brokenStreamPdf(), hostile.deepNestingPdf(), await hostile.decompressionBombPdf(),
  await hostile.activeContentPdf(),
];
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
for (let i = 0; i < 200; i++) {
  await inspectInThread(files[i % files.length]!, { maxPages: 2000, timeoutMs: 60_000, maxMemoryMb: 256 }).catch(() => undefined);
}
console.log(`after 200 uploads: ${mb()} (peak ${Math.round(peak / 1024 / 1024)} MB)`);
const big = await hostile.manyPagesPdf(500);
for (let i = 0; i < 20; i++) await readLayoutInThread(big, { timeoutMs: 600_000, maxMemoryMb: 512 });
clearInterval(sample);
console.log(`after 20 layouts of 500 pages: ${mb()} (peak ${Math.round(peak / 1024 / 1024)} MB)`);
