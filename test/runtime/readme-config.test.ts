import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_DOCS, loadConfig } from '../../src/config.ts';

describe('the README configuration table', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const source = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');

  it('lists every environment variable the config module reads', () => {
    const read = [...source.matchAll(/\b(?:int|bool|url|read)\('([A-Z_]+)'/g)].map((m) => m[1]!);
    const documented = CONFIG_DOCS.flatMap(([name]) => name.split(' / '));
    expect(new Set(documented)).toEqual(new Set(read));
    for (const name of documented) expect(readme, `README lacks ${name}`).toContain(`\`${name}\``);
  });

  it('states the defaults the code uses', () => {
    const config = loadConfig({});
    expect(readme).toContain(`| \`PORT\` | ${config.port} |`);
    expect(readme).toContain(`| \`MAX_UPLOAD_BYTES\` | ${config.maxUploadBytes} |`);
    expect(readme).toContain(`| \`MAX_PAGES\` | ${config.maxPages} |`);
    expect(readme).toContain(`| \`WORKER_CONCURRENCY\` | ${config.workerConcurrency} |`);
  });
});
