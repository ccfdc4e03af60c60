import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PdfError } from './pdf-error.ts';

/**
 * The file a reader child writes a document's layout JSON into (pdf-child.ts), and how the parent
 * reads it back (pdf-in-child.ts).
 *
 * Why a file and not IPC messages: the parent had each page's JSON on its heap as it arrived (17 MB
 * for 500 text pages, more while V8 had not collected the messages), at the very moment the child
 * was at its own peak, and then joined them into one more string of that size for Postgres. Through
 * a file the parent holds nothing of the layout while the child runs, and afterwards one buffer
 * outside the V8 heap, which it parses page by page and hands to Postgres as it is.
 *
 * The file is unlinked as soon as it is opened: only the two processes' descriptors keep it, so
 * nothing is left on disk whatever happens to either. The child gets the descriptor as its stdio
 * entry LAYOUT_FILE_FD, and the environment-free child needs no path or permission of its own.
 */
export const LAYOUT_FILE_FD = 4;

/**
 * The most layout JSON a document may have: past this the reader stops (TOO_COMPLEX) rather than
 * fill the temporary folder's disk, and the parent never allocates more. It was jsonb's own limit
 * while layouts were kept as jsonb; the json column they are kept in now would take up to 1 GB, but
 * the worker parses the whole layout for every job on the document. A few thousand text-dense pages can reach it
 * (a page sharing one content stream of 10,000 text runs wrote about 1.9 MB of layout).
 */
export const MAX_LAYOUT_BYTES = 255 * 1024 * 1024;

/** The refusal of a layout past MAX_LAYOUT_BYTES, in the child and (should it get one) the parent. */
export function layoutTooLarge(maxBytes: number): PdfError {
  return new PdfError('TOO_COMPLEX', `The PDF's text layout is larger than the ${Math.round((10 * maxBytes) / 1024 / 1024) / 10} MiB the service can keep for a document.`);
}

/**
 * The child's exit code when writing the layout file failed (a full disk, an I/O error): the
 * service's trouble, not the file's, so the parent reports it as such and never as a damaged PDF.
 */
export const LAYOUT_WRITE_FAILED_EXIT = 75;

export async function openLayoutFile(): Promise<FileHandle> {
  const dir = await mkdtemp(path.join(tmpdir(), 'paperjson-layout-'));
  try {
    return await open(path.join(dir, 'layout.json'), 'w+', 0o600);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Byte range of one page's JSON in the layout file, as the child reported it. */
export interface LayoutPageSpan {
  start: number;
  end: number;
}

/**
 * The document's layout JSON as written by the child, read whole into one buffer, and each page's
 * JSON as a view into it (no copies). Throws CORRUPT when the spans the child reported do not fit
 * the file, in order: the parent trusts the child's code, but not blindly its bookkeeping.
 */
export async function readLayoutFile(
  file: FileHandle,
  spans: LayoutPageSpan[],
  maxBytes = MAX_LAYOUT_BYTES,
): Promise<{ json: Buffer; pages: Buffer[] }> {
  const { size } = await file.stat();
  if (size > maxBytes) throw layoutTooLarge(maxBytes);
  const json = Buffer.allocUnsafe(size);
  for (let read = 0; read < size; ) {
    const { bytesRead } = await file.read(json, read, size - read, read);
    if (bytesRead === 0) throw new PdfError('CORRUPT', 'The PDF reader wrote a layout that does not add up.');
    read += bytesRead;
  }
  let previousEnd = 0;
  for (const { start, end } of spans) {
    if (!(start >= previousEnd && end >= start && end <= size)) throw new PdfError('CORRUPT', 'The PDF reader wrote a layout that does not add up.');
    previousEnd = end;
  }
  return { json, pages: spans.map(({ start, end }) => json.subarray(start, end)) };
}
