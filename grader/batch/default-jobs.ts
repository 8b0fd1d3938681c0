import { availableParallelism } from 'node:os'

// Gradings at once in a sandbox when --jobs is not given. A grading mostly waits (for a reply, a client's exit, a hung
// program's deadline), so more than one per core keeps the cores busy; past that the CPU a student costs grows: on 2
// cores a class of 100 took 38.0 s with 4 jobs, 32.9 s with 6 and 43.2 s with 8 (0.41, 0.46 and 0.70 CPU s a student,
// npm run bench). Each job holds a sandbox and a Node.js worker, about 120 MB, hence the cap
export function defaultJobs(): number {
  return Math.min(32, Math.max(2, availableParallelism() * 3))
}
