import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { main } from '../cli.js'
import { RubricError } from '../errors.js'
import { grade } from '../grade.js'
import { loadRubricFile } from '../rubric/load.js'
import { checkOf } from '../test-support/grade-fixture.js'
import { loadAssignmentFolder, loadAssignmentsIn } from './load.js'

// Exercises framed otherwise than the textbook's: lines ending in CR LF on one connection (a fixed terminator), and
// a message read until the client shuts down its sending side (until-close); one whose inputs are bytes; and a
// dialogue (an SMTP subset) the grader plays the client's side of; and an HTTP/1.0 client it plays the server for
const course = join(import.meta.dirname, 'fixtures', 'wire-course')
const assignmentOf = (id: string) => loadAssignmentFolder(join(course, 'assignments', id), course)
const checksOf = (id: string) => loadRubricFile(join(course, 'rubric.yaml'), 'rubric.yaml', loadAssignmentsIn(join(course, 'assignments'), course)).assignments.get(id) ?? []
const variant = (id: string, name: string) => join(course, 'reference', id, 'broken', name)

test('validate gives each reference full marks and each broken variant exactly the checks it must lose', async () => {
  let stdout = ''
  const code = await main(['validate', course], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, env: { NO_COLOR: '1' }, cwd: course })
  expect(stdout.replace(/ +/g, ' ').split('\n').slice(1)).toEqual([
    ' ✓ reference/checksum-udp 3/3 full marks',
    ' ✓ reference/checksum-udp/broken/server-decodes-text 0/3 loses server-answers, server-serves-in-a-row, as expected',
    ' ✓ reference/crlf-tcp 8/8 full marks',
    ' ✓ reference/crlf-tcp/broken/client-sends-newline 5/8 loses client-sends-lines, client-prints-replies, as expected',
    ' ✓ reference/crlf-tcp/broken/server-ends-with-newline 3/8 loses server-answers, server-lines, server-split, as expected',
    ' ✓ reference/fetch-tcp 2/2 full marks',
    ' ✓ reference/fetch-tcp/broken/client-prints-status 0/2 loses client-dialogue, as expected',
    ' ✓ reference/fetch-tcp/broken/client-sends-no-host 0/2 loses client-dialogue, as expected',
    ' ✓ reference/length-tcp 6/6 full marks',
    ' ✓ reference/length-tcp/broken/client-never-shuts-down 3/6 loses client-sends-line, client-prints-reply, as expected',
    ' ✓ reference/length-tcp/broken/server-answers-first-read 5/6 loses server-split, as expected',
    ' ✓ reference/mail-tcp 4/4 full marks',
    ' ✓ reference/mail-tcp/broken/server-forgets-id 1/4 loses server-dialogue, as expected',
    ' ✓ reference/mail-tcp/broken/server-no-greeting 1/4 loses server-dialogue, as expected',
    '14 examples: 14 as expected, 0 not',
    '',
  ])
  expect(code).toBe(0)
}, 180_000)

test('a reply that does not end with the terminator is no reply, and the student is told which terminator', async () => {
  const assignment = assignmentOf('crlf-tcp')
  const checks = checksOf('crlf-tcp').filter((c) => c.id === 'server-answers')
  const report = await grade({ submission: variant('crlf-tcp', 'server-ends-with-newline'), assignment, checks, seed: 5, timeoutScale: 1 })
  expect(checkOf(report, 'server-answers')).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Sent "[a-z ]+": The reply did not end with "\\r\\n", which ends every reply of this assignment$/) })
})

test('a client that never shuts down its sending side is told to, under until-close', async () => {
  const assignment = assignmentOf('length-tcp')
  const checks = checksOf('length-tcp').filter((c) => c.id === 'client-sends-line')
  const report = await grade({ submission: variant('length-tcp', 'client-never-shuts-down'), assignment, checks, seed: 5, timeoutScale: 1 })
  expect(checkOf(report, 'client-sends-line')).toMatchObject({
    status: 'failed',
    message: expect.stringMatching(/^Line 1 ".+" was not followed by the end of sending$/),
    hint: expect.stringContaining('shutdown(SHUT_WR)'),
  })
})

test('a server that takes its first read for the whole message answers the split message with the first part', async () => {
  const assignment = assignmentOf('length-tcp')
  const checks = checksOf('length-tcp').filter((c) => c.id === 'server-split')
  const report = await grade({ submission: variant('length-tcp', 'server-answers-first-read'), assignment, checks, seed: 5, timeoutScale: 1 })
  const check = checkOf(report, 'server-split')
  expect(check).toMatchObject({ status: 'failed', hint: expect.stringContaining('until recv() returns b""') })
  const [, expected, received] = /^Expected "(\d+)", received "(\d+)"$/.exec(check.message) ?? []
  expect(Number(received)).toBeLessThan(Number(expected))
})

