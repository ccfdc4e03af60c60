import { Busboy } from '@fastify/busboy';
import { randomUUID } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadedFile } from '../documents/documents.service.ts';

/**
 * A multipart request's file, received to a temporary file under the OS temporary folder that is
 * unlinked as soon as it is open: only this process's read-only descriptor (and a reader child's
 * copy of it, pdf-in-child.ts) keeps it, so nothing stays on disk once it is closed, nor after a
 * crash. A class, not a shape: the File scalar accepts nothing else (a JSON variable shaped like
 * one must not name a descriptor of this process).
 */
export class UploadOnDisk implements UploadedFile {
  readonly name: string;
  readonly size: number;
  readonly handle: FileHandle;

  constructor(name: string, size: number, handle: FileHandle) {
    this.name = name;
    this.size = size;
    this.handle = handle;
  }
}

/**
 * The most files one request may send: each holds two descriptors while it is received and one
 * until the request ends, so a body of many tiny files must not exhaust the process's descriptors.
 * One upload takes one; a few aliased uploads in one request stay well under it.
 */
export const MAX_FILES_PER_REQUEST = 8;

/** A multipart request's text fields and files, by field name; `handles`: every file opened, to close when the request ends. */
export interface ReceivedMultipart {
  fields: Map<string, string>;
  files: Map<string, UploadOnDisk>;
  handles: FileHandle[];
}

/**
 * Receives a multipart/form-data body, each file part straight to its own temporary file, so
 * that this process holds none of an upload's bytes beyond the socket's chunks in flight (as
 * yoga's own parser did, whatwg-node gathered every file in memory and copied it once more for
 * arrayBuffer()). A file's bytes past `maxFileBytes` are counted, for its `size`, but not kept:
 * it is refused as too large (documents.service.ts), and its temporary file never grows past the
 * limit. On failure (a malformed body, a client gone mid-body, a full disk) every file opened is
 * closed before this throws.
 */
export async function receiveMultipart(request: Request, maxFileBytes: number): Promise<ReceivedMultipart> {
  const received: ReceivedMultipart = { fields: new Map(), files: new Map(), handles: [] };
  const writes: Promise<void>[] = [];
  const streams = new Set<Readable>();
  let refusal: Error | undefined;
  try {
    const parser = new Busboy({
      headers: { 'content-type': request.headers.get('content-type') ?? '' },
      defCharset: 'utf-8',
      limits: { files: MAX_FILES_PER_REQUEST },
    });
    // Files past the limit are skipped unread; the request is refused once its body is in.
    parser.on('filesLimit', () => (refusal ??= new Error(`Files limit exceeded: ${MAX_FILES_PER_REQUEST}`)));
    parser.on('field', (name, value, nameTruncated, valueTruncated) => {
      if (nameTruncated) refusal ??= new Error('Field name size exceeded');
      else if (valueTruncated) refusal ??= new Error(`Field value size exceeded (field "${name}")`);
      else received.fields.set(name, value);
    });
    parser.on('file', (name, stream, filename) => {
      streams.add(stream);
      const write = writeToUnlinkedFile(stream, maxFileBytes, received.handles).then(
        ({ size, handle }) => void received.files.set(name, new UploadOnDisk(filename, size, handle)),
        (error: unknown) => {
          // A part no longer read would stall the parser, and the request with it: end both.
          parser.destroy(error as Error);
          throw error;
        },
      );
      // Awaited below; until then its failure must not count as unhandled.
      write.catch(() => {});
      writes.push(write);
    });
    if (!request.body) throw new Error('Unexpected end of form');
    await pipeline(Readable.from(request.body as unknown as AsyncIterable<Uint8Array>), parser);
    await Promise.all(writes);
    if (refusal) throw refusal;
    return received;
  } catch (error) {
    // A part still being written when the body failed may never end: end it, so that its write settles.
    for (const stream of streams) stream.destroy();
    await Promise.allSettled(writes);
    await Promise.allSettled(received.handles.map((handle) => handle.close()));
    throw error;
  }
}

/**
 * Writes one file part to a new temporary file, unlinked at once, and gives its size and a
 * read-only handle of it (pushed onto `handles` as soon as it is open, so the caller's clean-up
 * finds it whatever happens next). Past `maxBytes` it only counts.
 */
async function writeToUnlinkedFile(stream: Readable, maxBytes: number, handles: FileHandle[]): Promise<{ size: number; handle: FileHandle }> {
  const file = path.join(tmpdir(), `paperjson-upload-${randomUUID()}`);
  const writing = await open(file, 'wx', 0o600);
  let reading: FileHandle;
  try {
    reading = await open(file, 'r');
    handles.push(reading);
    // From here only the descriptors keep the file.
    await unlink(file);
  } catch (error) {
    await writing.close();
    await unlink(file).catch(() => {});
    throw error;
  }
  let size = 0;
  // The write stream closes `writing` when it ends, or is destroyed by the pipeline's failure.
  await pipeline(
    stream,
    async function* upToLimit(chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        size += chunk.length;
        if (size <= maxBytes) yield chunk;
      }
    },
    writing.createWriteStream(),
  );
  return { size, handle: reading };
}
