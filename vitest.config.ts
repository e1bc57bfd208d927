import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
    // Browser specs poll a UI that a loaded 2-core machine can render slowly; the default 1 s flakes.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