// The bytes go out as written, invalid UTF-8 and all, and the failure shows them as bytes, not as mangled text
test('bytes inputs are sent as the bytes the hex says, to the student and to the reference alike', async () => {
  const assignment = assignmentOf('checksum-udp')
  const checks = checksOf('checksum-udp').filter((c) => c.id === 'server-answers')
  const passed = await grade({ submission: join(course, 'reference', 'checksum-udp'), assignment, checks, seed: 5, timeoutScale: 1 })
  expect(checkOf(passed, 'server-answers').status).toBe('passed')
  const failed = await grade({ submission: variant('checksum-udp', 'server-decodes-text'), assignment, checks, seed: 5, timeoutScale: 1 })
  expect(checkOf(failed, 'server-answers')).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Sent b"(\\x[0-9a-f]{2}|[ -~])+": /) })
})

test('a client check on an assignment whose inputs are bytes is a rubric error naming why', async () => {
  const assignment = assignmentOf('checksum-udp')
  const dir = mkdtempSync(join(tmpdir(), 'bytes-rubric-'))
  const rubric = join(dir, 'rubric.yaml')
  writeFileSync(rubric, 'version: 1\nassignments:\n  checksum-udp:\n    checks:\n      - { id: c, name: Client, probe: client-sends-lines, params: { lines: 1 }, points: 1 }\n')
  try {
    loadRubricFile(rubric, 'rubric.yaml', new Map([[assignment.id, assignment]]))
    expect.unreachable('the rubric loaded')
  } catch (error) {
    expect(error).toBeInstanceOf(RubricError)
    expect((error as RubricError).problems).toEqual(['rubric.yaml:5:39: checksum-udp › c › probe: "client-sends-lines" cannot test an assignment whose inputs are bytes (a client is given text to type)'])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

describe('a dialogue', () => {
  const assignment = assignmentOf('mail-tcp')
  const checks = checksOf('mail-tcp').filter((c) => c.id === 'server-dialogue')

  test('a failed step is named, with what was expected and what came (a capture shown with its value)', async () => {
    const report = await grade({ submission: variant('mail-tcp', 'server-forgets-id'), assignment, checks, seed: 5, timeoutScale: 1 })
    const check = checkOf(report, 'server-dialogue')
    const [, id, got] = /^Client 2 of 2, step 13: expected a message matching "250 \{id\} queued" \(id = "(\d+)"\), received "250 (\d+) queued"$/.exec(check.message) ?? []
    expect(id, check.message).toBeDefined()
    expect(got).not.toBe(id)
    // The transcript holds the whole conversation: what the grader sent, what the server said, in order
    const sent = check.transcript.filter((line) => line.dir === 'sent').map((line) => line.text)
    expect(sent.slice(0, 2)).toEqual(['"HELO grader.test"', expect.stringMatching(/^"MAIL FROM:<[a-z]+@example\.test>"$/)])
    expect(check.transcript.filter((line) => line.dir === 'received')[0]?.text).toBe('"220 mail.test ready"')
  })

  test('a server that waits for the client to speak first fails the greeting step, after the optional one', async () => {
    const report = await grade({ submission: variant('mail-tcp', 'server-no-greeting'), assignment, checks, seed: 5, timeoutScale: 1 })
    expect(checkOf(report, 'server-dialogue').message).toBe('Client 1 of 2, step 2: expected a message matching "220 .*"; nothing within 1.5 s')
  })
})

describe('a client dialogue', () => {
  const assignment = assignmentOf('fetch-tcp')
  const checks = checksOf('fetch-tcp')

  test('the grader plays the origin server: the request is matched, and the page it sent must be printed', async () => {
    const passed = await grade({ submission: join(course, 'reference', 'fetch-tcp'), assignment, checks, seed: 5, timeoutScale: 1 })
    const check = checkOf(passed, 'client-dialogue')
    expect(check.status, check.message).toBe('passed')
    expect(check.transcript.map((line) => line.dir)).toEqual(['received', 'sent', 'sent'])
    expect(check.transcript[0]?.text).toMatch(/^"GET \/index\.html HTTP\/1\.0\\r\\nHost: /)
    const printed = await grade({ submission: variant('fetch-tcp', 'client-prints-status'), assignment, checks, seed: 5, timeoutScale: 1 })
    expect(checkOf(printed, 'client-dialogue').message).toMatch(/^step 3: the grader sent "[a-z ]+", which is not in the client's output "HTTP\/1\.0 200 OK\\n"$/)
  })

  test('a request that does not match fails its step, saying what came and how the client ended', async () => {
    const report = await grade({ submission: variant('fetch-tcp', 'client-sends-no-host'), assignment, checks, seed: 5, timeoutScale: 1 })
    expect(checkOf(report, 'client-dialogue').message).toMatch(/^step 1: expected a message matching "GET .+", received "GET \/index\.html HTTP\/1\.0"; the client exited with code 0/)
  })
})
