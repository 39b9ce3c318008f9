import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Integration tests start an in-process dynalite each; two cores are all we have.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
