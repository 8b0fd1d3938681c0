import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, describe, expect, test } from 'vitest'
import { gradeSubmission } from '../grade-submission.js'
import { packageRoot } from '../paths.js'
import { resolvePython } from '../process/python.js'
import type { CheckResult, GradeReport } from '../report.js'
import { openGradingCgroup } from '../process/grading-cgroup.js'
import { detectIsolation } from './detect.js'
import { folderDigest } from '../chaos/folder-digest.js'
import { pidsWithToken, survivorsAfterGrading, watchForToken } from '../chaos/survivors.js'

// Hostile submissions (issue 3): each one is graded to a report that says what happened, grading finishes (the
// per-test timeout is the hang guard), no process of the submission survives, and nothing outside the sandbox
// changes. Every hostile program re-execs itself once with a token from token.txt as its last argument, so each
// of its processes (forked children inherit it) carries the token in /proc/PID/cmdline, where survivors are looked for.

const sandboxAvailable = (await detectIsolation()).mode === 'sandbox'
// Host mode's cgroup of a grading needs a writable cgroup v2 (here: as root, outside a read-only container)
const cgroupAvailable = await (async () => {
  const cgroup = openGradingCgroup()
  await cgroup?.remove()
  return cgroup !== undefined
})()

// A grading that hangs fails here, not at the 5-minute sandbox deadline
const HANG_GUARD_MS = 40_000
const FLOOD_FILE = /^hostile-flood-/

const fixtures = join(import.meta.dirname, 'fixtures')
const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-hostile-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Graded {
  readonly report: GradeReport
  /** Pids whose command line still holds the token after grading (and the poll) */
  readonly survivors: readonly number[]
  /** True when a process with the token was seen while grading ran (the token mechanism works) */
  readonly seenRunning: boolean
  /** True when the submission folder is byte for byte what it was before grading */
  readonly submissionUnchanged: boolean
  /** Files named like the flood's that appeared in the host's /tmp (top level and one folder down) */
  readonly newFloodFiles: readonly string[]
}

interface GradeHostileOptions {
  readonly isolation: 'sandbox' | 'host'
  readonly only: 'server' | 'client'
  /** More files the program reads, written into the copy of the fixture */
  readonly files?: Readonly<Record<string, string>>
}

// Grade a private copy of a fixture, watching for the token while it runs and for survivors afterwards
async function gradeHostile(fixture: string, options: GradeHostileOptions): Promise<Graded> {
  const submission = mkdtempSync(join(scratch, `${fixture}-`))
  cpSync(join(fixtures, fixture), submission, { recursive: true })
  const token = `sockgrade-hostile-${randomUUID()}`
  writeFileSync(join(submission, 'token.txt'), token)
  writeFileSync(join(submission, 'origin.txt'), submission)
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(submission, name), text)
  const before = folderDigest(submission)
  const floodBefore = new Set(floodFilesInTmp())
  const watch = watchForToken(token)
  let report: GradeReport
  try {
    report = await gradeSubmission({ submission, assignment: 'uppercase-udp', seed: 1, isolation: options.isolation, only: options.only })
  } finally {
    watch.stop()
  }
  const survivors = (await survivorsAfterGrading(token)).map((s) => s.pid)
  return {
    report,
    survivors,
    seenRunning: watch.seen,
    submissionUnchanged: folderDigest(submission) === before,
    newFloodFiles: floodFilesInTmp().filter((f) => !floodBefore.has(f)),
  }
}


function floodFilesInTmp(): string[] {
  const found: string[] = []
  const list = (dir: string) => {
    try {
      return readdirSync(dir, { withFileTypes: true })
    } catch {
      return []
    }
  }
  for (const entry of list('/tmp')) {
    if (FLOOD_FILE.test(entry.name)) found.push(join('/tmp', entry.name))
    else if (entry.isDirectory()) for (const inner of list(join('/tmp', entry.name))) if (FLOOD_FILE.test(inner.name)) found.push(join('/tmp', entry.name, inner.name))
  }
  return found
}

function check(report: GradeReport, id: string): CheckResult {
  const found = report.checks.find((c) => c.id === id)
  if (!found) throw new Error(`no check ${id} in the report`)
  return found
}

// What the grader's own server received from a student client, as the transcript shows it
function received(report: GradeReport): string[] {
  return check(report, 'client-sends-line').transcript.filter((l) => l.dir === 'received').map((l) => l.text)
}

