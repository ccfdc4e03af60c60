import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { randomUUID } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadedFile } from '../documents/documents.service.ts';
import { toError } from '../to-error.ts';

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
/**
 * The most text fields: the spec's two (`operations`, `map`) and a few to spare. Without a bound
 * a 48.8 MiB body of 900,000 empty fields took 15 s of the API's CPU and 2 GB of memory.
 */
export const MAX_FIELDS_PER_REQUEST = 4;

/** The body is not multipart data this service accepts (malformed, or past a limit): the client's fault. */
export class MultipartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartRefused';
  }
}

/**
 * A file could not be written to the temporary folder (full disk, no descriptors left, the folder
 * missing or not writable, an I/O error): the server's fault. Its message names no path; the
 * file-system error, which does, is its `cause`, for the log only.
 */
class UploadNotReceived extends Error {
  constructor(cause: unknown) {
    super(`An uploaded file could not be written to the temporary folder (${(cause as NodeJS.ErrnoException)?.code ?? 'unknown error'}).`, { cause });
    this.name = 'UploadNotReceived';
  }
}

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
 * limit.
 *
 * Throws MultipartRefused for a body that is not acceptable, UploadNotReceived for a file-system
 * fault, and an AbortError when the body ends early (its client gone, or the request timed out);
 * every file opened is closed before it throws. After the first failure the rest of the body is
 * still read, and dropped, so that the answer reaches the client: the body is never abandoned
 * half-read (whatwg-node destroys a request whose body's iterator is returned early, and Node then
 * drops the socket, which the client sees as a reset). It is bounded by Content-Length
 * (use-request-size-limit.ts) and by the server's request timeout.
 */
export async function receiveMultipart(request: Request, maxFileBytes: number): Promise<ReceivedMultipart> {
  const received: ReceivedMultipart = { fields: new Map(), files: new Map(), handles: [] };
  const writes: Promise<void>[] = [];
  const streams = new Set<Readable>();
  let failure: Error | undefined;
  let parser: BusboyInstance | undefined;
  // The first failure wins; the parser and the parts being written stop at once.
  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    for (const stream of streams) stream.destroy();
    parser?.destroy();
  };
  try {
    parser = new Busboy({
      headers: { 'content-type': request.headers.get('content-type') ?? '' },
      defCharset: 'utf-8',
      limits: { files: MAX_FILES_PER_REQUEST, fields: MAX_FIELDS_PER_REQUEST, parts: MAX_FILES_PER_REQUEST + MAX_FIELDS_PER_REQUEST },
    });
  } catch (error) {
    // No boundary, or not multipart at all.
    fail(new MultipartRefused(toError(error).message));
  }
  if (parser) {
    parser.on('error', (error: Error) => fail(new MultipartRefused(error.message)));
    parser.on('filesLimit', () => fail(new MultipartRefused(`Files limit exceeded: ${MAX_FILES_PER_REQUEST}`)));
    parser.on('fieldsLimit', () => fail(new MultipartRefused(`Fields limit exceeded: ${MAX_FIELDS_PER_REQUEST}`)));
    parser.on('partsLimit', () => fail(new MultipartRefused(`Parts limit exceeded: ${MAX_FILES_PER_REQUEST + MAX_FIELDS_PER_REQUEST}`)));
    parser.on('field', (name, value, nameTruncated, valueTruncated) => {
      if (nameTruncated) fail(new MultipartRefused('Field name size exceeded'));
      else if (valueTruncated) fail(new MultipartRefused(`Field value size exceeded (field "${name}")`));
      else received.fields.set(name, value);
    });
    parser.on('file', (name, stream, filename) => {
      if (failure) return void stream.resume();
      streams.add(stream);
      // A file part without a filename is still a file (its Content-Type said so); it gets the default name.
      const write = writeToUnlinkedFile(stream, maxFileBytes, received.handles).then(
        ({ size, handle }) => void received.files.set(name, new UploadOnDisk(filename ?? '', size, handle)),
        // A part cut short by a malformed body fails its write too: only a file-system error is the server's.
        (error: unknown) => fail(typeof (error as NodeJS.ErrnoException)?.syscall === 'string' ? new UploadNotReceived(error) : new MultipartRefused(toError(error).message)),
      );
      writes.push(write);
    });
  }
  const ended = parser ? endOf(parser) : Promise.resolve();
  let bodyFailed: unknown;
  if (!request.body) fail(new MultipartRefused('Unexpected end of form'));
  else {
    try {
      // Never left early (no break, nothing thrown inside): see above.
      for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
        if (failure || !parser) continue;
        if (!parser.write(chunk)) await drainOf(parser);
      }
    } catch (error) {
      bodyFailed = error;
    }
  }
  if (bodyFailed !== undefined) {
    // Its client is gone (or it took too long): nobody reads an answer. An AbortError is what yoga
    // expects of a request its client abandoned, and logs at debug, not as the service's failure.
    fail(request.signal?.aborted && request.signal.reason instanceof Error ? request.signal.reason : new DOMException('The request body ended early.', 'AbortError'));
  } else if (!failure) parser!.end();
  await ended;
  // Once every write has settled, those that failed have set `failure`.
  await Promise.all(writes);
  if (failure) {
    await Promise.allSettled(received.handles.map((handle) => handle.close()));
    throw failure;
  }
  return received;
}

/** Settles when the parser has parsed the whole body (`finish`) or was destroyed (`close`). */
function endOf(parser: BusboyInstance): Promise<void> {
  return new Promise((resolve) => {
    parser.once('finish', resolve);
    parser.once('close', resolve);
  });
}

/** Settles when the parser takes more (`drain`), or never will (`close`, after a failure). */
function drainOf(parser: BusboyInstance): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      parser.off('drain', done);
      parser.off('close', done);
      resolve();
    };
    parser.once('drain', done);
    parser.once('close', done);
  });
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
