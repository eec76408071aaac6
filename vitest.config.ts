import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      // Deadlines are generous: a busy machine (npm ci compiling beside the tests) slows tests down
      // and must never fail them.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000 } },
      // 100,000 generated chat lines (issue 7): its own run, `npm run test:fuzz`
      { test: { name: 'fuzz', include: ['test/fuzz/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 600_000 } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // one real Buildbot master and one ngircd for the whole e2e run (see the file)
          globalSetup: ['test/e2e/setup/start-servers.ts'],
        },
      },
      {
        // issue 7's fault suite: kills and restarts real servers, so it has servers of its own
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['test/e2e/setup/start-servers.ts'],
        },
      },
    ],
  },
});
