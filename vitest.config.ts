import { defineConfig } from 'vitest/config'

// Two projects: unit tests sit beside the code and touch nothing outside the process;
// integration tests (test/) start DynamoDB Local and the development cloud once per run.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'functions/**/*.test.ts',
            'stepfunctions/**/*.test.ts',
            // Infrastructure checks (the ASL files) need no services.
            'test/infra/**/*.test.ts',
          ],
          environment: 'node',
          setupFiles: ['packages/shared/src/zod-messages.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/infra/**'],
          environment: 'node',
          setupFiles: ['packages/shared/src/zod-messages.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
