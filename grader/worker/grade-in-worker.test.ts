import { expect, test } from 'vitest'
import { InternalError } from '../errors.js'
import { workerReport } from './grade-in-worker.js'

const report = { version: 1, assignment: 'uppercase-udp', score: 3 }

// Issue 14: a forged line beside the real one, or a report pushed past the output cap, is never read as the report
test.each([
  { name: 'one line', text: `${JSON.stringify(report)}\n`, truncated: false, error: undefined },
  { name: 'a forged line before the report', text: `${JSON.stringify({ ...report, score: 10 })}\n${JSON.stringify(report)}\n`, truncated: false, error: 'The grading worker wrote 2 lines instead of one report' },
  { name: 'output past the cap', text: `${' '.repeat(100)}${JSON.stringify({ ...report, score: 10 })}`, truncated: true, error: 'The grading worker wrote more than its output cap instead of one report' },
  { name: 'nothing', text: '', truncated: false, error: 'The grading worker wrote 0 lines instead of one report' },
])('workerReport: $name', ({ text, truncated, error }) => {
  if (error === undefined) expect(workerReport(text, truncated)).toEqual(report)
  else expect(() => workerReport(text, truncated)).toThrow(new InternalError(error))
})
