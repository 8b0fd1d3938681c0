import { join } from 'node:path'
import { expect, test } from 'vitest'
import { gradeSubmission } from '../grade-submission.js'
import { detectIsolation } from './detect.js'

const sandboxAvailable = (await detectIsolation()).mode === 'sandbox'

// A pool of 60 threads stayed within the process limit but not within the address space limit: each thread got a
// malloc arena of 64 MiB reserved, and the 22nd thread could not start. The same server passed on the host
test.runIf(sandboxAvailable)('a server with 60 threads serves in the sandbox as it does on the host', async () => {
  const submission = join(import.meta.dirname, 'fixtures', 'many-threads')
  const report = await gradeSubmission({ submission, assignment: 'uppercase-udp', seed: 4, isolation: 'sandbox', only: 'server' })
  const failed = report.checks.filter((c) => c.status !== 'passed' && c.maxScore > 0).map((c) => `${c.id}: ${c.message}`)
  expect(failed).toEqual([])
})
