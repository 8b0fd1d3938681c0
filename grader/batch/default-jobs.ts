import { availableParallelism } from 'node:os'

// Gradings at once when --jobs is not given. A grading mostly waits (for a reply, a client's exit, a hung program's
// deadline), so more than one per core keeps the cores busy: on 2 cores, a class of 100 took 52 s with 4 jobs, 48 s
// with 6 and 50 s with 8 (npm run bench); each job holds a sandbox and a Node.js worker, about 120 MB, hence the cap
export function defaultJobs(): number {
  return Math.min(32, Math.max(2, availableParallelism() * 3))
}
