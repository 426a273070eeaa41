import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file owns a fresh database (PGlite in memory, or a new database on TEST_DATABASE_URL).
    pool: 'forks',
  },
});
