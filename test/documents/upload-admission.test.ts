import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { uploadDocument, type UploadedFile } from '../../src/documents/documents.service.ts';
import { createLogger } from '../../src/logger.ts';
import { acquireReadingSlot, readingSlots, uploadsWaiting } from '../../src/pdf/reading-slots.ts';

it('refuses an upload while its share of the queue is full before reading anything of its file', async () => {
  const folder = await mkdtemp(path.join(tmpdir(), 'paperjson-admission-'));
  await writeFile(path.join(folder, 'second.pdf'), new Uint8Array(1024));
  const handle = await open(path.join(folder, 'second.pdf'), 'r');
  const read = vi.spyOn(handle, 'read');
  const held = [await readingSlots.acquire(), await readingSlots.acquire()];
  // MAX_WAITING_UPLOADS of 2: one upload of the tenant's may wait, and one does.
  const waiting = acquireReadingSlot({ tenantId: 'tenant-a', maxWaiting: 2 });
  const file: UploadedFile = { name: 'second.pdf', size: 1024, handle };
  try {
    // Refused before anything is read or written: no database is needed to get here.
    const noDatabase = undefined as unknown as Kysely<Database>;
    // A reader child gets the file's descriptor only once it has a reading slot, so a slot asked
    // for is what starting one would show (this process's reads cannot see the child's).
    const slotsAsked = vi.spyOn(readingSlots, 'acquire');
    const upload = uploadDocument(noDatabase, 'tenant-a', file, { maxUploadBytes: 2048, maxPages: 10, readerMemoryMb: 256, maxWaiting: 2 }, createLogger('silent', 'test'));
    await expect(upload).rejects.toMatchObject({
      message: 'Too many of your uploads are waiting to be read (at most 1); retry when they finish.',
      extensions: { code: 'BAD_USER_INPUT', retryable: true, maxWaitingUploads: 1 },
    });
    expect(read).not.toHaveBeenCalled();
    expect(slotsAsked).not.toHaveBeenCalled();
    // Nor does it wait: the one upload waiting is the one this test queued.
    expect(uploadsWaiting()).toBe(1);
    slotsAsked.mockRestore();
  } finally {
    held.forEach((release) => release());
    await handle.close();
    await rm(folder, { recursive: true });
  }
  (await waiting)();
});

it('refuses a file without a PDF header from its first 1 KiB, without asking for a reader', async () => {
  const folder = await mkdtemp(path.join(tmpdir(), 'paperjson-admission-'));
  await writeFile(path.join(folder, 'notes.pdf'), 'Meeting notes, not a PDF at all.\n'.repeat(100));
  const handle = await open(path.join(folder, 'notes.pdf'), 'r');
  const file: UploadedFile = { name: 'notes.pdf', size: 3300, handle };
  // A reader child gets the file only once it has a reading slot (see the test above).
  const slotsAsked = vi.spyOn(readingSlots, 'acquire');
  try {
    const noDatabase = undefined as unknown as Kysely<Database>;
    const upload = uploadDocument(noDatabase, 'tenant-a', file, { maxUploadBytes: 1 << 20, maxPages: 10, readerMemoryMb: 256, maxWaiting: 2 }, createLogger('silent', 'test'));
    await expect(upload).rejects.toMatchObject({
      message: 'The file is not a PDF (it does not start with a PDF header).',
      extensions: { code: 'UNPROCESSABLE', reason: 'NOT_PDF' },
    });
    expect(slotsAsked).not.toHaveBeenCalled();
  } finally {
    slotsAsked.mockRestore();
    await handle.close();
    await rm(folder, { recursive: true });
  }
});
