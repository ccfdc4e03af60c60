/**
 * The copy of pdf-lib a document is opened with: a fresh copy of its modules is loaded once the
 * current one holds enough PDF names, and the old copy is freed with its last document.
 *
 * Why: pdf-lib keeps every PDF name it ever parsed in a module-level table (`PDFName`'s pool; its
 * `PDFRef` pool likewise keeps one entry per object number ever seen), never cleared. A worker
 * that cuts pages of thousands of different documents kept every font-subset and resource name
 * of each, for its life: 6–7 KB of heap per document with 50 names of its own, without bound
 * (bench/cut-names-heap.ts); one 500-page text document drawn by pdf-lib (1.1 MB of file) left
 * 22 MB: pdf-lib names the font of each text it draws afresh, 91,000 names, and each name's text
 * is a string built a character at a time (those names come from a seeded sequence, the same in
 * every file pdf-lib writes, so they do not add up over such documents). The table cannot be trimmed from outside (it is a private variable of
 * pdf-lib's module, and pdf-lib compares names by identity: its dictionaries are Maps keyed by the
 * pooled instances, some held in static and module-level constants), so the whole copy goes,
 * table and constants together.
 *
 * Safe because copies share nothing: each is pdf-lib's modules loaded afresh (its own classes,
 * pools and constants), and a document is parsed and cut, source and target, with the one copy
 * it was opened with (extract-pages.ts). Objects of two copies must never meet: a `PDFName` of
 * one is not a key of the other's dictionaries. Nothing outside the cut code holds pdf-lib
 * objects; the bytes in and out are plain Uint8Arrays, so nothing is copied for this.
 *
 * When: a copy counts the distinct names and references it has handed out (its own `PDFName.of`
 * and `PDFRef.of` are wrapped; no other user shares the copy), the measure of its pools, since
 * neither a document's size nor its object count bounds its names (the document above has 1,004
 * objects), and a document may refer to as many object numbers as it likes, objects or not
 * (50,000 references to numbers of its own kept 6.9 MB). A copy is renewed, at the next
 * document's open, once it holds `namesPerCopy` names' worth (two references count as one name)
 * and a document after its first has added to them. Its pools then hold (besides pdf-lib's own
 * constants) less than `namesPerCopy` and the names of the last document opened; or, when its
 * first document alone brought more, that document's, for as long as later documents add none,
 * with those of the first that does: the copy is renewed at the open after it.
 *
 * What it costs: loading a copy takes 30–60 ms of the calling thread's CPU once warm (120 ms the
 * first time, at the worker's warm-up), at the open of a document once that many names have
 * gathered (every 400 documents of 50 names of their own; never for the same documents cut again
 * and again, nor for documents whose names an earlier one brought); a fresh copy's code runs
 * unoptimised again for a while (4,000 small documents of their own names: ~0.4 ms more CPU a
 * document, load ~11); for a while two copies may be alive together (the old one until its last
 * open document is dropped). Counting costs a WeakSet lookup per name or reference parsed.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export type PdfLib = typeof import('pdf-lib');

export interface PdfLibCopiesOptions {
  /**
   * Distinct PDF names a copy may hold before the next document is opened with a fresh one;
   * `REFS_PER_NAME` distinct references (object numbers) count as one name.
   */
  namesPerCopy: number;
  /** Loads a fresh copy of pdf-lib's modules; requirePdfLibAfresh unless a test makes loads fail. */
  load?: () => PdfLib;
}

export interface PdfLibCopies {
  /**
   * The copy to open a document with: the current one, or a fresh one once the current one holds
   * enough names. Throws only when no copy could ever be loaded.
   */
  forDocument(): PdfLib;
  /** The current copy, for work that opens no document (making a PDF from scratch). */
  current(): PdfLib;
}

/**
 * 3–8 MB of table (a name of 12–18 characters takes 130–390 bytes of heap: 6.5 KB for a
 * document's 50 in bench/cut-names-heap.ts, 387 bytes each for 500,000 of 18); 400 documents of
 * 50 names of their own.
 */
