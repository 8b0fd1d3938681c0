import { randomUUID } from 'node:crypto'
import { writeOutputFile } from '../batch/output-file.js'
import type { GradeReport } from '../report.js'
import { reporters } from '../reporters/index.js'
import type { CliIo } from './io.js'
import type { ReporterTarget } from './reporter-option.js'

/** How one command renders a report: the terminal report may be the command's own (check adds what to fix first) */
export interface ReportRendering {
  readonly color: boolean
  readonly terminal?: (report: GradeReport, color: boolean) => string
}

// Write a report with every --reporter target, in the order given: files atomically (their folders made), the rest
// on stdout; no target on stdout means the terminal report there. Returns the files that could not be written,
// each with why, after writing all the others
export function writeReports(report: GradeReport, targets: readonly ReporterTarget[], io: CliIo, rendering: ReportRendering): string[] {
  const all: readonly ReporterTarget[] = targets.some((t) => t.path === undefined) ? targets : [{ reporter: reporters.terminal }, ...targets]
  const failures: string[] = []
  for (const target of all) {
    const text = target.reporter.name === 'terminal' && target.path === undefined ? terminalText(report, rendering) : target.reporter.render(report, { color: false })
    if (target.path === undefined) io.stdout.write(guardWorkflowCommands(text, target.reporter.name, io.env))
    else {
      const problem = writeOne(target.path, text)
      if (problem) failures.push(`Cannot write the ${target.reporter.name} report to ${target.label}: ${problem}`)
    }
  }
  return failures
}

function terminalText(report: GradeReport, rendering: ReportRendering): string {
  return rendering.terminal ? rendering.terminal(report, rendering.color) : reporters.terminal.render(report, { color: rendering.color })
}

// Write text to a file (see writeOutputFile); the error's own words when it cannot be written
export function writeOne(path: string, text: string): string | undefined {
  try {
    writeOutputFile(path, text)
    return undefined
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // mkdir says EEXIST when a part of the folder's path is a file, open says ENOTDIR
    return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of its path is a file' : (error as Error).message
  }
}

// Under GitHub Actions the runner reads every line of a step's output as a possible workflow command, leading
// whitespace trimmed: a student's program that printed "::notice title=Autograding report::{...}" would forge
// points. Every output but the github reporter's own is fenced with ::stop-commands:: and an unguessable token
export function guardWorkflowCommands(text: string, reporter: string, env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_ACTIONS !== 'true' || reporter === 'github' || text === '') return text
  const token = randomUUID()
  return `::stop-commands::${token}\n${text}${text.endsWith('\n') ? '' : '\n'}::${token}::\n`
}
