import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql@16 has no exports map: without this, Vite loads index.mjs for the tests while
    // externalised packages (Pothos, Yoga) get index.js, and graphql refuses the mixed realms.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
