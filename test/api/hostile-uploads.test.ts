import type { ChildProcess } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readingSlots, uploadsWaiting } from '../../src/pdf/reading-slots.ts';
import { unreadablePageWarnings } from '../../src/pdf/unreadable-pages.ts';
import type { DocumentLayout } from '../../src/domain/types.ts';
import { denseTextPage } from '../fixtures/dense-text-page.ts';
import * as hostile from '../fixtures/hostile-pdfs.ts';
import { fixture } from '../fixtures/read-fixture.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

let app: TestApp;

beforeAll(async () => {
  // Two uploads may wait for a PDF reader (the default is 8), one of them per tenant: the bound's
  // tests park one or two. The other tests upload one file at a time, and none of theirs waits.
  app = await startTestApp({ worker: false, env: { MAX_WAITING_UPLOADS: '2' } });
});
afterAll(async () => {
  await app?.stop();
});

interface UploadAnswer {
  status: number;
  data?: { uploadDocument: { id: string; filename: string; pageCount: number; textPageCount: number } | null } | null;
  errors?: Array<{ message: string; extensions?: { code?: string; reason?: string } }>;
}

async function upload(bytes: Uint8Array, name: string): Promise<UploadAnswer> {
  return (await app.upload({ bytes, name })) as UploadAnswer;
}

describe('uploads of hostile files get an answer a user can act on', () => {
  it('a truncated file is UNPROCESSABLE, says it is corrupt and what to do', async () => {
    const answer = await upload(await hostile.truncatedPdf(), 'cut.pdf');
    expect(answer.status).toBe(422);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'UNPROCESSABLE', reason: 'CORRUPT' });
    expect(answer.errors![0]!.message).toMatch(/^The PDF is corrupt and cannot be read: .*Invalid PDF structure.* Re-save or re-export it/);
  });

  it('a file that needs a password is UNPROCESSABLE and says so', async () => {
    const answer = await upload(fixture('aes256-user-password.pdf'), 'locked.pdf');
    expect(answer.status).toBe(422);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'UNPROCESSABLE', reason: 'ENCRYPTED' });
    expect(answer.errors![0]!.message).toMatch(/needs a password/);
  });

  it('an AES-256 file with an empty user password is accepted like any other PDF', async () => {
    const answer = await upload(fixture('aes256-empty-password.pdf'), 'aes.pdf');
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.uploadDocument).toMatchObject({ pageCount: 2, textPageCount: 1 });
  });

  it('a file with JavaScript and an attachment is accepted; nothing in it runs', async () => {
    const answer = await upload(await hostile.activeContentPdf(), 'active.pdf');
    expect(answer.data!.uploadDocument).toMatchObject({ pageCount: 1, textPageCount: 1 });
  });

  it('a decompression bomb is accepted as an image-only page without being decoded', async () => {
    const answer = await upload(await hostile.decompressionBombPdf(), 'bomb.pdf');
    expect(answer.data!.uploadDocument).toMatchObject({ pageCount: 1, textPageCount: 0 });
  });

  it('a document whose seventh page cannot be read is accepted, and the layout stored with it names that page', async () => {
    const answer = await upload(hostile.seventhPageContentMissingPdf(), 'report.pdf');
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.uploadDocument).toMatchObject({ pageCount: 8, textPageCount: 7 });
    const row = await app.database.db
      .selectFrom('document_layouts')
      .select('layout')
      .where('document_id', '=', answer.data!.uploadDocument!.id)
      .executeTakeFirstOrThrow();
    const layout = (typeof row.layout === 'string' ? JSON.parse(row.layout) : row.layout) as DocumentLayout;
    expect(unreadablePageWarnings(layout)).toEqual([
      'page 7 could not be read: its cross-reference table is damaged (details: Bad (uncompressed) XRef entry: 17R)',
    ]);
  });

  it('a document none of whose pages reads is UNPROCESSABLE, says so in plain words and what to do', async () => {
    const answer = await upload(hostile.noPageReadablePdf(), 'nothing.pdf');
    expect(answer.status).toBe(422);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'UNPROCESSABLE', reason: 'CORRUPT' });
    expect(answer.errors![0]!.message).toMatch(
      /^The PDF is corrupt and cannot be read: its one page could not be read: its list of pages is damaged \(details: .*\)\. Re-save or re-export it and upload again\.$/,
    );
  });

  it('a file name in any script is kept as the user gave it', async () => {
    const name = 'Rechnung Müller №7 請求書 فاتورة.pdf';
    const answer = await upload(await hostile.activeContentPdf(), name);
    expect(answer.data!.uploadDocument).toMatchObject({ filename: name, pageCount: 1 });
  });
});

