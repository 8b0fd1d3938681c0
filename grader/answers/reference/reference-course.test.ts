import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { loadAssignmentFile, loadAssignmentsIn } from '../../assignments/load.js'
import { main } from '../../cli.js'
import { RubricError } from '../../errors.js'
import { grade } from '../../grade.js'
import { loadRubricFile } from '../../rubric/load.js'
import { packageRoot } from '../../paths.js'
import { checkOf } from '../../test-support/grade-fixture.js'

// A course exercise whose answers come from the instructor's reference server: no table, no code for the grader.
// reverse-udp of the example course
const course = join(packageRoot, 'docs', 'example-course')
const assignmentFile = (root: string) => join(root, 'assignments', 'reverse-udp', 'assignment.yaml')
const assignment = loadAssignmentFile(assignmentFile(course))
const checks = loadRubricFile(join(course, 'rubric.yaml'), 'rubric.yaml', loadAssignmentsIn(join(course, 'assignments'), course)).assignments.get('reverse-udp') ?? []
const reference = join(course, 'reference', 'reverse-udp')
const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-reverse-course-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

// The course copied, with its reference server replaced
function courseWithReference(name: string, server: string): string {
  const root = join(scratch, name)
  cpSync(course, root, { recursive: true })
  writeFileSync(join(root, 'reference', 'reverse-udp', 'reverse_server.py'), server)
  return root
}

test('validate gives the reference full marks and each broken variant exactly the checks it must lose', async () => {
  let stdout = ''
  let stderr = ''
  const code = await main(['validate', '--assignment-dir', 'assignments/reverse-udp', '--references', 'reference/reverse-udp', '--rubric', 'rubric.yaml'], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: { NO_COLOR: '1' }, cwd: course })
  expect(stdout.replace(/ +/g, ' ').split('\n').slice(1)).toEqual([
    ' ✓ reference/reverse-udp 9/9 full marks',
    ' ✓ reference/reverse-udp/broken/client-prints-own-reverse 7/9 loses client-prints-reply, as expected',
    ' ✓ reference/reverse-udp/broken/server-reverses-words 5/9 loses server-answers, server-serves-in-a-row, as expected',
    '3 examples: 3 as expected, 0 not',
    '',
  ])
  // In the sandbox where there is one: the reference runs there too, in a room of its own
  expect(stderr).not.toMatch(/Isolation: host/)
  expect(stderr).toContain('Asked the reference server the same inputs twice: the answers agree')
  expect(code).toBe(0)
}, 120_000)

test("a server that answers otherwise is shown the reference's answer", async () => {
  const report = await grade({ submission: join(reference, 'broken', 'server-reverses-words'), assignment, checks: checks.filter((c) => c.id === 'server-answers'), seed: 3, timeoutScale: 1 })
  const [, sent, expected, received] = /^Sent "(.+)": expected "(.+)", received "(.+)"$/.exec(checkOf(report, 'server-answers').message) ?? []
  expect(expected).toBe([...(sent as string)].reverse().join(''))
  expect(received).toBe((sent as string).split(' ').reverse().join(' '))
}, 60_000)

test("a reference that crashes is the course's fault, named with the input it crashed on, never the student's", async () => {
  const root = courseWithReference('crashing', "import sys\nfrom socket import *\ns = socket(AF_INET, SOCK_DGRAM)\ns.bind(('', int(sys.argv[1])))\ns.recvfrom(2048)\nsys.exit('the reference broke')\n")
  const crashing = loadAssignmentFile(assignmentFile(root))
  const report = await grade({ submission: reference, assignment: crashing, checks: checks.filter((c) => c.id === 'server-answers'), seed: 3, timeoutScale: 1 })
  expect(checkOf(report, 'server-answers')).toMatchObject({ status: 'error', message: 'The autograder failed on this check: contact course staff' })
  expect(report.harnessError?.message).toMatch(/the reference server for reverse-udp \(reverse_server\.py\): it exited with code 1: the reference broke \(on input ".+"\)$/)
}, 60_000)

test("a client is judged only against replies the grader could work out: a silent reference fails the grading, not the client's checks", async () => {
  const root = courseWithReference('silent', "import sys, time\nfrom socket import *\ns = socket(AF_INET, SOCK_DGRAM)\ns.bind(('', int(sys.argv[1])))\ntime.sleep(60)\n")
  const silent = loadAssignmentFile(assignmentFile(root))
  const judged = checks.filter((c) => c.id === 'client-prints-reply').map((c) => ({ ...c, requires: [] }))
  const report = await grade({ submission: reference, assignment: silent, checks: judged, seed: 3, timeoutScale: 1 })
  expect(checkOf(report, 'client-prints-reply').status).toBe('error')
  expect(report.harnessError?.message).toMatch(/the reference server for reverse-udp \(reverse_server\.py\): no reply within 1500 ms/)
}, 60_000)

test('a reference file that does not exist is named at its line in assignment.yaml', () => {
  const root = join(scratch, 'missing')
  cpSync(course, root, { recursive: true })
  rmSync(join(root, 'reference', 'reverse-udp', 'reverse_server.py'))
  expect(() => loadAssignmentFile(assignmentFile(root), 'assignments/reverse-udp/assignment.yaml')).toThrow(RubricError)
  expect(() => loadAssignmentFile(assignmentFile(root), 'assignments/reverse-udp/assignment.yaml')).toThrow(/^assignments\/reverse-udp\/assignment\.yaml:6:14: answer › reference: reference\/reverse-udp\/reverse_server\.py \(beside assignments\/\) does not exist: put the reference server there$/)
})

test('validate asks the reference the same inputs twice: one that answers differently each time fails validate', async () => {
  const root = courseWithReference('random', "import random, sys\nfrom socket import *\ns = socket(AF_INET, SOCK_DGRAM)\ns.bind(('', int(sys.argv[1])))\nwhile True:\n    m, a = s.recvfrom(2048)\n    s.sendto((m.decode()[::-1] + ' #' + str(random.randrange(10**9))).encode(), a)\n")
  let stdout = ''
  let stderr = ''
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: { NO_COLOR: '1' }, cwd: root }
  const code = await main(['validate', '--assignment-dir', 'assignments/reverse-udp', '--references', 'reference/reverse-udp', '--rubric', 'rubric.yaml'], io)
  expect(stdout).toMatch(/^ {2}✗ the reference server for reverse-udp answered ".+" with ".+ #\d+", then with ".+ #\d+": an oracle must give the same answer every time$/m)
  expect(stderr).toContain('Asked the reference server the same inputs twice: 1 answered differently')
  expect(code).toBe(1)
}, 120_000)

test('a reference whose answers depend on what it was asked before (a count kept across clients) fails validate too', async () => {
  const root = courseWithReference('counting', "import sys\nfrom socket import *\ns = socket(AF_INET, SOCK_DGRAM)\ns.bind(('', int(sys.argv[1])))\nseen = 0\nwhile True:\n    m, a = s.recvfrom(2048)\n    seen += 1\n    s.sendto((m.decode()[::-1] + ' ' + str(seen)).encode(), a)\n")
  let stdout = ''
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => undefined }, env: { NO_COLOR: '1' }, cwd: root }
  const code = await main(['validate', '--assignment-dir', 'assignments/reverse-udp', '--references', 'reference/reverse-udp', '--rubric', 'rubric.yaml'], io)
  expect(stdout).toMatch(/^ {2}✗ the reference server for reverse-udp answered ".+" with ".+ 1", then with ".+ \d+": an oracle must give the same answer every time$/m)
  expect(code).toBe(1)
}, 120_000)
