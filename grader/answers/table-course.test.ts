import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { loadAssignmentFile } from '../assignments/load.js'
import { main } from '../cli.js'
import { grade } from '../grade.js'
import { loadRubricFile } from '../rubric/load.js'
import { checkOf } from '../test-support/grade-fixture.js'

// A course exercise defined only in YAML: a table answer, its inputs, and a case-insensitive comparison
const course = join(import.meta.dirname, 'fixtures', 'status-course')
const assignment = loadAssignmentFile(join(course, 'assignments', 'status-udp', 'assignment.yaml'))
const checks = loadRubricFile(join(course, 'rubric.yaml'), 'rubric.yaml', new Map([[assignment.id, assignment]])).assignments.get('status-udp') ?? []
const variant = (name: string) => join(course, 'reference', 'status-udp', 'broken', name)

test('validate gives the reference full marks and each broken variant exactly the checks it must lose', async () => {
  let stdout = ''
  const code = await main(['validate', course], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, env: { NO_COLOR: '1' }, cwd: course })
  expect(stdout.replace(/ +/g, ' ').split('\n').slice(1)).toEqual([
    ' ✓ reference/status-udp 9/9 full marks',
    ` ✓ reference/status-udp/broken/client-prints-own-lookup 7/9 loses client-prints-reply, as expected`,
    ` ✓ reference/status-udp/broken/server-echoes 5/9 loses server-answers, server-serves-in-a-row, as expected`,
    '3 examples: 3 as expected, 0 not',
    '',
  ])
  expect(code).toBe(0)
}, 120_000)

test('a server that sends the code back is told the name the table gives for it', async () => {
  const report = await grade({ submission: variant('server-echoes'), assignment, checks: checks.filter((c) => c.id === 'server-answers'), seed: 3, timeoutScale: 1 })
  const [, sent, expected, received] = /^Sent "(\d{3})": expected "(.+)", received "(.+)"$/.exec(checkOf(report, 'server-answers').message) ?? []
  expect(received).toBe(sent)
  expect(expected).toBe((assignment.answer as { table: Record<string, string> }).table[sent as string])
}, 60_000)

test("a client printing its own lookup fails: the grader's server answered with a tag only it knows", async () => {
  const report = await grade({ submission: variant('client-prints-own-lookup'), assignment, checks: checks.filter((c) => c.id.startsWith('client-')), seed: 3, timeoutScale: 1 })
  expect(checkOf(report, 'client-prints-reply')).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Reply 1: the server sent "[A-Za-z' ]+ \[\d{4}\]", which is not in the client's output/) })
  expect(checkOf(report, 'client-sends-line').status).toBe('passed')
}, 60_000)

test('a client that sends what the table has no answer for fails its checks; the grader does not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'status-client-'))
  cpSync(join(course, 'reference', 'status-udp', 'status_server.py'), join(dir, 'status_server.py'))
  // Sends the code with a question mark and prints something else than the reply
  writeFileSync(
    join(dir, 'status_client.py'),
    "import sys\nfrom socket import *\ns = socket(AF_INET, SOCK_DGRAM)\ns.sendto((input() + '?').encode(), (sys.argv[1], int(sys.argv[2])))\ns.recvfrom(2048)\nprint('done')\n",
  )
  try {
    // Judged on its own (not skipped for the failed send): the reply it did not print is looked for, not a grader error
    const judged = checks.filter((c) => c.id === 'client-prints-reply' || c.id === 'client-sends-line').map((c) => ({ ...c, requires: [] }))
    const report = await grade({ submission: dir, assignment, checks: judged, seed: 3, timeoutScale: 1 })
    expect(report.harnessError).toBeUndefined()
    expect(checkOf(report, 'client-prints-reply')).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Reply 1: the server sent " \[\d{4}\]", which is not in the client's output "done\\n"/) })
    expect(checkOf(report, 'client-sends-line').status).toBe('failed')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 60_000)

