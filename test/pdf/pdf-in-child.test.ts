import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLayoutInChild, readLayoutJsonInChild } from '../../src/pdf/pdf-in-child.ts';
import { PdfError } from '../../src/pdf/pdf-error.ts';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { fixture } from '../helpers/job-fixtures.ts';
import { spawnNode } from '../helpers/spawn-node.ts';

const LIMITS = { timeoutMs: 60_000, maxMemoryMb: 512 };

/** Process ids of this process's children (Linux). */
const childrenOfThisProcess = () =>
  readdirSync('/proc/self/task').flatMap((tid) => readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('reading a layout in a child process', () => {
  it('gives the same layout as reading it in-process, and leaves no process behind', async () => {
    const bytes = readFileSync(fixture('table-300.pdf'));
    expect(await readLayoutInChild(bytes, LIMITS)).toEqual(await readLayout(bytes));
    expect(childrenOfThisProcess()).toEqual([]);
  });

  it('a layout that needs more memory than the bound is TOO_COMPLEX, and the next one is read normally', async () => {
    await expect(readLayoutJsonInChild(readFileSync(fixture('table-300.pdf')), { ...LIMITS, maxMemoryMb: 8 })).rejects.toMatchObject({
      kind: 'TOO_COMPLEX',
      message: 'The PDF needs more than 8 MB of memory to read.',
    });
    const layout = await readLayoutInChild(readFileSync(fixture('invoice-2p.pdf')), LIMITS);
    expect(layout.pageCount).toBe(2);
  });

  it("a reader killed by a signal it was not sent by us (the kernel's OOM killer) is the service's trouble, not the file's, and is logged", async () => {
    const warnings: Array<{ details: object; message: string }> = [];
    const log = { warn: (details: object, message: string) => warnings.push({ details, message }) };
    const reading = readLayoutJsonInChild(readFileSync(fixture('table-300.pdf')), LIMITS, log);
    await waitUntil(() => childrenOfThisProcess().length > 0, 30_000);
    for (const pid of childrenOfThisProcess()) process.kill(pid, 'SIGKILL');
    const error = await reading.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PdfError);
    expect((error as Error).message).toBe('The PDF reader was stopped by signal SIGKILL.');
    expect(warnings).toEqual([{ details: expect.objectContaining({ signal: 'SIGKILL' }), message: 'the PDF reader stopped' }]);
  });

  it('the reader exits when the process that started it is killed', async () => {
    const parent = spawnNode('test/pdf/reading-layout-child.ts');
    try {
      const reader = Number(/reader (\d+)/.exec(await parent.waitForLine(/^reader \d+/, 30_000))![1]);
      expect(existsSync(`/proc/${reader}`)).toBe(true);
      parent.child.kill('SIGKILL');
      // Gone, or a zombie waiting for init to reap it: either way it no longer runs.
      const running = () => existsSync(`/proc/${reader}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${reader}/status`, 'utf8'));
      await waitUntil(() => !running(), 30_000);
    } finally {
      await parent.kill();
    }
  });
});
