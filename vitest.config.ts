import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql@16 has no exports map: without this, Vite loads index.mjs for the tests while
    // externalised packages (Pothos, Yoga) get index.js, and graphql refuses the mixed realms.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The fault suite runs apart: `npm run test:faults` (vitest.faults.config.ts).
    exclude: ['test/faults/**', '**/node_modules/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time even on two cores (vitest's default is cores - 1, here one): most
    // files wait on Postgres, child processes and sockets rather than on the CPU, and one at a time
    // took the suite past ten minutes. The fault suite stays one at a time (vitest.faults.config.ts).
    maxWorkers: 2,
  },
});
