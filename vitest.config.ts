import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser tests each launch Chromium; two cores, so keep file parallelism low.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