// The checks after server-listens, which need a running server
function serverChecksAfterListening(report: GradeReport): CheckResult[] {
  return report.checks.filter((c) => c.id !== 'server-listens')
}

// Nothing of the submission survives, the submission folder is untouched, no flood file reached the host's /tmp
function expectContained(graded: Graded, expectations: typeof expect): void {
  expectations(graded.survivors, 'processes of the submission still running after grading').toEqual([])
  expectations(graded.submissionUnchanged, 'the submission folder changed').toBe(true)
  expectations(graded.newFloodFiles, 'flood files in the host /tmp').toEqual([])
}

// The checks of a server that listens and then never answers. Inside the sandbox it may use up its 10 s of CPU
// time during a later check (how much CPU it got depends on the machine's load): that check then says so
function expectSilentSpinner(report: GradeReport, options: { cpuLimit: boolean }, expectations: typeof expect): void {
  expectations(check(report, 'server-listens').status).toBe('passed')
  expectations(check(report, 'server-answers-basic').message).toMatch(/^Sent ".+": No reply before the deadline$/)
  const why = options.cpuLimit ? /No reply( before the deadline|: the server was killed by SIGXCPU: it used up its CPU time limit \(resource limits of the grading sandbox\))/ : /No reply before the deadline/
  for (const c of serverChecksAfterListening(report)) {
    // The advisory robustness checks need a server that answers a plain sentence: they are skipped, naming that
    if (c.maxScore === 0) {
      expectations(c).toMatchObject({ status: 'skipped', message: 'Skipped: requires "server-answers-basic", which did not pass' })
      continue
    }
    expectations(c.status).toBe('failed')
    expectations(c.message).toMatch(why)
  }
}

// A hostile program that still serves correctly: every check passed, it was seen running, and nothing of it is left
function expectFullMarksAndContained(graded: Parameters<typeof expectContained>[0], expect: Parameters<typeof expectContained>[1]): void {
  expect(graded.report.checks.map((c) => [c.id, c.status]).filter(([, s]) => s !== 'passed')).toEqual([])
  expect(graded.report.score).toBe(graded.report.maxScore)
  expect(graded.seenRunning).toBe(true)
  expectContained(graded, expect)
}

const LIMIT = '(resource limits of the grading sandbox)'
const DAEMON = "left a background process listening on UDP port 12000: run the server in the foreground, without forking or daemonizing"

