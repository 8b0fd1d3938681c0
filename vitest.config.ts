import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// Tests that judge how gradings behave under load ("the same verdict twice, however loaded", daemons named in time,
// fork bombs named): they run after the rest, in groups of their own, so the heaviest files (the attacks' batches,
// the workflow runs) and each other's gradings are never beside them
const CHAOS = ['grader/chaos/**/*.test.ts']
const HOSTILE = ['grader/sandbox/hostile.test.ts']
// Sharded batches merged and compared with one unsharded batch, report for report
const SHARDS = ['grader/batch/shard-recipes.test.ts']

// Tests spawn real Python programs and open real sockets, and many judge verdicts that race the machine's load: one
// file at a time. Two at once took the suite from 412 s to 236 s at the last stop, but on this 2-core kind today
// (about twice as slow) four fresh-clone runs with two each failed 1 to 3 timing-sensitive tests
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: Math.max(1, availableParallelism() - 2),
    globalSetup: ['grader/test-support/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'grader', include: ['grader/**/*.test.ts'], exclude: [...CHAOS, ...HOSTILE, ...SHARDS], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'chaos', include: CHAOS, sequence: { groupOrder: 1 }, maxConcurrency: 1 } },
      { extends: true, test: { name: 'hostile', include: HOSTILE, sequence: { groupOrder: 2 } } },
      { extends: true, test: { name: 'shards', include: SHARDS, sequence: { groupOrder: 3 } } },
    ],
  },
})
