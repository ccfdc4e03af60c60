import { closeSync, fstatSync, readSync } from 'node:fs';

/**
 * Where a reader child (pdf-child.ts) finds its PDF when its parent sends it no bytes: a file the
 * parent has open (an upload, received to a temporary file by the API), handed down as the child's
 * stdio entry PDF_FILE_FD (pdf-in-child.ts).
 *
 * Why a file and not the bytes over IPC: sending a Uint8Array over the channel serialises it into
 * one more buffer of its size in the parent (held until the pipe has taken it all) and gathers it
 * in the child before it is deserialised into a second; for an upload of up to MAX_UPLOAD_BYTES,
 * which the parent need not hold at all while it is read, that was two of the copies that made
 * a 98 MB upload peak at 520 MB in the service process.
 */
export const PDF_FILE_FD = 5;

/**
 * The whole file open at `fd`, read by position from its start: the descriptor is the parent's
 * open file, shared with it (and with a second reader of the same upload), so its offset is
 * neither used nor moved. Closes `fd` (this process's copy) once read.
 */
export function readPdfFile(fd: number): Uint8Array {
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(size);
    for (let done = 0; done < size; ) {
      const read = readSync(fd, bytes, done, size - done, done);
      if (read === 0) throw new Error(`The PDF's file ended after ${done} of ${size} bytes.`);
      done += read;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}
