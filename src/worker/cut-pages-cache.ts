/**
 * Pages of a document cut out as a PDF (the pages a plan sends as PDF), kept by the worker
 * process across jobs: every job on a document sends the same pages for the same plan, and
 * cutting them means reading the whole upload from Postgres and parsing it with pdf-lib, several
 * ms for a page and far more for a long document, on each job.
 *
 * Safe to share: a document's bytes never change once uploaded (its id is never reused), and the
 * cut of the same pages is the same bytes. Bounded by count and size, least recently used out;
 * a cut being made is shared by the jobs that ask for it meanwhile. A failed cut is not kept.
 */
import { extractPages } from '../pdf/extract-pages.ts';

const MAX_ENTRIES = 64;
/**
 * Small on purpose: a cut that is sent also has its base64 text kept for a while
 * (gemini-prompt.ts keeps the most recent cuts' text, up to its own 8 MB), and a cut of more than
 * a quarter of this is not kept: the long documents whose cuts are large are the ones the
 * worker's memory bound is about.
 */
const MAX_BYTES = 8 * 1024 * 1024;

/** Settled cuts, least recently used first. */
const kept = new Map<string, Uint8Array>();
let keptBytes = 0;
const cutting = new Map<string, Promise<Uint8Array>>();

const keyOf = (documentId: string, pages: readonly number[]) => `${documentId}:${pages.join(',')}`;

/** The cut of `pages`, when this process has it. */
export function keptPages(documentId: string, pages: readonly number[]): Uint8Array | undefined {
  const key = keyOf(documentId, pages);
  const pdf = kept.get(key);
  if (pdf) {
    kept.delete(key);
    kept.set(key, pdf);
  }
  return pdf;
}

/** The cut of `pages` of the document, made from `content()` (its bytes) when not kept. */
export function cutPages(documentId: string, pages: number[], content: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const pdf = keptPages(documentId, pages);
  if (pdf) return Promise.resolve(pdf);
  const key = keyOf(documentId, pages);
  let pending = cutting.get(key);
  if (!pending) {
    pending = content().then((bytes) => extractPages(bytes, pages));
    cutting.set(key, pending);
    pending.then(
      (made) => {
        cutting.delete(key);
        keep(key, made);
      },
      () => cutting.delete(key),
    );
  }
  return pending;
}

function keep(key: string, pdf: Uint8Array): void {
  if (pdf.byteLength > MAX_BYTES / 4 || kept.has(key)) return;
  kept.set(key, pdf);
  keptBytes += pdf.byteLength;
  for (const [oldest, old] of kept) {
    if (kept.size <= MAX_ENTRIES && keptBytes <= MAX_BYTES) break;
    kept.delete(oldest);
    keptBytes -= old.byteLength;
  }
}
