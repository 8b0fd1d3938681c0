import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// Tests spawn real Python programs and open real sockets: give them room on a shared 2-core machine. Most of a test's
// time is spent waiting on those programs (deadlines, replies), so two files run at once even on 2 cores (vitest's
// default there is one): the suite took 412 s with one worker and 236 s with two, twice green, on this 2-core kind
export default defineConfig({
  test: {
    include: ['grader/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['grader/test-support/global-setup.ts'],
  },
})
