import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { appError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { createLimiter } from '../models/limiter.ts';
import { inspectInChild } from '../pdf/pdf-in-child.ts';
import { PdfError } from '../pdf/pdf-error.ts';
import { HEADER_WINDOW, hasPdfHeader } from '../pdf/pdf-header.ts';
import { checkUploadAdmission, ReadersBusy } from '../pdf/reading-slots.ts';
import { toError } from '../to-error.ts';
import { insertDocument, insertUploadedLayout, type DocumentRecord } from './documents.repository.ts';

/** Even a 2,000-page PDF is inspected in seconds; a PDF that takes longer is treated as unreadable. */
const INSPECT_TIMEOUT_MS = 60_000;
/**
 * A document of at most this many pages has its layout read and stored with the upload, so the
 * first job on it starts its model calls without starting a pdf.js reader (0.7-1.4 s on a busy
 * machine). Reading a whole page costs a few ms more than asking whether it has text, so this
 * adds well under half a second to an upload this short; longer documents, whose read is long
 * either way, keep the upload as fast as before and get their layout from their first job
 * (document-layout.ts).
 */
const LAYOUT_AT_UPLOAD_MAX_PAGES = 20;

/**
 * Uploads being stored at once per process. Storing holds a file's bytes twice (read for the
 * insert, and pg's Bind message of them): up to 2 × MAX_UPLOAD_BYTES each. Uploads whose reads
 * ended together were stored together: four 50 MiB uploads at once took the service to ~480 MB.
 * One at a time, an upload waits at most for the inserts before it (about a second for 50 MiB on
 * a local Postgres), while holding only its temporary file; at most MAX_WAITING_UPLOADS wait, and
 * the next is refused (storingBusy), retryable, as one past the readers' queue is.
 */
export const storingUploads = createLimiter(1);

export interface UploadLimits {
  maxUploadBytes: number;
  maxPages: number;
  /** The heap bound of the inspection's reader child (UPLOAD_READER_MEMORY_MB); a file that needs more is hostile or broken. */
  readerMemoryMb: number;
  /**
   * Uploads that may wait for a PDF reader at once, of all tenants (MAX_WAITING_UPLOADS,
   * reading-slots.ts); as many may wait, once read, for their turn to be stored.
   */
  maxWaiting: number;
}

/**
 * What the API hands over from a multipart upload: the file as it was received to a temporary
 * file (api/receive-multipart.ts), so that no copy of it is in memory while it waits for a
 * reader or is read.
 */
export interface UploadedFile {
  name: string;
  /** The bytes the client sent. Past the upload limit the file holds fewer: it is then refused unread. */
  size: number;
  /** The file, open for reading (by position only: its reader child shares it); the API closes it once the request is answered. */
  handle: FileHandle;
}

/**
 * Checks an uploaded PDF and stores it. Every rejection happens before anything is written, so a
 * refused upload leaves no trace. `signal`: the request's, aborted when the client has gone away;
 * an upload still waiting for a PDF reader then leaves the queue unread.
 */
export async function uploadDocument(
  db: Kysely<Database>,
  tenantId: string,
  file: UploadedFile,
  limits: UploadLimits,
  logger: Logger,
  signal?: AbortSignal,
): Promise<DocumentRecord> {
  if (file.size > limits.maxUploadBytes) throw tooLarge(file.size, limits.maxUploadBytes);
  // Not read at all: "not a PDF header" would send the user looking at the wrong file's content.
  if (file.size === 0) throw appError('UNPROCESSABLE', 'The file is empty.', { reason: 'NOT_PDF' });
  const admission = { tenantId, signal, maxWaiting: limits.maxWaiting };
  let counts: Awaited<ReturnType<typeof inspectInChild>>;
  try {
    // Refused while the queue is full before anything is read. The body has been received by
    // then, to disk: a waiting upload holds a descriptor, not its bytes.
    checkUploadAdmission(admission);
    // A file without a PDF header is refused here: a reader child takes 1-2 s to start, for an
    // answer its first 1 KiB gives (the child checks again; everything else needs pdf.js).
    if (!(await startsLikePdf(file))) throw new PdfError('NOT_PDF', 'no %PDF- header in the first 1024 bytes');
    // The reader child reads the file itself: none of its bytes pass through this process.
    counts = await inspectInChild(
      { fd: file.handle.fd },
      { maxPages: limits.maxPages, timeoutMs: INSPECT_TIMEOUT_MS, maxMemoryMb: limits.readerMemoryMb, layoutUpToPages: LAYOUT_AT_UPLOAD_MAX_PAGES },
      logger,
      admission,
    );
  } catch (error) {
    if (error instanceof PdfError) throw rejection(error, limits.maxPages);
    if (error instanceof ReadersBusy) throw readersBusy(error);
    if (signal?.aborted) throw abandoned();
    throw error;
  }
  // Gone while its file was read, or while it waits to be stored: a document nobody asked for
  // any more is not stored.
  if (signal?.aborted) throw abandoned();
  // Uploads read and waiting to be stored are bounded as those waiting to be read are: each
  // holds its temporary file and its request, and a slow database must not let them pile up.
  const mustWait = storingUploads.inFlight >= storingUploads.max || storingUploads.waiting > 0;
  if (mustWait && storingUploads.waiting >= limits.maxWaiting) throw storingBusy(limits.maxWaiting);
  const release = await storingUploads.acquire(signal).catch(() => {
    throw abandoned();
  });
  let document: DocumentRecord;
  try {
    if (signal?.aborted) throw abandoned();
    // Into memory once, only to be stored (Postgres takes it as one parameter), and dropped after.
    const bytes = await readWholeFile(file.handle, file.size);
    document = await insertDocument(db, {
      tenantId,
      filename: cleanFilename(file.name),
      sizeBytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      pageCount: counts.pageCount,
      textPageCount: counts.textPageCount,
      warnings: counts.warnings ?? [],
      content: bytes,
    });
  } finally {
    release();
  }
  if (counts.warnings !== undefined) {
    // Accepted: some page reads. The pages that do not are named in the document's warnings and
    // kept in its layout (PageLayout.unreadable), so every job on it says so too.
    logger.warn({ documentId: document.id, warnings: counts.warnings }, 'some pages of the document could not be read');
  }
  if (counts.layoutMissing !== undefined) {
    // Accepted all the same: the first job reads the layout (and fails then if it must).
    logger.warn({ documentId: document.id, pageCount: counts.pageCount, reason: counts.layoutMissing }, 'layout not read at upload; the first job will read it');
  }
  if (counts.layoutJson !== undefined) {
    // Best effort, after the document is committed: without it the first job reads the layout.
    try {
      await insertUploadedLayout(db, document.id, counts.layoutJson);
    } catch (error) {
      logger.warn({ err: toError(error), documentId: document.id }, 'could not store the layout read at upload; the first job will read it');
    }
  }
  return document;
}

async function startsLikePdf(file: UploadedFile): Promise<boolean> {
  const head = new Uint8Array(Math.min(file.size, HEADER_WINDOW));
  const { bytesRead } = await file.handle.read(head, 0, head.byteLength, 0);
  return hasPdfHeader(head.subarray(0, bytesRead));
}

/** The first `size` bytes of the file, read by position (its offset is not ours to move). */
async function readWholeFile(handle: FileHandle, size: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(size);
  for (let done = 0; done < size; ) {
    const { bytesRead } = await handle.read(bytes, done, size - done, done);
    if (bytesRead === 0) throw new Error(`The upload's temporary file ended after ${done} of ${size} bytes.`);
    done += bytesRead;
  }
  return bytes;
}

function tooLarge(size: number, max: number) {
  return appError('PAYLOAD_TOO_LARGE', `The file is ${size} bytes; the limit is ${max} bytes.`, { maxBytes: max });
}

/** Nobody reads this answer; thrown as the caller's so that it is not logged as the service's failure. */
const abandoned = () => appError('BAD_USER_INPUT', 'The upload was abandoned: the client closed the connection.');

/**
 * BAD_USER_INPUT although nothing is wrong with the file: the API's contract has no "busy" code,
 * and its other refusal for too much waiting (large request bodies, use-large-json-body.ts) uses
 * it too. `retryable` tells a client apart from a refusal of the file itself. `mine`: the
 * tenant's own uploads fill its share of the queue (maxWaitingPerTenant), so it is told about
 * those; otherwise several tenants' uploads fill all of it.
 */
function readersBusy(busy: ReadersBusy) {
  const message = busy.mine
    ? `Too many of your uploads are waiting to be read (at most ${busy.maxWaiting}); retry when they finish.`
    : `Too many uploads are waiting to be read (at most ${busy.maxWaiting}); retry when they finish.`;
  return appError('BAD_USER_INPUT', message, { maxWaitingUploads: busy.maxWaiting, retryable: true });
}

/** As readersBusy, for uploads read and waiting for their turn to be stored (storingUploads). */
function storingBusy(maxWaiting: number) {
  return appError('BAD_USER_INPUT', `Too many uploads are waiting to be stored (at most ${maxWaiting}); retry when they finish.`, {
    maxWaitingUploads: maxWaiting,
    retryable: true,
  });
}

function rejection(error: PdfError, maxPages: number) {
  switch (error.kind) {
    case 'NOT_PDF':
      return appError('UNPROCESSABLE', 'The file is not a PDF (it does not start with a PDF header).', { reason: error.kind });
    case 'ENCRYPTED':
      return appError('UNPROCESSABLE', 'The PDF needs a password to open; upload a copy without a password (for example, print it to PDF).', {
        reason: error.kind,
      });
    case 'CORRUPT':
      return appError('UNPROCESSABLE', `The PDF is corrupt and cannot be read: ${error.message} Re-save or re-export it and upload again.`, {
        reason: error.kind,
      });
    case 'TOO_COMPLEX':
      return appError('UNPROCESSABLE', `${error.message} Split it into smaller files or re-export it (for example, print it to PDF).`, {
        reason: error.kind,
      });
    case 'NO_PAGES':
      return appError('UNPROCESSABLE', 'The PDF has no pages.', { reason: error.kind });
    case 'TOO_MANY_PAGES':
      return appError('UNPROCESSABLE', `The PDF has more than ${maxPages} pages, the limit of this service.`, {
        reason: error.kind,
        maxPages,
      });
  }
}

function cleanFilename(name: string): string {
  // Keep what a person would recognise; drop paths and control characters some clients send.
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return cleaned || 'document.pdf';
}
