import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// Tests that judge how gradings behave under load ("the same verdict twice, however loaded", daemons named in time,
// fork bombs named): they run after the rest, in groups of their own, so the heaviest files (the attacks' batches,
// the workflow runs) and each other's gradings are never beside them
const CHAOS = ['grader/chaos/**/*.test.ts']
const HOSTILE = ['grader/sandbox/hostile.test.ts']
// Sharded batches merged and compared with one unsharded batch, report for report
const SHARDS = ['grader/batch/shard-recipes.test.ts']

// Tests spawn real Python programs and open real sockets: give them room on a shared 2-core machine. Most of a test's
// time is spent waiting on those programs (deadlines, replies), so two files run at once even on 2 cores (vitest's
// default there is one): the suite took 412 s with one worker and 236 s with two, twice green, on this 2-core kind
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['grader/test-support/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'grader', include: ['grader/**/*.test.ts'], exclude: [...CHAOS, ...HOSTILE, ...SHARDS], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'chaos', include: CHAOS, sequence: { groupOrder: 1 }, maxConcurrency: 1 } },
      { extends: true, test: { name: 'hostile', include: HOSTILE, sequence: { groupOrder: 2 } } },
      { extends: true, test: { name: 'shards', include: SHARDS, sequence: { groupOrder: 3 } } },
    ],
  },
})
