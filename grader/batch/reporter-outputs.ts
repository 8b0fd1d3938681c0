import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Reporter } from '../reporters/reporter.js'
import { writeFileAtomic } from './atomic-write.js'
import type { BatchResults } from './types.js'

/** A `--reporter NAME[=PATH]` of a batch: no path means a file (or folder) in the --out folder named for it */
export interface BatchReporterTarget {
  readonly reporter: Reporter
  readonly path?: string
}

// Every --reporter of a batch: a format with a class form (JUnit, Markdown, JSON, HTML, the terminal summary) writes
// one document, to PATH or <out>/<name>.<ext>; a format without one (Gradescope, PrairieLearn, Autolab, GitHub)
// writes a file per student, <id>.<ext> in the folder PATH or <out>/<name>/. Each file atomic; one target that
// cannot be written does not stop the others. Returns the paths written, and a line for each target that failed
export function writeReporterOutputs(outDir: string, results: BatchResults, targets: readonly BatchReporterTarget[]): { written: string[]; failures: string[] } {
  const written: string[] = []
  const failures: string[] = []
  for (const { reporter, path } of targets) {
    const where = path ?? join(outDir, reporter.renderClass ? `${reporter.name}.${reporter.extension}` : reporter.name)
    try {
      if (reporter.renderClass) {
        mkdirSync(dirname(where), { recursive: true })
        writeFileAtomic(where, reporter.renderClass(results, { color: false }))
      } else {
        mkdirSync(where, { recursive: true })
        for (const entry of results.entries) writeFileAtomic(join(where, `${entry.student.id}.${reporter.extension}`), reporter.render(entry.report, { color: false }))
      }
      written.push(where)
    } catch (error) {
      failures.push(`Cannot write the ${reporter.name} report to ${where}: ${(error as Error).message}`)
    }
  }
  return { written, failures }
}
