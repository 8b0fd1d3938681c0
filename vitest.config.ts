import { defineConfig } from 'vitest/config'

// Tests spawn real Python programs and open real sockets: give them room on a shared 2-core machine
export default defineConfig({
  test: {
    include: ['grader/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['grader/test-support/global-setup.ts'],
  },
})
