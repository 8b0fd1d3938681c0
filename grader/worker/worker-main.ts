import { grade, type GradeJob } from '../grade.js'
import { killProgramsOnSignal } from '../process/cleanup-on-signal.js'
import { closeInheritedDescriptors } from './close-inherited.js'

// The grading worker as its own process: one GradeJob as JSON on stdin, one GradeReport as JSON on stdout.
// A sandbox (network namespace, other uid) wraps this process; nothing here knows about it
async function run(): Promise<void> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const job = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GradeJob
  const report = await grade(job)
  // Exit as soon as the report is out: a socket or timer a probe left open must not keep the worker (and so the
  // sandbox) alive after the grading has ended
  process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0))
}

closeInheritedDescriptors()
killProgramsOnSignal()
run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`, () => process.exit(2))
})
