import { basename } from 'node:path'
import type { CheckResult, GradeReport } from '../report.js'
import { missedWithoutLoss, missKind } from './check-text.js'
import { cleanText, printable, truncate } from './clean.js'
import type { Reporter } from './reporter.js'
import { studentView } from './student-view.js'
import { workflowCommand } from './workflow-command.js'

// GitHub shows at most 10 error (and 10 warning) annotations per step: 9, then one saying how many more
const MAX_ANNOTATIONS = 10
const MAX_MESSAGE_CHARS = 4_000
const MAX_TITLE_CHARS = 200

interface Annotation {
  readonly title: string
  readonly message: string
  readonly file?: string
  readonly line?: string
}

// GitHub Actions workflow commands: an ::error annotation per check that failed or erred (at the student's file and
// line when its message or its crash names one), an ::warning per check missed without losing points, then the
// points as GitHub Classroom records them: "Points X/Y" titled "Autograding complete" and {"totalPoints","maxPoints"}
// titled "Autograding report". X counts extra credit, as Classroom sums every test's score. Annotations show to anyone
// who can read the repository, the student first: they come from the student view whatever command made the report
// (grade, for a course rubric), hidden and after-due-date checks with their names only
export const github: Reporter = {
  name: 'github',
  extension: 'txt',
  description: 'GitHub Actions annotations and the points as GitHub Classroom records them',
  render(graded) {
    const report = studentView(graded, { afterDueDate: false })
    const errors = [...reportErrors(report), ...report.checks.filter((c) => c.status === 'error' || (c.status === 'failed' && !missedWithoutLoss(c))).map((c) => checkAnnotation(report, c, ''))]
    const warnings = report.checks.filter(missedWithoutLoss).map((c) => checkAnnotation(report, c, `${missKind(c)}: `))
    const lines = [
      ...capped(errors, 'checks did not pass').map((a) => command('error', a)),
      ...capped(warnings, 'checks were missed without losing points').map((a) => command('warning', a)),
      workflowCommand('notice', [['title', 'Autograding complete']], `Points ${report.score}/${report.maxScore}`),
      workflowCommand('notice', [['title', 'Autograding report']], JSON.stringify({ totalPoints: report.score, maxPoints: report.maxScore })),
    ]
    return `${lines.join('\n')}\n`
  },
}

// What stopped the grading, before the checks: the grader failing, or a submission that cannot be graded
function reportErrors(report: GradeReport): Annotation[] {
  if (report.harnessError) return [{ title: 'The autograder failed; contact course staff', message: report.harnessError.message }]
  if (!report.gradable) {
    const reason = report.notGradableReason ?? 'unknown reason'
    return [{ title: 'Not gradable', message: reason, ...locate(report, [reason]) }]
  }
  return []
}

function checkAnnotation(report: GradeReport, check: CheckResult, prefix: string): Annotation {
  const causes = (report.causes ?? []).filter((c) => c.check === check.id).map((c) => c.message)
  const message = [`${prefix}${check.message}`, ...(check.hint ? [`Hint: ${check.hint}`] : [])].join('\n')
  return { title: `${check.id}: ${check.name}`, message, ...locate(report, [check.message, ...causes]) }
}

// The first of the report's programs named with a line number ("UDPServer.py line 10", as describe-exit.ts words a
// Python traceback) in the texts, in order: the file as the report names it, relative to the submission
function locate(report: GradeReport, texts: readonly string[]): { file?: string; line?: string } {
  const programs = [report.programs.server, report.programs.client].filter((p): p is string => Boolean(p))
  for (const text of texts) {
    for (const program of programs) {
      const name = basename(program).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      const line = new RegExp(`(?<![\\w.-])${name} line (\\d+)`).exec(text)?.[1]
      if (line) return { file: program, line }
    }
  }
  return {}
}

// At most MAX_ANNOTATIONS: the first ones, and one saying how many more there are
function capped(annotations: readonly Annotation[], what: string): Annotation[] {
  if (annotations.length <= MAX_ANNOTATIONS) return [...annotations]
  const more = annotations.length - (MAX_ANNOTATIONS - 1)
  return [...annotations.slice(0, MAX_ANNOTATIONS - 1), { title: `${more} more`, message: `${more} more ${what}: see the full report` }]
}

function command(name: 'error' | 'warning', a: Annotation): string {
  const properties = [['file', a.file && printable(a.file)], ['line', a.line], ['title', truncate(printable(a.title), MAX_TITLE_CHARS)]] as const
  return workflowCommand(name, properties, truncate(cleanText(a.message), MAX_MESSAGE_CHARS))
}
