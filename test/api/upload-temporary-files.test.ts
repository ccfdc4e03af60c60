import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_FILES_PER_REQUEST } from '../../src/api/receive-multipart.ts';
import { storingUploads } from '../../src/documents/documents.service.ts';
import { TEST_EXIT_ENV } from '../../src/pdf/pdf-child-test-exit.ts';
import { readingSlots, uploadsWaiting } from '../../src/pdf/reading-slots.ts';
import { fixture } from '../fixtures/read-fixture.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadTemporaryFolder } from './upload-temporary-folder.ts';

/**
 * An upload is received to a temporary file (api/receive-multipart.ts), unlinked as soon as it is
 * open, and closed once its request is answered, whatever the answer. This process is the API's
 * (test files run in processes of their own), so its open descriptors are the uploads' files; the
 * temporary folder is this file's own.
 */
const MAX_UPLOAD_BYTES = 16 * 1024;
const { folder, openUploadFiles } = uploadTemporaryFolder('paperjson-upload-files-');
let app: TestApp;

beforeAll(async () => {
  // One upload of the tenant's may wait for a reader (MAX_WAITING_UPLOADS 2, half per tenant).
  app = await startTestApp({ worker: false, env: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES), MAX_WAITING_UPLOADS: '2' } });
});
afterAll(async () => {
  await app?.stop();
});

/** Holds both reading slots of this process (the API's), as two long uploads being read would. */
async function readersBusy(): Promise<() => void> {
  const held = [await readingSlots.acquire(), await readingSlots.acquire()];
  return () => held.forEach((release) => release());
}

