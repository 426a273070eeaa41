import { defineConfig } from 'vitest/config';

// One command runs every unit/integration suite; e2e runs separately against a built app.
export default defineConfig({
  test: {
    projects: ['apps/server', 'apps/web', 'packages/*'],
  },
});
