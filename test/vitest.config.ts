import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build-thread-bundles.ts', 'test/support/shared-chromium.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: end-to-end files each drive a Chromium page (in the run's one Chromium), so files run two at a time at most.
    maxWorkers: 2,
  },
});
