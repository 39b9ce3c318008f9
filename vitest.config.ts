import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The field app's components (web/src/*.vue) in the component tests.
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Integration tests start an in-process dynalite each; two cores are all we have.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    env: {
      // Handlers run in-process: keep their JSON logs and EMF metrics out of the test output.
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