describe.runIf(sandboxAvailable)('hostile submissions in sandbox mode', () => {
  describe.concurrent('contained, graded side by side', () => {
    test('a server that ignores SIGTERM, SIGINT and SIGHUP gets full marks and is still killed', async ({ expect }) => {
      const graded = await gradeHostile('sigterm-ignored', { isolation: 'sandbox', only: 'server' })
      expectFullMarksAndContained(graded, expect)
    }, HANG_GUARD_MS)

    test('a server flooding stdout and stderr while serving correctly still gets its points', async ({ expect }) => {
      const graded = await gradeHostile('output-flood', { isolation: 'sandbox', only: 'server' })
      expectFullMarksAndContained(graded, expect)
    }, HANG_GUARD_MS)

    test('a double-fork setsid daemon holding the port is named, and dies with the sandbox', async ({ expect }) => {
      const graded = await gradeHostile('setsid-daemon', { isolation: 'sandbox', only: 'server' })
      expect(check(graded.report, 'server-listens').message).toBe(`The server's first process exited (code 0) and ${DAEMON}`)
      for (const c of serverChecksAfterListening(graded.report)) expect(c.message).toBe('Not run: the server is not listening (see "server-listens")')
      // The daemon listened, which the fixture does only after re-executing itself with the token: the survivor scan
      // can see it. (The token watch may miss a daemon this short-lived on a loaded machine: not asked of it here)
      expectContained(graded, expect)
    }, HANG_GUARD_MS)

    test('a server writing one huge file is stopped by the file size limit', async ({ expect }) => {
      const graded = await gradeHostile('huge-file', { isolation: 'sandbox', only: 'server' })
      expect(check(graded.report, 'server-listens').message).toBe(`The server stopped before listening on UDP port 12000: it exited with code 1: it wrote a file larger than its file size limit ${LIMIT}`)
      expectContained(graded, expect)
    }, HANG_GUARD_MS)

    test('a server writing a huge file, then files without end, fills only its own capped /tmp', async ({ expect }) => {
      const graded = await gradeHostile('file-flood', { isolation: 'sandbox', only: 'server' })
      // The huge file stopped at the file size limit (the program caught that); the many files at the size of the sandbox's /tmp
      expect(check(graded.report, 'server-listens').message).toMatch(
        /^The server stopped before listening on UDP port 12000: it exited with code 1: it filled the temporary space it has to write in \(resource limits of the grading sandbox\)$/,
      )
      expectContained(graded, expect)
    }, HANG_GUARD_MS)

    test('a server allocating memory without end runs out of its memory limit', async ({ expect }) => {
      const graded = await gradeHostile('memory-hog', { isolation: 'sandbox', only: 'server' })
      expect(check(graded.report, 'server-listens').message).toBe(`The server stopped before listening on UDP port 12000: it exited with code 1: it ran out of its memory limit ${LIMIT}`)
      expectContained(graded, expect)
    }, HANG_GUARD_MS)

    test('a client cannot read files outside its submission', async ({ expect, onTestFinished }) => {
      // Another student's submission, readable by anyone on the host (outside the tests' 0700 scratch folder): only
      // the sandbox keeps it out of reach
      const other = mkdtempSync(join(tmpdir(), 'sockgrade-hostile-other-'))
      onTestFinished(() => rmSync(other, { recursive: true, force: true }))
      writeFileSync(join(other, 'UDPClient.py'), '# another student\n')
      chmodSync(other, 0o755)
      chmodSync(join(other, 'UDPClient.py'), 0o644)
      const home = ['.bashrc', '.profile'].map((f) => join(homedir(), f)).find((f) => existsSync(f))
      const targets: [string, string | undefined][] = [
        ['shadow', existsSync('/etc/shadow') ? '/etc/shadow' : undefined],
        ['home', home],
        ['rubric', join(packageRoot, 'rubric.yaml')],
        ['reference', join(packageRoot, 'reference', 'uppercase-udp', 'UDPServer.py')],
        ['other', join(other, 'UDPClient.py')],
      ]
      // Each target exists on the host (else "blocked" would prove nothing); /etc/shadow is only looked at, never read
      const present = targets.filter((t): t is [string, string] => t[1] !== undefined && statSync(t[1]).isFile())
      expect(present.map(([name]) => name)).toEqual(expect.arrayContaining(['rubric', 'reference', 'other']))
      const graded = await gradeHostile('reads-outside', { isolation: 'sandbox', only: 'client', files: { 'targets.txt': present.map(([name, path]) => `${name} ${path}`).join('\n') } })
      expect(received(graded.report)).toEqual([`UDP: ${JSON.stringify(present.map(([name]) => `${name}=blocked`).join(' '))}`])
      expect(check(graded.report, 'client-exits-cleanly').status).toBe('passed')
      expectContained(graded, expect)
    }, HANG_GUARD_MS)

    test('a client sees only loopback, and connecting to a non-loopback address fails at once with ENETUNREACH', async ({ expect }) => {
      // The program itself refuses to connect unless "lo" is its only interface: it must never run in host mode
      const graded = await gradeHostile('non-loopback-connect', { isolation: 'sandbox', only: 'client' })
      expect(received(graded.report)).toEqual(['UDP: "interfaces=lo net=ENETUNREACH"'])
      expect(check(graded.report, 'client-exits-cleanly').status).toBe('passed')
      expectContained(graded, expect)
    }, HANG_GUARD_MS)
  })

  // One at a time, after the others: each sandbox runs its programs as a uid of its own, so the process limit is
  // not shared, but two fork bombs at once would still load this 2-core machine for nothing
  describe('fork bombs, one at a time', () => {
    test('a fork bomb before binding is stopped by the process limit and named', async () => {
      const graded = await gradeHostile('fork-bomb-before-bind', { isolation: 'sandbox', only: 'server' })
      expect(check(graded.report, 'server-listens').message).toBe(
        `The server stopped before listening on UDP port 12000: it exited with code 1: it tried to start more processes or threads than its limit allows ${LIMIT}`,
      )
      expectContained(graded, expect)
    }, HANG_GUARD_MS)

    test('a fork bomb set off by the first request, after binding, is named and fails the checks', async () => {
      const graded = await gradeHostile('fork-bomb-on-request', { isolation: 'sandbox', only: 'server' })
      expect(check(graded.report, 'server-listens').status).toBe('passed')
      // Every check restarts the server and sets the bomb off again. The first check that sees the crash names it;
      // the later ones it spoiled the same way say so in one line (one cause, one message). On a heavily loaded
      // machine the first process may still be forking when a check's reply deadline passes
      const bombed = `No reply: the server exited with code 1: it tried to start more processes or threads than its limit allows ${LIMIT}`
      const later = serverChecksAfterListening(graded.report)
      const first = later.find((c) => c.message.includes(bombed))
      expect(first?.status).toBe('failed')
      for (const c of later) {
        if (c.status === 'skipped') expect(c.message).toBe(`Not run: the server crashed in "${first?.id}" (see there)`)
        else expect([bombed, 'No reply before the deadline'].some((why) => c.message.includes(why)) && c.status === 'failed', c.message).toBe(true)
      }
      expect(graded.seenRunning).toBe(true)
      expectContained(graded, expect)
    }, HANG_GUARD_MS)
  })
})

