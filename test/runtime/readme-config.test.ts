import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configHelpText, withConfigTable } from '../../src/config/config-docs.ts';
import { spawnNode } from '../helpers/spawn-node.ts';

describe('the README configuration table', () => {
  it('is the table written from the settings (run `npm run docs:config` after changing them)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withConfigTable(readme)).toBe(readme);
  });
});

describe('--help of the service processes', () => {
  it('lists the settings each process reads, and no others', () => {
    const api = configHelpText(['api', 'all']);
    const worker = configHelpText(['worker', 'all']);
    expect(api).toContain('PORT');
    expect(api).toContain('MAX_UPLOAD_BYTES');
    expect(api).not.toContain('WORKER_CONCURRENCY');
    expect(worker).toContain('WORKER_CONCURRENCY');
    expect(worker).toContain('GEMINI_BASE_URL');
    expect(worker).not.toMatch(/^ {2}PORT /m);
    for (const shared of ['DATABASE_URL', 'LOG_LEVEL', 'GEMINI_API_KEY / GOOGLE_API_KEY']) {
      expect(api).toContain(shared);
      expect(worker).toContain(shared);
    }
  });

  it('npm run start:worker --help prints its settings and exits 0 without starting anything', async () => {
    const child = spawnNode('src/bin/worker.ts', ['--help'], { PORT: 'not read' });
    const { code } = await child.exited;
    expect(code).toBe(0);
    const out = child.stdout.join('');
    expect(out).toContain('Usage: npm run start:worker');
    expect(out).toContain('WORKER_CONCURRENCY');
    expect(out).toContain('accepts whole number 1–64; default 2');
  });
});
