import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLayout } from '../../src/documents/document-layout.ts';
import { TEST_EXIT_ENV } from '../../src/pdf/pdf-child-test-exit.ts';
import { readLayoutJsonInChild } from '../../src/pdf/pdf-in-child.ts';
import { PdfError } from '../../src/pdf/pdf-error.ts';
import { fixture } from '../helpers/job-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

const LIMITS = { timeoutMs: 60_000, maxMemoryMb: 512 };

/** A logger that keeps what the reader reported. */
function recordingLog() {
  const warnings: Array<{ details: Record<string, unknown>; message: string }> = [];
  return { warnings, log: { warn: (details: object, message: string) => warnings.push({ details: details as Record<string, unknown>, message }) } };
}

const failureOf = (reading: Promise<unknown>) =>
  reading.then(
    () => undefined,
    (e: unknown) => e,
  );

// The child exits on purpose through its test hook (src/pdf/pdf-child-test-exit.ts): a real
// process that really ends where a crash would.
describe('a reader child that exits without a result', () => {
  afterEach(() => {
    delete process.env[TEST_EXIT_ENV];
  });

  it('before it opened the document: the service\'s trouble (a plain error, not the file\'s), logged with its stderr', async () => {
    process.env[TEST_EXIT_ENV] = 'before-open';
    const { warnings, log } = recordingLog();
    const error = await failureOf(readLayoutJsonInChild(readFileSync(fixture('invoice-2p.pdf')), LIMITS, log));
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PdfError);
    expect((error as Error).message).toBe('The PDF reader exited (code 3) before it opened the document.');
    expect(warnings).toEqual([
      {
        details: { code: 3, signal: null, opened: false, stderr: `test hook ${TEST_EXIT_ENV}=before-open: exiting` },
        message: 'the PDF reader stopped',
      },
    ]);
  });

  it('with a non-zero code after it opened the document: CORRUPT for the file, logged with its stderr', async () => {
    process.env[TEST_EXIT_ENV] = 'after-open';
    const { warnings, log } = recordingLog();
    const error = await failureOf(readLayoutJsonInChild(readFileSync(fixture('table-300.pdf')), LIMITS, log));
    expect(error).toBeInstanceOf(PdfError);
    expect(error).toMatchObject({ kind: 'CORRUPT', message: 'The PDF reader stopped (exit code 4).' });
    expect(warnings).toEqual([
      {
        details: { code: 4, signal: null, opened: true, stderr: `test hook ${TEST_EXIT_ENV}=after-open: exiting` },
        message: 'the PDF reader stopped',
      },
    ]);
  });

  it('left waiting on a promise nothing settles, with nothing else to do: ends at once (code 13), not held alive by its IPC channel until the time bound', async () => {
    process.env[TEST_EXIT_ENV] = 'stall-before-open';
    const { warnings, log } = recordingLog();
    // Kept alive by its channel, the child would be stopped by this bound instead: TOO_COMPLEX.
    const error = await failureOf(readLayoutJsonInChild(readFileSync(fixture('invoice-2p.pdf')), { ...LIMITS, timeoutMs: 30_000 }, log));
    expect(error).not.toBeInstanceOf(PdfError);
    expect((error as Error).message).toBe('The PDF reader exited (code 13) before it opened the document.');
    expect(warnings).toEqual([{ details: expect.objectContaining({ code: 13, signal: null, opened: false }), message: 'the PDF reader stopped' }]);
  }, 60_000);

  it('reports through the logger its caller gave loadLayout, and the next reader, without the hook, reads normally', async () => {
    const database: TestDatabase = await createTestDatabase();
    try {
      process.env[TEST_EXIT_ENV] = 'after-open';
      const { warnings, log } = recordingLog();
      const bytes = new Uint8Array(readFileSync(fixture('invoice-2p.pdf')));
      await expect(loadLayout(database.db, randomUUID(), bytes, log)).rejects.toMatchObject({ kind: 'CORRUPT' });
      expect(warnings).toEqual([{ details: expect.objectContaining({ code: 4, opened: true }), message: 'the PDF reader stopped' }]);
      delete process.env[TEST_EXIT_ENV];
      const layout = await readLayoutJsonInChild(bytes, LIMITS, log);
      expect(JSON.parse(layout).pageCount).toBe(2);
      expect(warnings).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});