describe.concurrent('hostile submissions in host mode (what it can contain)', () => {
  test('a server that ignores SIGTERM, SIGINT and SIGHUP gets full marks and is still killed', async ({ expect }) => {
    const graded = await gradeHostile('sigterm-ignored', { isolation: 'host', only: 'server' })
    expectFullMarksAndContained(graded, expect)
  }, HANG_GUARD_MS)

  test('a server flooding stdout and stderr while serving correctly still gets its points', async ({ expect }) => {
    const graded = await gradeHostile('output-flood', { isolation: 'host', only: 'server' })
    expectFullMarksAndContained(graded, expect)
  }, HANG_GUARD_MS)

  test('a double-fork setsid daemon holding the port is named, and found and killed by its marker', async ({ expect }) => {
    const graded = await gradeHostile('setsid-daemon', { isolation: 'host', only: 'server' })
    expect(check(graded.report, 'server-listens').message).toMatch(
      /^The server's first process exited \(code 0\) and left a background process listening on UDP port \d+: run the server in the foreground, without forking or daemonizing$/,
    )
    expect(graded.seenRunning).toBe(true)
    expectContained(graded, expect)
  }, HANG_GUARD_MS)

  // Issue 14: as root with the interpreter under /root (a pyenv Python) programs keep root's uid, so neither the
  // student uid nor the marker finds this one; only the grading's cgroup does
  test.runIf(cgroupAvailable)('a setsid daemon that wipes its environment in memory is killed with the grading cgroup', async ({ expect }) => {
    const graded = await gradeHostile('env-scrubbing-daemon', { isolation: 'host', only: 'server' })
    // Its marker gone, the daemon is not told from a server that exited: either way it is not listening
    expect(check(graded.report, 'server-listens').status).toBe('failed')
    expect(graded.seenRunning).toBe(true)
    expectContained(graded, expect)
  }, HANG_GUARD_MS)
})

// Not concurrent: it keeps the host-mode tests above and the CPU spins below from running at the same time
describe('the survivor scan itself', () => {
  test('finds a process by the token in its command line', async () => {
    const token = `sockgrade-hostile-${randomUUID()}`
    const child = spawn((await resolvePython()).executable, ['-c', 'import time; time.sleep(30)', token], { stdio: 'ignore' })
    try {
      let found: number[] = []
      for (let i = 0; i < 100 && found.length === 0; i++) {
        found = await pidsWithToken(token)
        if (found.length === 0) await delay(20)
      }
      expect(found).toEqual([child.pid])
    } finally {
      child.kill('SIGKILL')
    }
  })
})

// Last, both at once (they keep the two cores of a small machine busy): a server that listens, then never answers
describe.concurrent('a server spinning in a busy loop after binding', () => {
  test.runIf(sandboxAvailable)('is graded as silent and killed, in sandbox mode', async ({ expect }) => {
    const graded = await gradeHostile('cpu-spin', { isolation: 'sandbox', only: 'server' })
    expectSilentSpinner(graded.report, { cpuLimit: true }, expect)
    expect(graded.seenRunning).toBe(true)
    expectContained(graded, expect)
  }, HANG_GUARD_MS)

  test('is graded as silent and killed, in host mode', async ({ expect }) => {
    const graded = await gradeHostile('cpu-spin', { isolation: 'host', only: 'server' })
    expectSilentSpinner(graded.report, { cpuLimit: false }, expect)
    expect(graded.seenRunning).toBe(true)
    expectContained(graded, expect)
  }, HANG_GUARD_MS)
})
