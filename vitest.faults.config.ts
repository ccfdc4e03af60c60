import { defineConfig } from 'vitest/config';

/**
 * The fault suite (`npm run test:faults`, issue 16): worker kills, API restarts, model outages.
 * Not part of `npm test` (vitest.config.ts excludes test/faults): it is slow by nature (real
 * processes, heartbeats, outage windows), and its files run one at a time so that the kills
 * and restarts of one do not starve another on a small machine.
 * Not merged from vitest.config.ts: mergeConfig concatenates include/exclude lists.
 */
export default defineConfig({
  resolve: {
    // As in vitest.config.ts: graphql@16 has no exports map.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
