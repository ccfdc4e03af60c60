import { request, type ClientRequest } from 'node:http';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_FIELDS_PER_REQUEST } from '../../src/api/receive-multipart.ts';
import { serializeError } from '../../src/logger.ts';
import { fixture } from '../fixtures/read-fixture.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadTemporaryFolder } from './upload-temporary-folder.ts';

/**
 * How the API receives a multipart body (api/receive-multipart.ts, plugins/use-uploads-on-disk.ts):
 * what a client is answered when the reception fails before its body is in, what is logged, and
 * what is checked before a byte of the body is written. This process is the API's (test files run
 * in processes of their own), so its open descriptors are the uploads' files; the temporary folder
 * is this file's own.
 */
const { folder, openUploadFiles } = uploadTemporaryFolder('paperjson-reception-');
const logLines: Array<{ level: number; msg: string; err?: { type: string; message: string; cause?: { code?: string } } }> = [];
let app: TestApp;

beforeAll(async () => {
  // The service's own error serializer, to a list instead of stdout.
  const logger = pino({ level: 'debug', serializers: { err: serializeError } }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
  app = await startTestApp({ worker: false, logger, env: { MAX_UPLOAD_BYTES: String(20 * 1024 * 1024) } });
});
afterAll(async () => {
  await app?.stop();
});

const BOUNDARY = 'paperjson-reception-boundary';
const UPLOAD = 'mutation($file: File!) { uploadDocument(file: $file) { id filename } }';

/** An uploadDocument request's multipart body; `fileHeaders` are the file part's own. */
function uploadBody(file: Uint8Array, fileHeaders = 'Content-Disposition: form-data; name="0"; filename="a.pdf"'): Buffer {
  const part = (headers: string, body: string | Uint8Array) => [Buffer.from(`--${BOUNDARY}\r\n${headers}\r\n\r\n`), Buffer.from(body), Buffer.from('\r\n')];
  return Buffer.concat([
    ...part('Content-Disposition: form-data; name="operations"', JSON.stringify({ query: UPLOAD, variables: { file: null } })),
    ...part('Content-Disposition: form-data; name="map"', JSON.stringify({ 0: ['variables.file'] })),
    ...part(fileHeaders, file),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
}

interface Answer {
  status?: number;
  body?: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; data?: any };
  /** The connection failed instead (ECONNRESET, ...). */
  failed?: string;
}

/** Opens a multipart POST of `length` bytes; the caller writes the body. */
function open(length: number, key: string | null = app.apiKey): { request: ClientRequest; answer: Promise<Answer> } {
  const url = new URL(app.url);
  const sending = request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      'content-length': length,
    },
  });
  const answer = new Promise<Answer>((resolve) => {
    sending.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: JSON.parse(text) }));
      response.on('error', (error) => resolve({ failed: (error as NodeJS.ErrnoException).code ?? error.message }));
    });
    sending.on('error', (error) => resolve({ failed: (error as NodeJS.ErrnoException).code ?? error.message }));
  });
  return { request: sending, answer };
}

/** Sends `body` in 64 KiB pieces, each after the last has left, so that the server fails while the body is still arriving. */
function sendInPieces(body: Buffer, key?: string | null): Promise<Answer> {
  const { request: sending, answer } = open(body.byteLength, key);
  let offset = 0;
  const next = () => {
    if (sending.destroyed) return;
    if (offset >= body.byteLength) return void sending.end();
    const piece = body.subarray(offset, (offset += 64 * 1024));
    if (sending.write(piece)) setImmediate(next);
    else sending.once('drain', next);
  };
  next();
  return answer;
}

