import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { fixture } from '../helpers/job-fixtures.ts';

// Before any import: a module that copies the environment when it loads must see these.
vi.hoisted(() => {
  process.env.DATABASE_URL = 'postgres://secret@localhost/db';
  process.env.GEMINI_API_KEY = 'secret-gemini-key';
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --max-http-header-size=16384`.trim();
});
const { readLayoutJsonInChild } = await import('../../src/pdf/pdf-in-child.ts');

/** Process ids of this process's children (Linux). */
const childrenOfThisProcess = () =>
  readdirSync('/proc/self/task').flatMap((tid) => readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));

describe("the PDF reader's environment", () => {
  it('holds none of the secrets or Node options of the process that starts it', async () => {
    const reading = readLayoutJsonInChild(readFileSync(fixture('table-300.pdf')), { timeoutMs: 60_000, maxMemoryMb: 512 });
    await vi.waitFor(() => expect(childrenOfThisProcess()).toHaveLength(1), { timeout: 30_000, interval: 20 });
    const [reader] = childrenOfThisProcess();
    const names = readFileSync(`/proc/${reader}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((entry) => entry.split('=')[0]);
    await reading;
    expect(names).toContain('PATH');
    expect(names).toContain('NODE_COMPILE_CACHE');
    expect(names).not.toContain('DATABASE_URL');
    expect(names).not.toContain('GEMINI_API_KEY');
    expect(names).not.toContain('NODE_OPTIONS');
  });
});
