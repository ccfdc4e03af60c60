import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const RUN = path.resolve(import.meta.dirname, '../../bench/run.ts');

describe('npm run bench -- --help', () => {
  it('prints the usage with every benchmark and option, runs none and exits 0', () => {
    const run = spawnSync(process.execPath, [RUN, '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--repeat N');
    expect(run.stdout).toContain('--scale F');
    for (const name of ['pickup', 'fanout', 'service-rss', 'caching']) expect(run.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });
});
