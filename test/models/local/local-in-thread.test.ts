import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalThreadPool, LocalThreadError } from '../../../src/models/local/local-in-thread.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema, PageLayout } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const STATEMENT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    account_number: { type: 'string' },
    statement_date: { type: 'string', format: 'date' },
    closing_balance: { type: 'number' },
    transactions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { date: { type: 'string', format: 'date' }, description: { type: 'string' }, amount: { type: 'number' }, balance: { type: 'number' } },
      },
    },
  },
};

/** A bank statement of `pages` pages with 40 transactions each: long enough to take LOCAL seconds. */
function longStatement(pages: number): PageLayout[] {
  let balance = 1000;
  return Array.from({ length: pages }, (_, p) => {
    const lines = [
      text(50, 40, 'Account Number: DE44 5001 0517 5407 3249 31'),
      text(50, 54, 'Statement Date: 2024-03-31'),
      line(80, [[50, 'Date'], [140, 'Description'], [400, 'Amount'], [480, 'Balance']]),
    ];
    for (let r = 0; r < 40; r++) {
      const amount = ((p * 40 + r) % 7) * 12.5 - 30;
      balance += amount;
      const day = String(1 + ((p + r) % 28)).padStart(2, '0');
      lines.push(line(96 + r * 16, [[50, `2024-03-${day}`], [140, `Payment ${p * 40 + r} to Vendor ${r % 9}`], [400, amount.toFixed(2)], [480, balance.toFixed(2)]]));
    }
    if (p === pages - 1) lines.push(text(300, 760, `Closing balance ${balance.toFixed(2)}`));
    return page(p + 1, lines);
  });
}

/** Largest gap between the firings of a 10 ms interval while `work` runs. */
async function maxTimerGap(work: Promise<unknown>): Promise<number> {
  let last = performance.now();
  let maxGap = 0;
  const interval = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 10);
  try {
    await work;
  } finally {
    clearInterval(interval);
  }
  return Math.max(maxGap, performance.now() - last);
}

describe('LOCAL in a worker thread', () => {
  const provider = createLocalProvider();
  afterAll(() => provider.dispose?.());

  it('answers exactly as runLocalExtraction does on the same request', async () => {
    const req = request(STATEMENT_SCHEMA, longStatement(3));
    const res = await provider.extract(req);
    expect({ value: res.value, evidence: res.evidence }).toEqual(runLocalExtraction(req));
    expect((res.value as { transactions: unknown[] }).transactions).toHaveLength(120);
  });

  it('keeps the event loop free while a long extraction runs', async () => {
    const req = request(STATEMENT_SCHEMA, longStatement(40));
    await provider.extract(request(STATEMENT_SCHEMA, longStatement(1))); // the thread is started
    const started = performance.now();
    runLocalExtraction(req);
    const inline = performance.now() - started;
    const gap = await maxTimerGap(provider.extract(req));
    // Run inline, the whole extraction is one gap; in the thread only cloning the request blocks.
    expect(inline).toBeGreaterThan(300);
    expect(gap).toBeLessThan(inline / 4);
  });

  it('rejects with the abort reason promptly when the request is aborted mid-extraction', async () => {
    const controller = new AbortController();
    const req = { ...request(STATEMENT_SCHEMA, longStatement(40)), signal: controller.signal };
    const answer = provider.extract(req);
    setTimeout(() => controller.abort(new Error('job cancelled')), 50);
    const started = performance.now();
    await expect(answer).rejects.toThrow('job cancelled');
    expect(performance.now() - started).toBeLessThan(500);
    // The thread was ended; the next request starts a new one and is answered.
    const again = await provider.extract(request(STATEMENT_SCHEMA, longStatement(1)));
    expect((again.value as { transactions: unknown[] }).transactions).toHaveLength(40);
  });

  it('fails a request that outlives its time limit with a permanent MODEL_ERROR', async () => {
    const pool = createLocalThreadPool({ timeoutMs: 100, maxMemoryMb: 512, idleMs: 1000, maxThreads: 1 });
    try {
      const failure = pool.run(request(STATEMENT_SCHEMA, longStatement(40)), new AbortController().signal);
      await expect(failure).rejects.toBeInstanceOf(LocalThreadError);
      await expect(failure).rejects.toMatchObject({ errorType: 'MODEL_ERROR', permanent: true });
    } finally {
      await pool.close();
    }
  });

  it('with one thread, answers requests in turn and drops a waiting request at once when it is aborted', async () => {
    const pool = createLocalThreadPool({ timeoutMs: 60_000, maxMemoryMb: 512, idleMs: 1000, maxThreads: 1 });
    try {
      const controller = new AbortController();
      const first = pool.run(request(STATEMENT_SCHEMA, longStatement(2)), new AbortController().signal);
      const dropped = pool.run(request(STATEMENT_SCHEMA, longStatement(2)), controller.signal);
      const third = pool.run(request(STATEMENT_SCHEMA, longStatement(1)), new AbortController().signal);
      controller.abort(new Error('subtree withdrawn'));
      await expect(dropped).rejects.toThrow('subtree withdrawn');
      expect(((await first).value as { transactions: unknown[] }).transactions).toHaveLength(80);
      expect(((await third).value as { transactions: unknown[] }).transactions).toHaveLength(40);
    } finally {
      await pool.close();
    }
  });

  it('rejects every waiting request when the provider is disposed', async () => {
    const disposable = createLocalProvider();
    const answers = [disposable.extract(request(STATEMENT_SCHEMA, longStatement(20))), disposable.extract(request(STATEMENT_SCHEMA, longStatement(1)))];
    await disposable.dispose?.();
    for (const answer of answers) await expect(answer).rejects.toThrow('disposed');
  });
});
