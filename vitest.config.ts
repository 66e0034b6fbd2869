import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (`main`) and ESM (`module`) builds; Node loads the first for the
    // libraries, so the project's own code must get the same copy or types come from two realms.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // Building the gazetteer and starting PGlite take a few seconds on a cold, shared machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
