import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLayoutInChild, readLayoutJsonInChild } from '../../src/pdf/pdf-in-child.ts';
import { PdfError } from '../../src/pdf/pdf-error.ts';
import { TEST_EXIT_ENV } from '../../src/pdf/pdf-child-test-exit.ts';
import { readingSlots } from '../../src/pdf/reading-slots.ts';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { deflatedRun } from '../fixtures/deflated-run.ts';
import { longOperandPdf, rawPdf, sharedDenseContentPdf } from '../fixtures/hostile-pdfs.ts';
import { fixture } from '../helpers/job-fixtures.ts';
import { spawnNode } from '../helpers/spawn-node.ts';

const LIMITS = { timeoutMs: 60_000, maxMemoryMb: 512 };

/**
 * One page in a Type3 font whose glyph is a bitmap (an image mask), beside Helvetica: pdf.js turns
 * such glyphs into paths with a DOMMatrix when the font loads, which the reader child does without
 * (src/pdf/keep-canvas-out.ts).
 */
function type3FontPdf(): Uint8Array {
  const stream = (body: string) => `<< /Length ${body.length} >>\nstream\n${body}endstream`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 4 0 R /F2 7 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type3 /FontBBox [0 0 8 8] /FontMatrix [0.125 0 0 0.125 0 0] /CharProcs << /A 6 0 R /B 6 0 R >> ' +
      '/Encoding << /Type /Encoding /Differences [65 /A /B] >> /FirstChar 65 /LastChar 66 /Widths [8 8] /Resources << >> >>',
    stream('BT /F1 12 Tf 20 100 Td (ABAB) Tj ET\nBT /F2 12 Tf 20 60 Td (Hello) Tj ET\n'),
    stream('8 0 0 0 8 8 d1\nq 8 0 0 8 0 0 cm BI /IM true /W 8 /H 8 /BPC 1 /F /AHx ID 55AA55AA55AA55AA> EI Q\n'),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  return rawPdf(objects);
}

/**
 * One page whose content stream is `spacesMb` MB of spaces before its one line of text, deflated
 * to about 1 KB a MB: pdf.js decodes it whole into one typed array, outside the JavaScript heap.
 */
