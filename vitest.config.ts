import { defineConfig } from 'vitest/config';

// One command runs every unit/integration suite. The server suites run on embedded PGlite, and once
// more on a real PostgreSQL server when TEST_DATABASE_URL is set (same suites, other driver).
const postgres = process.env.TEST_DATABASE_URL
  ? [
      {
        extends: './apps/server/vitest.config.ts',
        root: './apps/server',
        test: { name: 'server-postgres', env: { AVA_TEST_DRIVER: 'postgres' } },
      },
    ]
  : [];

export default defineConfig({
  test: {
    projects: ['apps/server', 'apps/web', 'packages/*', ...postgres],
  },
});