describe('a reception that fails before the body is in', () => {
  it('a file that cannot be written (no temporary folder) is answered INTERNAL, without the server path, and logged; the connection is not reset', async () => {
    const missing = path.join(folder, 'missing');
    process.env.TMPDIR = missing;
    let answer: Answer;
    try {
      answer = await sendInPieces(uploadBody(new Uint8Array(5_000_000)));
    } finally {
      process.env.TMPDIR = folder;
    }
    expect(answer).toMatchObject({ status: 500, body: { errors: [{ extensions: { code: 'INTERNAL' } }] } });
    expect(JSON.stringify(answer.body)).not.toContain(missing);
    expect(logLines).toContainEqual(
      expect.objectContaining({ msg: 'internal error', err: expect.objectContaining({ type: 'UploadNotReceived', cause: expect.objectContaining({ code: 'ENOENT' }) }) }),
    );
    await vi.waitUntil(() => openUploadFiles().length === 0, { timeout: 10_000 });
  });

  it('a field past its size limit, with more body after it, is answered BAD_USER_INPUT (400)', async () => {
    const body = Buffer.concat([
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n`),
      Buffer.alloc(2_000_000, 0x20),
      Buffer.from(`{}\r\n--${BOUNDARY}--\r\n`),
    ]);
    const answer = await sendInPieces(body);
    expect(answer).toMatchObject({ status: 400, body: { errors: [{ message: expect.stringMatching(/Field value size exceeded/), extensions: { code: 'BAD_USER_INPUT' } }] } });
  });

  it(`a body of more than ${MAX_FIELDS_PER_REQUEST} fields is refused at the first one past the limit: BAD_USER_INPUT (400)`, async () => {
    const fields = Array.from({ length: 200_000 }, (_, i) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n\r\n`);
    const answer = await sendInPieces(Buffer.from(fields.join('') + `--${BOUNDARY}--\r\n`));
    expect(answer).toMatchObject({ status: 400, body: { errors: [{ message: expect.stringMatching(/Fields limit exceeded/), extensions: { code: 'BAD_USER_INPUT' } }] } });
  });

  it('a client gone in the middle of its body is not logged as an internal error, and its file is closed', async () => {
    const body = uploadBody(new Uint8Array(1_000_000));
    const { request: sending } = open(body.byteLength);
    sending.write(body.subarray(0, 500_000));
    await vi.waitUntil(() => openUploadFiles().length > 0, { timeout: 10_000 });
    const logged = logLines.length;
    sending.destroy();
    await vi.waitUntil(() => openUploadFiles().length === 0, { timeout: 10_000 });
    // The request has ended by the time its files are closed; what it logged is in.
    expect(logLines.slice(logged).filter((line) => line.level >= 50)).toEqual([]);
  });
});

it('a file part without a filename is stored under the default name', async () => {
  const answer = await sendInPieces(uploadBody(fixture('invoice-2p.pdf'), 'Content-Disposition: form-data; name="0"\r\nContent-Type: application/octet-stream'));
  expect(answer).toMatchObject({ status: 200, body: { data: { uploadDocument: { filename: 'document.pdf' } } } });
});

describe('before a byte of the body is received', () => {
  it('the API key is checked: without one, or with an unknown one, the answer comes before the body and nothing is written', async () => {
    for (const [key, message] of [
      [null, /Missing API key/],
      ['pj_not_a_key', /Unknown or revoked API key/],
    ] as const) {
      const { request: sending, answer } = open(16 * 1024 * 1024, key);
      sending.write(uploadBody(new Uint8Array(4 * 1024 * 1024)).subarray(0, 4 * 1024 * 1024));
      // The body is far from complete: the answer is the key's.
      expect(await answer).toMatchObject({ status: 401, body: { errors: [{ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } }] } });
      expect(openUploadFiles()).toEqual([]);
      sending.destroy();
    }
  });

  it('receptions from one client address are bounded: past the bound a request is refused BAD_USER_INPUT (retryable), as a large JSON body is', async () => {
    const body = uploadBody(new Uint8Array(64 * 1024));
    const started: ClientRequest[] = [];
    try {
      // Each started and stalled with its file part begun (two descriptors each while written).
      for (let i = 0; i < 21; i++) {
        const { request: sending } = open(body.byteLength);
        sending.write(body.subarray(0, body.byteLength - 1024));
        started.push(sending);
      }
      await vi.waitUntil(() => openUploadFiles().length === 42, { timeout: 20_000 });
      const refused = await sendInPieces(uploadBody(fixture('invoice-2p.pdf')));
      expect(refused).toMatchObject({
        status: 400,
        body: { errors: [{ message: expect.stringMatching(/Too many uploads in progress from this client address \(at most 21\)/), extensions: { code: 'BAD_USER_INPUT', retryable: true } }] },
      });
    } finally {
      started.forEach((sending) => sending.destroy());
    }
    await vi.waitUntil(() => openUploadFiles().length === 0, { timeout: 10_000 });
    // Freed once they ended.
    expect(await sendInPieces(uploadBody(fixture('invoice-2p.pdf')))).toMatchObject({ status: 200 });
  });
});

it('a body cut short inside its file part (Content-Length met, no closing boundary) is refused BAD_USER_INPUT (400) as invalid multipart data, and its file is closed', async () => {
  // The parser's own "Unexpected end of form" is the first failure here, ahead of the file write's
  // (checked: the answer is the same whichever way receive-multipart.ts classes a failed write).
  // That a write failing for the file system, not the body, is INTERNAL: "a file that cannot be
  // written" above.
  const body = uploadBody(new Uint8Array(300_000));
  const answer = await sendInPieces(body.subarray(0, body.byteLength - 100_000));
  expect(answer).toMatchObject({ status: 400, body: { errors: [{ message: expect.stringMatching(/invalid multipart data: Unexpected end/), extensions: { code: 'BAD_USER_INPUT' } }] } });
  await vi.waitUntil(() => openUploadFiles().length === 0, { timeout: 10_000 });
});
