import { expect, test } from 'vitest'
import type { CheckResult, TranscriptLine } from '../report.js'
import { clientRunsOf, printedUnder } from './client-runs.js'

const run = (stdin: string): TranscriptLine[] => [
  { dir: 'note', text: `Ran the client with host localhost, port 12000, stdin "${stdin}\\n"` },
  { dir: 'received', text: `UDP: "${stdin}"` },
  { dir: 'sent', text: `"${stdin.toUpperCase()}"` },
]
const exchange: TranscriptLine[] = [
  { dir: 'sent', text: '"hello"' },
  { dir: 'received', text: '"HELLO"' },
]
const check = (id: string, transcript: TranscriptLine[]): CheckResult => ({ id, name: id, status: 'failed', score: 0, maxScore: 1, extraCredit: false, visibility: 'visible', message: '', transcript })

test('checks that judged one client run share it, numbered in order; a server exchange is no run, however alike', () => {
  const checks = [check('server-a', exchange), check('server-b', exchange), check('client-a', run('one')), check('client-b', run('two')), check('client-c', structuredClone(run('one'))), check('client-d', [])]
  const runs = clientRunsOf(checks)
  expect([...runs.keys()].map((c) => c.id)).toEqual(['client-a', 'client-b', 'client-c'])
  expect(checks.map((c) => runs.get(c)?.number)).toEqual([undefined, undefined, 1, 2, 1, undefined])
  expect(runs.get(checks[2] as CheckResult)?.checks.map((c) => c.id)).toEqual(['client-a', 'client-c'])
  expect(checks.map((c) => printedUnder(c, runs)?.id)).toEqual([undefined, undefined, undefined, undefined, 'client-a', undefined])
})
