import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { lostCheckIds, type GradeReport } from '../report.js'
import { packageRoot } from '../paths.js'
import { gradeShape, sandboxHere, shapeModes } from '../test-support/grade-shape.js'

// Shapes of public SMTP clients the bundled smtp-client lab must grade as a careful TA would, through the client
// dialogue probes: each graded with the bundled rubric, in both isolation modes where it may run in both
const fixtures = join(import.meta.dirname, 'fixtures', 'smtp-clients')
const GRADING_MS = 60_000
const graded = (fixture: string, isolation: 'host' | 'sandbox'): Promise<GradeReport> => gradeShape('smtp-client', join(fixtures, fixture), { seed: 3, isolation })

const check = (report: GradeReport, id: string) => report.checks.find((c) => c.id === id)
// The extra credit a plain client (no STARTTLS, no AUTH) does not earn, with the checks it loses besides
const plainLoses = (...ids: string[]) => ['logs-in', 'uses-starttls', ...ids].sort()
describe.each(shapeModes)('in --isolation %s', (isolation) => {
  test('"MAIL FROM: <a@b>" with a space passes every scored check; the two advisory checks say why', { timeout: GRADING_MS }, async () => {
    const report = await graded('space-after-colon', isolation)
    expect(lostCheckIds(report)).toEqual(plainLoses('mail-from-exact-form', 'rcpt-to-exact-form'))
    expect(report.score).toBe(report.maxScore)
    expect(check(report, 'mail-from-exact-form')?.message).toBe('Step "mail-from" (step 10): the grader went on with "MAIL FROM: <alice@example.com>\\r\\n", but it is not in the exact form the protocol writes')
  })

  test('a client that goes on with DATA after a 550 to RCPT TO loses the advisory check, told what it sent', { timeout: GRADING_MS }, async () => {
    const report = await graded('ignores-550', isolation)
    expect(lostCheckIds(report)).toEqual(plainLoses('stops-after-550'))
    expect(check(report, 'stops-after-550')?.message).toMatch(/^step 14: expected a message matching "\(QUIT\|RSET\) \*", received "DATA"; the client /)
  })

  test('a client that asks for the addresses and the message with input() gets them typed, and full marks', { timeout: GRADING_MS }, async () => {
    const report = await graded('prompts-for-addresses', isolation)
    expect(lostCheckIds(report)).toEqual(plainLoses())
    const heard = check(report, 'sends-mail-from')?.transcript.filter((line) => line.dir === 'received').map((line) => line.text)
    expect(heard).toContain('"MAIL FROM:<alice@example.com>\\r\\n"')
    expect(heard).toContain('"Subject: Greetings from the grader\\r\\n\\r\\nThis line was typed on standard input by the grader.\\r\\n.\\r\\n"')
  })

  // On a shared host the shim maps the name and port 587 (its .example name never resolves, so nothing would leave
  // even if it did not); in the sandbox the wildcard DNS answers and the grader listens on 587
  test('a client that hard-codes a university relay on port 587 and ignores its arguments is graded as written', { timeout: GRADING_MS }, async () => {
    const report = await graded('hard-codes-relay', isolation)
    // The handout's habit: it prints that the reply was not 250 and goes on, so only the refusal's advisory is lost
    expect(lostCheckIds(report)).toEqual(plainLoses('stops-after-550'))
    expect(report.score).toBe(report.maxScore)
    expect(check(report, 'sends-helo')?.transcript.find((line) => line.dir === 'received')?.text).toBe('"EHLO student\\r\\n"')
  })

  // The extensions are in the reply to EHLO; smtplib's AUTH LOGIN gives the user name on the AUTH line
  test('a client that reads the EHLO keywords and logs in as smtplib does earns both extra credits', { timeout: GRADING_MS }, async () => {
    const report = await graded('reads-ehlo-keywords', isolation)
    expect(lostCheckIds(report)).toEqual([])
    expect(report.extraScore).toBe(2)
  })

  // A mechanism the server does not offer gets 504 and the session goes on: only the login is lost
  test('a client that asks for AUTH CRAM-MD5 is refused it and loses only logs-in', { timeout: GRADING_MS }, async () => {
    const report = await graded('auth-cram-md5', isolation)
    expect(lostCheckIds(report)).toEqual(['logs-in'])
    expect(check(report, 'logs-in')?.message).toMatch(/^The client did not take any of the steps "auth-password", "auth-login-password", "auth-plain", "auth-plain-credentials": it went on with "AUTH CRAM-MD5\\r\\n" \(step 9\)$/)
  })

  // The handout's client checks each code and stops with sys.exit(1): that is no crash, so no "Not run" and no generic
  // crash hint; each check says what it missed
  test('a client that stops with sys.exit(1) when the grader hangs up is not called crashed: each check says its own', { timeout: GRADING_MS }, async () => {
    const report = await graded('exits-on-bad-reply', isolation)
    expect(report.causes).toBeUndefined()
    expect(check(report, 'sends-rcpt-to')?.hint).toMatch(/^After the 250 for MAIL FROM, send 'RCPT TO:<bob@example\.org>/)
    expect(check(report, 'sends-rcpt-to')?.message).toBe('step 12: expected a message matching "RCPT TO:.*", received "RCPT TO <bob@example.org>"; the client exited with code 1')
    expect(check(report, 'sends-data')?.message).toMatch(/^The dialogue ended before step "data": step 12: /)
    expect(check(report, 'logs-in')?.message).toBe('The client did not take any of the steps "auth-password", "auth-login-password", "auth-plain", "auth-plain-credentials": it went on with "MAIL FROM:<alice@example.com>\\r\\n" (step 10)')
  })

  // The old ssl.wrap_socket checks no certificate and sends no host name; AUTH PLAIN is a branch of its own. Like
  // most public clients it reads no reply code, so it goes on after the refused recipient
  test('a client that wraps its socket with ssl.wrap_socket and logs in with AUTH PLAIN earns both extra credits', { timeout: GRADING_MS }, async () => {
    const report = await graded('wrap-socket-auth-plain', isolation)
    expect(lostCheckIds(report)).toEqual(['stops-after-550'])
    expect(report.extraScore).toBe(2)
    const notes = check(report, 'uses-starttls')?.transcript.filter((line) => line.dir === 'note').map((line) => line.text)
    expect(notes).toContainEqual(expect.stringMatching(/^step 4\.2: TLS started \(TLSv1\.[23], the client sent no host name\)$/))
  })
})

// The message's end is what ends-message-with-dot judges: a long message is shown by its end, its start marked left out
test('a message ended with a bare "\\n.\\n" is shown by its last characters, marked as cut', { timeout: GRADING_MS }, async () => {
  const report = await gradeShape('smtp-client', join(packageRoot, 'reference', 'smtp-client', 'broken', 'lf-line-ends'), { seed: 3, isolation: 'host' })
  expect(check(report, 'ends-message-with-dot')?.message).toBe('Step "message" (step 16): expected the message to end with "\\r\\n.\\r\\n", received …"ect: Hello\\n\\nI love computer networks!\\n.\\n" (its last 40 characters)')
})

describe.skipIf(!sandboxHere)('in the sandbox only', () => {
  // The client itself refuses to run unless loopback is its only interface; then it tries a non-loopback address
  // (no route), looks smtp.gmail.com up (the grader's DNS) and reports both in its HELO. Its STARTTLS checks that the
  // certificate is smtp.gmail.com's: the grader's throw-away authority signs one, and the client was told to trust it
  test('smtp.gmail.com:587 reaches the grader; the client sees only loopback and no route out', { timeout: GRADING_MS }, async () => {
    const report = await graded('hard-codes-gmail', 'sandbox')
    expect(check(report, 'sends-helo')?.transcript.find((line) => line.dir === 'received')?.text).toBe('"HELO interfaces-lo.net-ENETUNREACH.gmail-127.0.0.1\\r\\n"')
    expect(lostCheckIds(report)).toEqual([])
    expect(report.extraScore).toBe(2)
    expect(check(report, 'logs-in')?.transcript.map((line) => line.text)).toContainEqual(expect.stringMatching(/TLS started \(TLSv1\.[23], the client asked for "smtp\.gmail\.com"\)$/))
  })
})
