/**
 * The copy of pdf-lib a document is opened with: a fresh copy of its modules is loaded once the
 * current one has opened enough documents, and the old copy is freed with its last document.
 *
 * Why: pdf-lib keeps every PDF name it ever parsed in a module-level table (`PDFName`'s pool; its
 * `PDFRef` pool likewise keeps one entry per object number ever seen), never cleared. A worker
 * that cuts pages of thousands of different documents kept every font-subset and resource name
 * of each, for its life: 6–8 KB of heap per document with 50 names of its own
 * (bench/cut-names-heap.ts), without bound. The table cannot be trimmed from outside (it is a
 * private variable of pdf-lib's module, and pdf-lib compares names by identity: its dictionaries
 * are Maps keyed by the pooled instances, some held in static and module-level constants), so the
 * whole copy goes, table and constants together.
 *
 * Safe because copies share nothing: each is pdf-lib's modules loaded afresh (its own classes,
 * pools and constants), and a document is parsed and cut, source and target, with the one copy
 * it was opened with (extract-pages.ts). Objects of two copies must never meet: a `PDFName` of
 * one is not a key of the other's dictionaries. Nothing outside the cut code holds pdf-lib
 * objects; the bytes in and out are plain Uint8Arrays, so nothing is copied for this.
 *
 * What it costs: loading a copy takes 30–60 ms of the calling thread's CPU once warm (120 ms the
 * first time), paid once per DOCUMENTS_PER_COPY documents (or BYTES_PER_COPY of them), and for a
 * while two copies' code may be alive together (the old one until its last open document is dropped).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export type PdfLib = typeof import('pdf-lib');

export interface PdfLibCopiesOptions {
  /** Documents opened with one copy before the next document gets a fresh one. */
  documentsPerCopy: number;
  /** Bytes of documents opened with one copy (a long document has many names) before a fresh one. */
  bytesPerCopy: number;
}

export interface PdfLibCopies {
  /** The copy to open a document of `bytes` bytes with: the current one, or a fresh one when it has opened enough. */
  forDocument(bytes: number): PdfLib;
  /** The current copy, for work that opens no document (making a PDF from scratch). */
  current(): PdfLib;
}

/**
 * A copy's load costs tens of ms on the worker's event loop, so not too often; 200 documents of
 * 50 names of their own are about 1.3 MB of names.
 */
const DEFAULTS: PdfLibCopiesOptions = { documentsPerCopy: 200, bytesPerCopy: 512 * 1024 * 1024 };

const anchor = createRequire(import.meta.url);
const packageDir = path.dirname(anchor.resolve('pdf-lib/package.json')) + path.sep;

let depsLoaded = false;
/**
 * pdf-lib's dependencies outside its own folder are loaded once, from here: a module keeps the
 * module that first required it alive (Node records it as its parent), and had a copy of pdf-lib
 * loaded them, that copy would never be freed. They hold no pdf-lib objects.
 */
function loadDependencies(): void {
  if (depsLoaded) return;
  const fromPdfLib = createRequire(packageDir);
  for (const dep of ['pako', '@pdf-lib/standard-fonts', '@pdf-lib/upng']) fromPdfLib(dep);
  depsLoaded = true;
}

/** A fresh copy of pdf-lib's modules: those of the last copy leave Node's module cache first. */
function loadCopy(): PdfLib {
  loadDependencies();
  for (const key of Object.keys(anchor.cache)) if (key.startsWith(packageDir)) delete anchor.cache[key];
  // A require of its own: a require function's module keeps every module it loaded as a child.
  return createRequire(import.meta.url)('pdf-lib') as PdfLib;
}

export function createPdfLibCopies(options: PdfLibCopiesOptions = DEFAULTS): PdfLibCopies {
  let copy: { lib: PdfLib; documents: number; bytes: number } | undefined;
  const current = (): NonNullable<typeof copy> => (copy ??= { lib: loadCopy(), documents: 0, bytes: 0 });
  return {
    forDocument(bytes) {
      let open = current();
      if (open.documents >= options.documentsPerCopy || open.bytes >= options.bytesPerCopy) {
        copy = open = { lib: loadCopy(), documents: 0, bytes: 0 };
      }
      open.documents++;
      open.bytes += bytes;
      return open.lib;
    },
    current: () => current().lib,
  };
}

/** The process's copies, for every document the worker cuts. */
export const pdfLibCopies = createPdfLibCopies();