export const DEFAULTS: PdfLibCopiesOptions = { namesPerCopy: 20_000 };

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

/**
 * What a `PDFRef` in the pool costs against a name: a reference is an object, its tag ("12 0 R")
 * and a Map entry, 143 bytes of heap each; a name costs more, growing with its length (its text
 * is built a character at a time): ~390 bytes for one of 18 characters, ~1 KB for 38 (heap kept
 * after parsing 500,000 of each with one copy). One budget for both, not a second
 * threshold: it bounds the two pools together, where two thresholds would let each fill up to
 * its own.
 */
const REFS_PER_NAME = 2;

interface Copy {
  lib: PdfLib;
  /**
   * Distinct names and references handed out by this copy (`PDFName.of`, `PDFRef.of`), as names
   * (REFS_PER_NAME): its pools' size less pdf-lib's own constants, made as its modules load,
   * before the wrappers, and the same in every copy.
   */
  entries(): number;
}

/** Counts the distinct instances `of` hands out: the pool returns the same instance for the same key. */
function counting<A extends unknown[], T extends object>(of: (...args: A) => T): { of: (...args: A) => T; count: () => number } {
  const seen = new WeakSet<T>();
  let count = 0;
  return {
    of: (...args) => {
      const pooled = of(...args);
      if (!seen.has(pooled)) {
        seen.add(pooled);
        count++;
      }
      return pooled;
    },
    count: () => count,
  };
}

/** A fresh copy of pdf-lib's modules: those of the last copy leave Node's module cache first. */
export function requirePdfLibAfresh(): PdfLib {
  loadDependencies();
  for (const key of Object.keys(anchor.cache)) if (key.startsWith(packageDir)) delete anchor.cache[key];
  // A require of its own: a require function's module keeps every module it loaded as a child.
  return createRequire(import.meta.url)('pdf-lib') as PdfLib;
}

/** A fresh copy of pdf-lib, counting its pools' entries. */
function loadCopy(load: () => PdfLib): Copy {
  const lib = load();
  // pdf-lib looks `PDFName.of` and `PDFRef.of` up on the class at each call (its parser, its
  // writer, a new object's ref), so every entry made from now on is counted; its constants were
  // made at load, before this, and are not.
  const { PDFName, PDFRef } = lib;
  const names = counting(PDFName.of.bind(PDFName));
  const refs = counting(PDFRef.of.bind(PDFRef));
  PDFName.of = names.of;
  PDFRef.of = refs.of;
  return { lib, entries: () => names.count() + refs.count() / REFS_PER_NAME };
}

export function createPdfLibCopies(options: PdfLibCopiesOptions = DEFAULTS): PdfLibCopies {
  const load = options.load ?? requirePdfLibAfresh;
  let copy: (Copy & { opened: number; afterFirstDocument: number }) | undefined;
  const current = () => (copy ??= { ...loadCopy(load), opened: 0, afterFirstDocument: 0 });
  /** A fresh copy, or the current one if none can be loaded. */
  const renewed = (open: NonNullable<typeof copy>) => {
    try {
      return (copy = { ...loadCopy(load), opened: 0, afterFirstDocument: 0 });
    } catch {
      // pdf-lib's files changed or went under a running worker (an upgrade in place): the
      // current copy is loaded and works, so documents keep being cut with it, its table growing
      // until a load succeeds; one is tried again at each open.
      return open;
    }
  };
  return {
    forDocument() {
      let open = current();
      if (open.opened === 1) open.afterFirstDocument = open.entries();
      // Names brought by one document are kept, however many: that document (or one made by the
      // same producer, pdf-lib's own names are the same in every file it writes) may well come
      // again, and a fresh copy would only parse them anew. Only a table that later documents
      // added to is renewed.
      if (open.opened > 1 && open.entries() >= options.namesPerCopy && open.entries() > open.afterFirstDocument) {
        open = renewed(open);
      }
      open.opened++;
      return open.lib;
    },
    current: () => current().lib,
  };
}

/** The process's copies, for every document the worker cuts. */
export const pdfLibCopies = createPdfLibCopies();