function inflatingContentPdf(spacesMb: number): Uint8Array {
  const content = deflatedRun(0x20, spacesMb, Buffer.from('BT /F1 12 Tf 20 100 Td (Hello) Tj ET\n'));
  const head = (i: number, body: string) => `${i} 0 obj\n${body}\nendobj\n`;
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  const add = (chunk: Buffer) => parts.push(chunk);
  const length = () => parts.reduce((n, p) => n + p.length, 0);
  for (const [i, body] of [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ].entries()) {
    offsets.push(length());
    add(Buffer.from(head(i + 1, body)));
  }
  offsets.push(length());
  add(Buffer.from(`5 0 obj\n<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`));
  add(content);
  add(Buffer.from('\nendstream\nendobj\n'));
  const xref = length();
  add(Buffer.from(`xref\n0 6\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
}

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

/** Descriptors this process holds on layout files (unlinked, so their target ends in "(deleted)"). */
const openLayoutFiles = () =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).includes('paperjson-layout-');
    } catch {
      return false; // closed since the listing
    }
  });

describe('reading a layout in a child process', () => {
  it('opens its layout file only once a reading slot is free, not while it waits for one', async () => {
    const held = [await readingSlots.acquire(), await readingSlots.acquire()];
    const before = openLayoutFiles().length;
    let reading: Promise<string> | undefined;
    try {
      reading = readLayoutJsonInChild(readFileSync(fixture('invoice-2p.pdf')), LIMITS);
      await waitUntil(() => readingSlots.waiting === 1, 5_000);
      expect(openLayoutFiles().length).toBe(before);
    } finally {
      for (const release of held) release();
    }
    expect(JSON.parse(await reading)).toEqual(await readLayout(readFileSync(fixture('invoice-2p.pdf'))));
    expect(openLayoutFiles().length).toBe(before);
  });

  it('gives the same layout as reading it in-process, and leaves no process behind', async () => {
    const bytes = readFileSync(fixture('table-300.pdf'));
    expect(await readLayoutInChild(bytes, LIMITS)).toEqual(await readLayout(bytes));
    expect(childrenOfThisProcess()).toEqual([]);
  });

  it('reads a bitmap (Type3) font as reading in-process does, although the child leaves pdf.js its canvas addon out', async () => {
    const layout = await readLayoutInChild(type3FontPdf(), LIMITS);
    expect(layout.pages[0]!.lines.map((line) => line.text)).toEqual(['ABAB', 'Hello']);
    // In this process pdf.js has its canvas (the polyfilled DOMMatrix the glyph's path needs).
    expect(layout).toEqual(await readLayout(type3FontPdf()));
  });

  it('a layout that needs more memory than the bound is TOO_COMPLEX, and an ordinary one is read within the same bound', async () => {
    // About 32 MB of heap for one operand of 4 million numbers (8 MB, this test's bound once, refused any PDF).
    const bound = { ...LIMITS, maxMemoryMb: 32 };
    await expect(readLayoutJsonInChild(longOperandPdf(4_000_000), bound)).rejects.toMatchObject({
      kind: 'TOO_COMPLEX',
      message: 'The PDF needs more than 32 MB of memory to read.',
    });
    const layout = await readLayoutInChild(readFileSync(fixture('invoice-2p.pdf')), bound);
    expect(layout.pageCount).toBe(2);
  });

  it('a read whose decoded streams outgrow its memory bound outside the heap (typed arrays) is stopped as TOO_COMPLEX, and the next one is read normally', async () => {
    // 600 MB of decoded content against a 32 MB heap bound: the heap bound alone would let it through.
    await expect(readLayoutJsonInChild(inflatingContentPdf(600), { ...LIMITS, maxMemoryMb: 32 })).rejects.toMatchObject({
      kind: 'TOO_COMPLEX',
      message: 'The PDF needs more than 32 MB of memory to read.',
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

  it("the terminal's Ctrl-C and hang-up (SIGINT, SIGHUP to the whole process group) and a service manager's SIGTERM to every process of the service do not stop a reader: it reads on", async () => {
    const reading = readLayoutJsonInChild(sharedDenseContentPdf(1000, 10), { timeoutMs: 600_000, maxMemoryMb: 256 });
    await waitUntil(() => childrenOfThisProcess().length > 0, 30_000);
    const [reader] = childrenOfThisProcess();
    // The reader is in this test's process group, with the test runner: it gets the signals a
    // group signal would give it, sent to it alone. Sent once it catches SIGHUP (SigCgt's bit 1:
    // Node itself catches SIGINT from its start, to restore the terminal before it dies of it), or
    // after 2 s of reading when it never does.
    const catchesSighup = () => (BigInt(`0x${/^SigCgt:\s+(\w+)/m.exec(readFileSync(`/proc/${reader}/status`, 'utf8'))![1]}`) & 1n) !== 0n;
    await waitUntil(catchesSighup, 2_000).catch(() => {});
    process.kill(Number(reader), 'SIGINT');
    process.kill(Number(reader), 'SIGHUP');
    process.kill(Number(reader), 'SIGTERM');
    expect((JSON.parse(await reading) as { pageCount: number }).pageCount).toBe(1000);
  });

  it.each([
    ['reading, its pages sent as they are read', {}],
    // Without its handler of the closed channel, this one would live on: it has its task and
    // nothing to send (the test hook's timer keeps it alive).
    ['held up with its task, alive and sending nothing', { [TEST_EXIT_ENV]: 'hold-before-open' }],
  ])('the reader exits when the process that started it is killed (%s)', async (_state, env) => {
    const parent = spawnNode('test/pdf/reading-layout-child.ts', [], env);
    try {
      const reader = Number(/reader (\d+)/.exec(await parent.waitForLine(/^reader \d+/, 30_000))![1]);
      expect(existsSync(`/proc/${reader}`)).toBe(true);
      // Held: it catches SIGUSR2 (SigCgt's bit 11) once the hook holds it.
      const holds = () => (BigInt(`0x${/^SigCgt:\s+(\w+)/m.exec(readFileSync(`/proc/${reader}/status`, 'utf8'))![1]}`) & (1n << 11n)) !== 0n;
      if (TEST_EXIT_ENV in env) await waitUntil(holds, 30_000);
      parent.child.kill('SIGKILL');
      // Gone, or a zombie waiting for init to reap it: either way it no longer runs.
      const running = () => existsSync(`/proc/${reader}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${reader}/status`, 'utf8'));
      await waitUntil(() => !running(), 30_000);
    } finally {
      await parent.kill();
    }
  });
});
