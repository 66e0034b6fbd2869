import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (`main`) and ESM (`module`) builds; Node loads the first for the
    // libraries, so the project's own code must get the same copy or types come from two realms.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // One migrated database that every test database is copied from.
    globalSetup: ['tests/setup/database-template.ts'],
    // Test files share their worker's modules, so the gazetteer, the tagger's weights and PGlite's
    // WebAssembly are built once per worker instead of once per file (every file makes its own
    // databases and stops the processes it starts, so none sees another's state).
    isolate: false,
    // Two files at once, also on 2 cores (vitest's default there is one): most of a file's time
    // is spent waiting on processes it started or on the Postgres server, not on its own core.
    maxWorkers: 2,
    // Building the gazetteer and starting PGlite take a few seconds on a cold machine, and the
    // 2-core machine CI shares ran at load 10-12 on 2026-12-03: loading one seed article into a
    // fresh PGlite took 15-27 s and the compiled equivalence test's setup outran 120 s. The limits
    // catch a hang, not slowness; timings belong in bench/.
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
