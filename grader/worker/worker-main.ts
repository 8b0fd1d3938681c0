import { grade, type GradeJob } from '../grade.js'
import { killAllPrograms } from '../process/start-program.js'

// The grading worker as its own process: one GradeJob as JSON on stdin, one GradeReport as JSON on stdout.
// A sandbox (network namespace, other uid) wraps this process; nothing here knows about it
async function run(): Promise<void> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const job = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GradeJob
  const report = await grade(job)
  process.stdout.write(`${JSON.stringify(report)}\n`)
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAllPrograms()
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1))
  })
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 2
})
