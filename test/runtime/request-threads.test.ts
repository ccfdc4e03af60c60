import { readFileSync } from 'node:fs';
import { BroadcastChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createRequestThreads } from '../../src/runtime/request-threads.ts';

/** One thread of the test entry (thread-priority-child.ts), one client waiting at a time. */
const oneThread = () =>
  createRequestThreads({ entry: new URL('./thread-priority-child.ts', import.meta.url), threads: 1, maxOldGenerationSizeMb: 64, timeoutMs: 10_000, maxWaitingPerKey: 1 });

const niceOf = (stat: string) => Number(stat.split(') ')[1]!.split(' ')[16]);

describe.runIf(process.platform === 'linux')('request threads', () => {
  it('run at a lower scheduling priority than the thread that made them', async () => {
    const threads = oneThread();
    const sent = await threads.admitted('one', (send) => send<{ nice: number }>({}), () => new Error('refused'));
    expect('answer' in sent).toBe(true);
    const own = niceOf(readFileSync('/proc/thread-self/stat', 'utf8'));
    expect((sent as { answer: { nice: number } }).answer.nice).toBeGreaterThan(own);
  });

  it('warmed, a thread loads its entry before any request, and the first request goes to it', async () => {
    const threads = oneThread();
    const channel = new BroadcastChannel('request-thread-loaded');
    try {
      const loaded = new Promise<number>((resolve) => (channel.onmessage = (event) => resolve((event as { data: number }).data)));
      threads.warm();
      const warmed = await loaded;
      const sent = await threads.admitted('one', (send) => send<{ threadId: number }>({}), () => new Error('refused'));
      expect(sent).toEqual({ answer: expect.objectContaining({ threadId: warmed }) });
    } finally {
      channel.close();
    }
  });
});
