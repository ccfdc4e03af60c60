/**
 * Makes pdf.js keep the boundaries between text runs that are a little apart.
 *
 * pdf.js's text-content builder glues two runs of the same font on one line into ONE item with a
 * single " " when the gap between them is under 0.6 em (SPACE_IN_FLOW_MAX_FACTOR in the worker).
 * Word spaces are about 0.25–0.33 em, but the cells of a tight table (LibreOffice HTML tables,
 * many invoicing tools) are often only 0.4–0.6 em apart, so "Quantity Unit Cost" came out as one
 * run and the column boundaries were lost. pdf.js has no option for this.
 *
 * In Node, pdf.js runs its worker on the main thread and uses `globalThis.pdfjsWorker` if it is set
 * before the first document is opened. We set it to a copy of the installed worker module with a
 * smaller factor, written once per pdf.js version to the OS temp directory. If the constant cannot
 * be found (a pdf.js upgrade renamed it), the stock worker is used and a warning is logged: text
 * still reads, only tight tables lose their cells again. page-lines.ts decides what a gap means.
 *
 * The same copy also lets a cancelled text stream stop early (SINK_READY below), which makes asking
 * whether a page has text (inspect-pdf.ts) cost a fraction of reading the page, and inflates a
 * stream in one call to zlib rather than through a web DecompressionStream (SYNC_INFLATE).
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toError } from '../to-error.ts';
import { MAX_E_INVOICE_BYTES } from './e-invoice-size-limit.ts';

/** Gaps above this many font sizes become separate items (stock pdf.js: 0.6). */
const SPLIT_GAP_EM = 0.35;

const PATTERN = /const SPACE_IN_FLOW_MAX_FACTOR = 0\.6;/;

interface WorkerModule {
  WorkerMessageHandler: unknown;
  /** Set by the copy whose attachment reads are bounded (ATTACHMENT_BOUND). */
  paperjsonAttachmentBound?: number;
}

type WorkerGlobal = typeof globalThis & { pdfjsWorker?: WorkerModule };

let installing: Promise<void> | undefined;
let attachmentsBounded = false;

/**
 * Whether this process's pdf.js decodes an embedded file only up to MAX_E_INVOICE_BYTES + 1 bytes
 * (ATTACHMENT_BOUND): without that, a few KB of attachment can inflate to gigabytes, so
 * e-invoice-attachment.ts reads no attachment at all.
 */
export function attachmentReadsAreBounded(): boolean {
  return attachmentsBounded;
}

/**
 * Installs the patched worker once per process (or worker thread). Must run before the first
 * getDocument(): pdf.js caches the worker module it picked on first use.
 */
export function installTextWorker(): Promise<void> {
  installing ??= install();
  return installing;
}

async function install(): Promise<void> {
  const g = globalThis as WorkerGlobal;
  if (g.pdfjsWorker) return;
  try {
    const path = await patchedWorkerPath();
    if (path === null) return;
    const worker = (await import(pathToFileURL(path).href)) as WorkerModule;
    g.pdfjsWorker = worker;
    attachmentsBounded = worker.paperjsonAttachmentBound === MAX_E_INVOICE_BYTES + 1;
  } catch (e) {
    warn(`could not load the patched pdf.js worker (${toError(e).message})`);
  }
}

/**
 * Path of the patched copy, written if missing; null (with a warning) if the pattern is gone.
 *
 * Every reading thread installs the worker, so the common case must be cheap: the copy's name is
 * derived from the installed worker file (path, size, mtime) and the patches themselves, and a copy
 * already there is used without reading and patching the 2.4 MB source again (that cost each
 * thread about 60 ms of CPU and 10 MB of short-lived strings). The copy is only ever created by
 * write-then-rename in a folder only this user can write to (privateDirectory), so one that exists
 * is whole and ours.
 */
async function patchedWorkerPath(): Promise<string | null> {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  const original = join(root, 'legacy', 'build', 'pdf.worker.mjs');
  const { size, mtimeMs } = await stat(original);
  const key = JSON.stringify([PATCH_VERSION, original, size, mtimeMs, PATTERN.source, SPLIT_GAP_EM, SINK_READY, ATTACHMENT_BOUND, SYNC_INFLATE]);
  const path = join(await privateDirectory(), `pdf-worker-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.mjs`);
  if (await isOwnFile(path)) return path;
  const patched = patchWorkerSource(await readFile(original, 'utf8'), SPLIT_GAP_EM);
  if (patched === null) {
    warn('SPACE_IN_FLOW_MAX_FACTOR not found in pdf.worker.mjs; tight table columns may merge');
    return null;
  }
  // Write-then-rename so that concurrent processes never import a half-written file.
  const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(partial, patched);
  await rename(partial, path);
  return path;
}

/** Raise when patchWorkerSource changes in a way its constants do not show, so old copies are not reused. */
const PATCH_VERSION = 3;

/**
 * A folder only this user can write to, for the patched copy: the copy is imported and run, so
 * it must never be a file someone else could have put in a shared temp folder under a name they
 * can work out (the name is derived from public facts). `<tmp>/paperjson-<uid>` is used if it is
 * a real folder (not a link) of this user that nobody else may write to; otherwise a fresh private
 * folder for this process (the copy is then written again, which costs time, not safety).
 */
async function privateDirectory(): Promise<string> {
  const uid = process.getuid?.() ?? -1;
  const folder = join(tmpdir(), `paperjson-${uid}`);
  await mkdir(folder, { mode: 0o700 }).catch(() => {});
  const info = await lstat(folder).catch(() => null);
  if (info && info.isDirectory() && !info.isSymbolicLink() && (uid === -1 || info.uid === uid) && (info.mode & 0o022) === 0) return folder;
  privateFallback ??= mkdtemp(join(tmpdir(), 'paperjson-'));
  return privateFallback;
}