describe('uploads waiting for a PDF reader are bounded and leave with their client', () => {
  /** Holds both reading slots of this process (the API's), as two long uploads being read would. */
  async function readersBusy(): Promise<() => void> {
    const held = [await readingSlots.acquire(), await readingSlots.acquire()];
    return () => held.forEach((release) => release());
  }

  const documentCount = async () =>
    Number((await app.database.db.selectFrom('documents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it("a tenant's upload past its share of MAX_WAITING_UPLOADS is refused at once, saying to retry; another tenant's still waits, and both waiting are read once a reader frees up", async () => {
    const otherTenant = await app.newTenant();
    const release = await readersBusy();
    let waiting: Array<Promise<UploadAnswer>> = [];
    try {
      waiting = [upload(fixture('invoice-2p.pdf'), 'first.pdf')];
      await vi.waitUntil(() => uploadsWaiting() === 1, { timeout: 10_000 });
      const refused = await upload(fixture('invoice-2p.pdf'), 'second.pdf');
      expect(refused.status).toBe(400);
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxWaitingUploads: 1, retryable: true });
      expect(refused.errors![0]!.message).toBe('Too many of your uploads are waiting to be read (at most 1); retry when they finish.');
      waiting.push(app.upload({ bytes: fixture('invoice-2p.pdf'), name: 'other.pdf' }, { key: otherTenant }) as Promise<UploadAnswer>);
      await vi.waitUntil(() => uploadsWaiting() === 2, { timeout: 10_000 });
    } finally {
      release();
    }
    const [first, other] = await Promise.all(waiting);
    expect(first!.data!.uploadDocument).toMatchObject({ filename: 'first.pdf', pageCount: 2 });
    expect(other!.data!.uploadDocument).toMatchObject({ filename: 'other.pdf', pageCount: 2 });
  });

  it('an upload whose client closes the connection while it is being read is not stored, and its reader is killed before it finishes', async () => {
    const before = await documentCount();
    // Every reader child this process starts, with how it ended and whether it finished its read.
    const readers: Array<{ finished: boolean; exit: Promise<NodeJS.Signals | null> }> = [];
    const onSpawn = (message: unknown) => {
      const child = (message as { process: ChildProcess }).process;
      const reader = { finished: false, exit: new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal))) };
      child.on('message', (sent: { type?: string }) => {
        if (sent.type === 'done') reader.finished = true;
      });
      readers.push(reader);
    };
    diagnostics.subscribe('child_process', onSpawn);
    const release = [await readingSlots.acquire(), await readingSlots.acquire()];
    const client = new AbortController();
    // A page of 200,000 text runs takes seconds to lay out, so the abort lands while it is read.
    const sent = fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${app.apiKey}` }, body: uploadForm(denseTextPage(200_000)), signal: client.signal });
    try {
      await vi.waitUntil(() => uploadsWaiting() === 1, { timeout: 10_000 });
      // The upload gets a slot and its reader starts; then the client goes.
      release[0]!();
      await vi.waitUntil(() => readers.length === 1, { timeout: 10_000 });
      client.abort();
      await expect(sent).rejects.toThrow();
      expect(await readers[0]!.exit).toBe('SIGKILL');
      expect(readers[0]!.finished).toBe(false);
      // Its slot is free again once the reader is gone (one stays held here).
      await vi.waitUntil(() => readingSlots.inFlight === 1, { timeout: 10_000 });
    } finally {
      diagnostics.unsubscribe('child_process', onSpawn);
      release[1]!();
    }
    // An upload read after it: had the abandoned one been stored, it would be by now.
    expect((await upload(fixture('invoice-2p.pdf'), 'after.pdf')).data!.uploadDocument).toMatchObject({ filename: 'after.pdf' });
    expect(await documentCount()).toBe(before + 1);
  }, 60_000);

  it('an upload whose client closes the connection while it waits leaves the queue unread, and nothing is stored', async () => {
    const before = await documentCount();
    const release = await readersBusy();
    try {
      const client = new AbortController();
      const sent = fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${app.apiKey}` }, body: uploadForm(fixture('invoice-2p.pdf')), signal: client.signal });
      await vi.waitUntil(() => uploadsWaiting() === 1, { timeout: 10_000 });
      client.abort();
      await expect(sent).rejects.toThrow();
      // Both readers are still busy: only leaving the queue empties it.
      await vi.waitUntil(() => uploadsWaiting() === 0, { timeout: 10_000 });
      expect(readingSlots.inFlight).toBe(2);
    } finally {
      release();
    }
    expect(readingSlots.inFlight).toBe(0);
    expect(await documentCount()).toBe(before);
  });
});

/** An uploadDocument request as a client sends it (multipart), for a request the test aborts itself. */
function uploadForm(bytes: Uint8Array): FormData {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: 'mutation($file: File!) { uploadDocument(file: $file) { id } }', variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'gone.pdf');
  return form;
}
