/**
 * RSS of a process that inspects 200 uploads (a mix of ordinary and hostile PDFs) and reads the
 * layout of a 500-page PDF 20 times, the way the API and the worker do (a bounded reader child per
 * document, see src/pdf/pdf-in-child.ts). Issue 16's target: under 400 MB. Each line also shows
 * how much of the process's memory is this (main) thread's heap and its external buffers, so what
 * is left is what the reader children leave behind, and the CPU time of the phase in
 * this process (the children's own is not counted).
 *
 *   node --expose-gc --max-semi-space-size=4 bench/pdf-memory.ts
 */
import { readFileSync } from 'node:fs';
import { inspectInChild, readLayoutInChild } from '../src/pdf/pdf-in-child.ts';
import * as hostile from '../test/fixtures/hostile-pdfs.ts';
import { textPdf } from './lib/documents.ts';

const MB = 2 ** 20;
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url)));

let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
let cpu = process.cpuUsage();

function report(phase: string): void {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const used = process.cpuUsage(cpu);
  cpu = process.cpuUsage();
  console.log(
    `${phase}: rss ${Math.round(m.rss / MB)} MB (peak ${Math.round(peak / MB)}), main heap ${Math.round(m.heapUsed / MB)} of ${Math.round(m.heapTotal / MB)} MB, ` +
      `external ${Math.round(m.external / MB)} MB, cpu ${((used.user + used.system) / 1e6).toFixed(1)} s`,
  );
  peak = 0;
}

const files = [
  fixture('invoice-2p.pdf'), fixture('table-300.pdf'), fixture('scanned.pdf'), fixture('corrupt.pdf'),
  fixture('aes256-empty-password.pdf'), fixture('aes256-user-password.pdf'), await hostile.truncatedPdf(),
  await hostile.brokenXrefPdf(), hostile.brokenStreamPdf(), hostile.deepNestingPdf(), await hostile.decompressionBombPdf(),
  await hostile.activeContentPdf(),
];
const big = await textPdf(500);
report('start');
for (let i = 0; i < 200; i++) {
  await inspectInChild(files[i % files.length]!, { maxPages: 2000, timeoutMs: 60_000, maxMemoryMb: 256 }).catch(() => undefined);
}
report('200 uploads');
for (let i = 0; i < 5; i++) await inspectInChild(big, { maxPages: 2000, timeoutMs: 60_000, maxMemoryMb: 256 });
report('5 inspections of 500 text pages');
for (let i = 0; i < 20; i++) await readLayoutInChild(big, { timeoutMs: 600_000, maxMemoryMb: 512 });
report('20 layouts of 500 text pages');
clearInterval(sample);
