// As root on the host (Gradescope, PrairieLearn), the student's programs run as a uid of their own: they cannot write
// where only root may (the results file), and a daemon that cleared its environment is killed with the rest
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { gradeSubmission } from '../grade-submission.js'
import { referenceDir } from '../paths.js'
import { hostStudentUid, reachableByOthers } from './host-student-uid.js'

const SYSTEM_PYTHON = '/usr/bin/python3'
const canDrop = process.getuid?.() === 0 && existsSync(SYSTEM_PYTHON) && existsSync('/usr/bin/setpriv')
// This file's process grades with Debian's Python (a pyenv one under /root is out of another user's reach) and
// keeps its temporary files in /tmp, as a grading machine's root does
process.env.SOCKGRADE_PYTHON = SYSTEM_PYTHON
process.env.TMPDIR = '/tmp'

const base = mkdtempSync('/tmp/sockgrade-host-uid-')
chmodSync(base, 0o755)
afterAll(() => rmSync(base, { recursive: true, force: true }))

// The textbook server, first trying to write a file only root may write, then leaving a daemon that cleared its
// environment (no marker) and left its session, writing where it can what it learnt
function attackingServer(rootOnly: string, shared: string): string {
  const server = readFileSync(join(referenceDir, 'uppercase-udp', 'UDPServer.py'), 'utf8')
  return `import os, sys, time
try:
    open(${JSON.stringify(join(rootOnly, 'results.json'))}, 'w').write('{"score": 100}')
    outcome = 'wrote'
except OSError as error:
    outcome = type(error).__name__
open(${JSON.stringify(join(shared, 'attempt.txt'))}, 'w').write(outcome + ' ' + str(os.getuid()))
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        open(${JSON.stringify(join(shared, 'daemon.pid'))}, 'w').write(str(os.getpid()))
        os.execve(sys.executable, [sys.executable, '-c', 'import time; time.sleep(120)'], {})
    os._exit(0)
${server}`
}

describe.skipIf(!canDrop)('host mode as root', () => {
  test("reachableByOthers: Debian's Python and /tmp yes, a file in a folder only root may enter no", () => {
    expect(reachableByOthers(SYSTEM_PYTHON)).toBe(true)
    expect(reachableByOthers('/tmp')).toBe(true)
    const closed = mkdtempSync(join(base, 'closed-'))
    chmodSync(closed, 0o700)
    writeFileSync(join(closed, 'x'), '')
    chmodSync(join(closed, 'x'), 0o644)
    expect(reachableByOthers(join(closed, 'x'))).toBe(false)
    expect(reachableByOthers(join(base, 'missing'))).toBe(false)
  })

  test('a uid is chosen, far from any account', async () => {
    expect(await hostStudentUid(SYSTEM_PYTHON)).toBeGreaterThanOrEqual(2_000_000_000)
  })

  test('the programs run as another uid: no write where only root may, and a daemon without a marker is killed', async () => {
    const rootOnly = join(base, 'results')
    const shared = join(base, 'shared')
    mkdirSync(rootOnly, { mode: 0o755 })
    mkdirSync(shared)
    chmodSync(shared, 0o1777)
    const submission = join(base, 'submission')
    mkdirSync(submission)
    writeFileSync(join(submission, 'UDPServer.py'), attackingServer(rootOnly, shared))
    copyFileSync(join(referenceDir, 'uppercase-udp', 'UDPClient.py'), join(submission, 'UDPClient.py'))
    const report = await gradeSubmission({ submission, assignment: 'uppercase-udp', isolation: 'host', seed: 5 })
    expect(report.harnessError).toBeUndefined()
    expect(report.score).toBe(report.maxScore)
    const [outcome, uid] = readFileSync(join(shared, 'attempt.txt'), 'utf8').split(' ')
    expect(outcome).toBe('PermissionError')
    expect(Number(uid)).toBeGreaterThanOrEqual(2_000_000_000)
    expect(existsSync(join(rootOnly, 'results.json'))).toBe(false)
    const daemon = Number(readFileSync(join(shared, 'daemon.pid'), 'utf8'))
    expect(() => process.kill(daemon, 0)).toThrow(/ESRCH/)
  }, 60_000)
})
