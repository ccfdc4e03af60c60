import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { extractPages } from '../../src/pdf/extract-pages.ts';
import { cutPages, keptPages } from '../../src/worker/cut-pages-cache.ts';
import { fixture } from '../fixtures/read-fixture.ts';

describe('pages cut as PDF, kept across jobs', () => {
  const invoice = fixture('invoice-2p.pdf');

  it('reads the document once for the jobs that ask for the same pages, at once or later, and gives them the same cut', async () => {
    const documentId = randomUUID();
    let reads = 0;
    const content = async () => {
      reads++;
      return invoice;
    };
    expect(keptPages(documentId, [2])).toBeUndefined();
    const [first, beside] = await Promise.all([cutPages(documentId, [2], content), cutPages(documentId, [2], content)]);
    const later = await cutPages(documentId, [2], content);
    expect(reads).toBe(1);
    expect(beside).toBe(first);
    expect(later).toBe(first);
    expect(keptPages(documentId, [2])).toBe(first);
    expect(first).toEqual(await extractPages(invoice, [2]));
  });

  it('keeps other pages and other documents apart', async () => {
    const documentId = randomUUID();
    const one = await cutPages(documentId, [1], async () => invoice);
    const both = await cutPages(documentId, [1, 2], async () => invoice);
    expect(both).not.toBe(one);
    expect(keptPages(randomUUID(), [1])).toBeUndefined();
  });

  it('keeps no failed cut: the next job tries again', async () => {
    const documentId = randomUUID();
    await expect(cutPages(documentId, [1], async () => Promise.reject(new Error('database away')))).rejects.toThrow('database away');
    expect(keptPages(documentId, [1])).toBeUndefined();
    expect(await cutPages(documentId, [1], async () => invoice)).toBeInstanceOf(Uint8Array);
  });
});
