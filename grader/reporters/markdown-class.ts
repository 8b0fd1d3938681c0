// The class as Markdown: a table of students and the checks failed most (markdown reporter's renderClass)
import { STATUS_LABELS, studentStatus } from '../batch/html/student-status.js'
import { countTexts } from '../batch/student-counts.js'
import type { BatchEntry, BatchResults, CheckSummary } from '../batch/types.js'
import { basePercent, baseScore } from '../report.js'
import { fitDocument } from './markdown-fit.js'
import { inline } from './markdown-escape.js'

const MOST_FAILED = 10

// A class table (student, score, percent, status) and the checks failed most, cut to fit a GitHub comment
export function renderClassMarkdown(results: BatchResults): string {
  const { summary } = results
  const counts = countTexts(summary).map(({ text }) => text)
  const blocks = [
    `## ${inline(results.settings.assignment, 200)}: ${summary.students} students`,
    `${counts.join(', ')}. Mean ${summary.meanScore}/${summary.maxScore}, median ${summary.medianScore}/${summary.maxScore} (students graded).`,
    ['| Student | Score | Percent | Status |', '| --- | --: | --: | --- |', ...results.entries.map(studentRow)].join('\n'),
  ]
  const failed = summary.checks.filter((c) => c.failed > 0).slice(0, MOST_FAILED)
  if (failed.length) blocks.push('### Checks failed most', ['| Check | Points | Passed | Failed | Skipped | Pass rate |', '| --- | --: | --: | --: | --: | --: |', ...failed.map(checkRow)].join('\n'))
  return fitDocument([() => `${blocks.join('\n\n')}\n`])
}

function studentRow({ student, report }: BatchEntry): string {
  const status = studentStatus(report)
  const who = student.name === student.id ? `**${inline(student.id, 200)}**` : `**${inline(student.id, 200)}** ${inline(student.name, 200)}`
  // A grader error says nothing about the student: no score is shown for it
  if (status === 'grader-error') return `| ${who} | — | — | ${STATUS_LABELS[status]} |`
  const extra = report.extraScore > 0 ? ` + ${report.extraScore} extra` : ''
  return `| ${who} | ${baseScore(report)}/${report.maxScore}${extra} | ${Math.round(basePercent(report))}% | ${STATUS_LABELS[status]} |`
}

function checkRow(check: CheckSummary): string {
  const points = check.maxScore === 0 ? 'advisory' : check.extraCredit ? `+${check.maxScore} extra` : String(check.maxScore)
  return `| **${inline(check.id, 200)}** ${inline(check.name, 500)} | ${points} | ${check.passed} | ${check.failed} | ${check.skipped} | ${Math.round(check.passRate * 100)}% |`
}