const documentCount = async () =>
  Number((await app.database.db.selectFrom('documents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** An uploadDocument request's multipart body, with a boundary of our own, for a request sent by hand. */
function multipartBody(bytes: Uint8Array, boundary: string): Buffer {
  const operations = JSON.stringify({ query: 'mutation($file: File!) { uploadDocument(file: $file) { id } }', variables: { file: null } });
  const part = (headers: string, body: string | Uint8Array) => [Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(body), Buffer.from('\r\n')];
  return Buffer.concat([
    ...part('Content-Disposition: form-data; name="operations"', operations),
    ...part('Content-Disposition: form-data; name="map"', JSON.stringify({ 0: ['variables.file'] })),
    ...part('Content-Disposition: form-data; name="0"; filename="cut.pdf"\r\nContent-Type: application/pdf', bytes),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
}

describe("an upload's temporary file", () => {
  it('is on disk under no name while the upload waits for a reader, and closed once it is stored', async () => {
    const release = await readersBusy();
    let sent;
    try {
      sent = app.upload({ bytes: fixture('invoice-2p.pdf'), name: 'kept.pdf' });
      await vi.waitUntil(() => uploadsWaiting() === 1, { timeout: 10_000 });
      expect(openUploadFiles()).toEqual([expect.stringMatching(/ \(deleted\)$/)]);
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      release();
    }
    const answer = await sent;
    expect(answer.data.uploadDocument).toMatchObject({ filename: 'kept.pdf', pageCount: 2, sizeBytes: fixture('invoice-2p.pdf').byteLength });
    await vi.waitUntil(() => openUploadFiles().length === 0, { timeout: 10_000 });
  });

  it('is closed when the upload is refused: too large, or past its share of the queue while the readers are busy', async () => {
    const tooLarge = await app.upload({ bytes: new Uint8Array(MAX_UPLOAD_BYTES + 1), name: 'big.pdf' });
    expect(tooLarge).toMatchObject({ status: 413, errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    await vi.waitUntil(() => openUploadFiles().length === 0, { timeout: 10_000 });

    const release = await readersBusy();
    let waiting;
    try {
      waiting = app.upload({ bytes: fixture('invoice-2p.pdf'), name: 'first.pdf' });
      await vi.waitUntil(() => uploadsWaiting() === 1, { timeout: 10_000 });
      const refused = await app.upload({ bytes: fixture('invoice-2p.pdf'), name: 'second.pdf' });
      expect(refused).toMatchObject({ status: 400, errors: [{ extensions: { code: 'BAD_USER_INPUT', retryable: true } }] });
      // The refused upload's file is closed; the waiting one's is still open.
      await vi.waitUntil(() => openUploadFiles().length === 1, { timeout: 10_000 });
    } finally {
      release();
    }
    expect((await waiting).data.uploadDocument).toMatchObject({ filename: 'first.pdf' });
    await vi.waitUntil(() => openUploadFiles().length === 0, { timeout: 10_000 });
  });

  it('is closed when its reader crashes', async () => {
    process.env[TEST_EXIT_ENV] = 'after-open';
    try {
      const answer = await app.upload({ bytes: fixture('invoice-2p.pdf'), name: 'crash.pdf' });
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNPROCESSABLE');
    } finally {
      delete process.env[TEST_EXIT_ENV];
    }
    await vi.waitUntil(() => openUploadFiles().length === 0, { timeout: 10_000 });
  });

  it('is closed when its client goes away while it waits for a reader, and nothing is stored', async () => {
    const before = await documentCount();
    const release = await readersBusy();
    try {
      const client = new AbortController();
      const form = new FormData();
      form.set('operations', JSON.stringify({ query: 'mutation($file: File!) { uploadDocument(file: $file) { id } }', variables: { file: null } }));
      form.set('map', JSON.stringify({ 0: ['variables.file'] }));
      form.set('0', new Blob([new Uint8Array(fixture('invoice-2p.pdf'))], { type: 'application/pdf' }), 'gone.pdf');
      const sent = fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${app.apiKey}` }, body: form, signal: client.signal });
      await vi.waitUntil(() => uploadsWaiting() === 1, { timeout: 10_000 });
      expect(openUploadFiles()).toHaveLength(1);
      client.abort();
      await expect(sent).rejects.toThrow();
      await vi.waitUntil(() => openUploadFiles().length === 0, { timeout: 10_000 });
      expect(uploadsWaiting()).toBe(0);
    } finally {
      release();
    }
    expect(await documentCount()).toBe(before);
  });

  it('is closed when its client goes away in the middle of sending it, and nothing is stored', async () => {
    const before = await documentCount();
    const boundary = 'paperjson-test-boundary';
    const body = multipartBody(fixture('table-300.pdf').subarray(0, 12 * 1024), boundary);
    const url = new URL(app.url);
    const sending = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { authorization: `Bearer ${app.apiKey}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.byteLength },
    });
    sending.on('error', () => {});
    // All but the last 4 KB of the file: the file part has begun, and its temporary file is open
    // (twice while it is written: to write, and to read afterwards).
    sending.write(body.subarray(0, body.byteLength - 4096));
    await vi.waitUntil(() => openUploadFiles().length > 0, { timeout: 10_000 });
    sending.destroy();
    await vi.waitUntil(() => openUploadFiles().length === 0, { timeout: 10_000 });
    expect(await documentCount()).toBe(before);
  });
});

it("an upload read while another's bytes are being stored waits with only its file, and is stored after it", async () => {
  const before = await documentCount();
  const storing = await storingUploads.acquire();
  let sent;
  try {
    sent = app.upload({ bytes: fixture('invoice-2p.pdf'), name: 'next.pdf' });
    await vi.waitUntil(() => storingUploads.waiting === 1, { timeout: 10_000 });
    expect(await documentCount()).toBe(before);
    expect(openUploadFiles()).toHaveLength(1);
  } finally {
    storing();
  }
  expect((await sent).data.uploadDocument).toMatchObject({ filename: 'next.pdf' });
  expect(await documentCount()).toBe(before + 1);
});

it('uploads read and waiting to be stored are bounded by MAX_WAITING_UPLOADS: the next is refused, retryable, and its file closed', async () => {
  const before = await documentCount();
  const storing = await storingUploads.acquire();
  let waiting;
  try {
    waiting = [app.upload({ bytes: fixture('invoice-2p.pdf'), name: 'one.pdf' }), app.upload({ bytes: fixture('invoice-2p.pdf'), name: 'two.pdf' })];
    await vi.waitUntil(() => storingUploads.waiting === 2, { timeout: 10_000 });
    const refused = await app.upload({ bytes: fixture('invoice-2p.pdf'), name: 'three.pdf' });
    expect(refused).toMatchObject({
      status: 400,
      errors: [{ message: 'Too many uploads are waiting to be stored (at most 2); retry when they finish.', extensions: { code: 'BAD_USER_INPUT', retryable: true } }],
    });
    await vi.waitUntil(() => openUploadFiles().length === 2, { timeout: 10_000 });
  } finally {
    storing();
  }
  const stored = await Promise.all(waiting);
  expect(stored.map((answer) => answer.data.uploadDocument.filename).sort()).toEqual(['one.pdf', 'two.pdf']);
  expect(await documentCount()).toBe(before + 2);
  await vi.waitUntil(() => openUploadFiles().length === 0, { timeout: 10_000 });
});

it(`a request of more than ${MAX_FILES_PER_REQUEST} files is refused as invalid multipart data, and none of its files stays open`, async () => {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: 'mutation($file: File!) { uploadDocument(file: $file) { id } }', variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  for (let i = 0; i <= MAX_FILES_PER_REQUEST; i++) form.set(String(i), new Blob([new Uint8Array(fixture('invoice-2p.pdf'))], { type: 'application/pdf' }), `${i}.pdf`);
  const before = await documentCount();
  const response = await fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${app.apiKey}` }, body: form });
  const answer = (await response.json()) as { errors?: Array<{ message: string }> };
  expect(response.status).toBe(400);
  expect(answer.errors?.[0]?.message).toMatch(/Files limit exceeded/);
  await vi.waitUntil(() => openUploadFiles().length === 0, { timeout: 10_000 });
  expect(await documentCount()).toBe(before);
});

it('a JSON variable shaped like a received file is not a file: BAD_USER_INPUT', async () => {
  const response = await app.gql('mutation($f: File!) { uploadDocument(file: $f) { id } }', { f: { name: 'x.pdf', size: 10, handle: { fd: 0 } } });
  expect(response.status).toBe(400);
  expect(response.errors?.[0]).toMatchObject({ message: expect.stringMatching(/multipart/), extensions: { code: 'BAD_USER_INPUT' } });
});