let privateFallback: Promise<string> | undefined;

/** A regular file (not a link) of this user; only such a copy is imported. */
async function isOwnFile(path: string): Promise<boolean> {
  const info = await lstat(path).catch(() => null);
  const uid = process.getuid?.() ?? -1;
  return info !== null && info.isFile() && (uid === -1 || info.uid === uid);
}

/**
 * The worker source with the new split factor, or null if the constant is not there exactly once.
 * A cancelled text stream is also made to stop (SINK_READY); where that code is not found exactly
 * once it is left as it is, and a page whose text stream is cancelled is still read to its end.
 * Embedded files are decoded only up to a bound (ATTACHMENT_BOUND); where that code is not found
 * exactly once, the copy does not say it is bounded and no attachment is read. Streams are inflated
 * by zlib in one call (SYNC_INFLATE); where that code is not found exactly once, they go through a
 * DecompressionStream as in stock pdf.js.
 */
export function patchWorkerSource(source: string, splitGapEm: number): string | null {
  const matches = source.match(new RegExp(PATTERN.source, 'g'));
  if (matches?.length !== 1) return null;
  let patched = source.replace(PATTERN, `const SPACE_IN_FLOW_MAX_FACTOR = ${splitGapEm};`);
  if (source.split(SINK_READY.from).length === 2) patched = patched.replace(SINK_READY.from, SINK_READY.to);
  if (source.split(SYNC_INFLATE.from).length === 2) patched = patched.replace(SYNC_INFLATE.from, SYNC_INFLATE.to);
  const bound = ATTACHMENT_BOUND;
  const bounded = source.split(bound.from).length === 2;
  if (bounded) patched = patched.replace(bound.from, bound.to);
  // The copy lives elsewhere, so its relative source-map comment would point at nothing.
  patched = patched.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  return bounded ? `${patched}export const paperjsonAttachmentBound = ${MAX_E_INVOICE_BYTES + 1};\n` : patched;
}

/**
 * pdf.js interprets a page's content in slices of 100 operators and hands over the text read so
 * far after each; a reader that cancels the stream after its first chunk (inspect-pdf.ts asks only
 * whether a page has text) does not stop it: pdf.js looks at the stream again only when the reader
 * is full, so the page is still read to its end. Patched, the next slice first checks whether the
 * stream was cancelled and ends the page's text with pdf.js's own AbortException, which pdf.js
 * treats as a quiet stop. Reading a whole page (read-layout.ts) never cancels, so it is unaffected.
 */
const SINK_READY = {
  from: 'Promise.all([promise, sink.ready])',
  to: 'Promise.all([promise, sink.isCancelled ? Promise.reject(new AbortException("text stream cancelled")) : sink.ready])',
};

/**
 * pdf.js decodes an embedded file whole (FileSpec.readStreamContent calls stream.getBytes()), before
 * anyone can look at its size: a 4 KB attachment deflated twice inflates to a gigabyte, in typed
 * arrays no heap limit caps. Asked for a length, pdf.js's decode streams decode only the blocks that
 * length needs, so the copy reads at most one byte more than the largest e-invoice kept: an
 * attachment that long is then known to be too large (e-invoice-attachment.ts) at the cost of 2 MB.
 * Attachments are read for the e-invoice only, so no other reading loses anything.
 */
const ATTACHMENT_BOUND = {
  from: 'return stream.getBytes();\n  }\n}',
  to: `return stream.getBytes(${MAX_E_INVOICE_BYTES + 1});\n  }\n}`,
};

/**
 * pdf.js inflates a Flate stream of 1 KB or more (every text page's content stream, in most PDFs)
 * through a web DecompressionStream, the fast way in a browser. In Node that is a zlib handle
 * wrapped in a writable and a readable web stream, made for each stream and read chunk by chunk
 * through promises: about a quarter of a 500-page inspection's page reading in a profile (the
 * streams' set-up and their promise turns, 0.4-0.5 ms a page, for ~2 KB of compressed text). One
 * call to zlib's inflateSync gives the same bytes. It fails where the DecompressionStream does (a
 * truncated stream, a bad checksum, not zlib at all) and, like it, refuses bytes after the end of
 * the compressed data (inflateSync would ignore them); pdf.js then decodes the stream in
 * JavaScript, as it did when the DecompressionStream failed. The result is a plain Uint8Array of
 * its own, as the DecompressionStream's is (inflateSync's Buffer may be a view into a shared pool).
 * Its output is bounded (MAX_SYNC_INFLATE_BYTES in the copy): a synchronous call cannot be cut short
 * by a reading thread's time bound as a stream's chunks can, so a stream that inflates past it
 * (nothing an ordinary page or image needs) goes to pdf.js's JavaScript decoder instead, which an
 * image's read stops at the image's own size. Brotli streams keep pdf.js's path.
 */
const SYNC_INFLATE = {
  from: `    try {
      const {
        readable,
        writable
      } = new DecompressionStream(name);`,
  to: `    try {
      if (name === "deflate") {
        const MAX_SYNC_INFLATE_BYTES = 128 * 1024 * 1024;
        const inflated = process.getBuiltinModule("zlib").inflateSync(bytes, { info: true, maxOutputLength: MAX_SYNC_INFLATE_BYTES });
        if (inflated.engine.bytesWritten !== bytes.length) throw new Error("data after the end of the compressed stream");
        return { decompressed: new Uint8Array(inflated.buffer), compressed: bytes };
      }
      const {
        readable,
        writable
      } = new DecompressionStream(name);`,
};

function warn(message: string): void {
  process.emitWarning(`paperjson: ${message}`, { code: 'PAPERJSON_PDFJS_WORKER' });
}
