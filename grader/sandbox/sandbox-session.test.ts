import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { gradeSubmission, prepareGrading } from '../grade-submission.js'
import { referenceDir } from '../paths.js'
import { resolvePython } from '../process/python.js'
import { detectIsolation } from './detect.js'
import { SandboxSession } from './sandbox-session.js'

const detected = await detectIsolation()
const sessions: SandboxSession[] = []
afterAll(async () => {
  for (const session of sessions) await session.close()
})

function folder(files: Record<string, string>, from?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'session-'))
  if (from) cpSync(from, dir, { recursive: true, filter: (path) => !path.endsWith('expect.yaml') && !path.includes('/broken') })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

// A server that leaves a daemon holding the spec's port and a file in /tmp, then answers like the reference
const leavesTraces = folder(
  {
    'UDPServer.py': `import os, sys, time
from socket import *
open('/tmp/left-by-a-student', 'w').write('secret')
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        s = socket(AF_INET, SOCK_STREAM); s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1); s.bind(('', 12000)); s.listen(1)
        time.sleep(600)
    os._exit(0)
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', int(sys.argv[1]) if len(sys.argv) > 1 else 12000))
while True:
    message, address = serverSocket.recvfrom(2048)
    serverSocket.sendto(message.decode().upper().encode(), address)
`,
  },
  join(referenceDir, 'uppercase-udp'),
)
// The reference, except that its server refuses to start when it finds what an earlier student left
const spy = folder(
  {
    'UDPServer.py': `import os, sys
if os.path.exists('/tmp/left-by-a-student') or any(p.isdigit() and p not in ('1', str(os.getpid()), str(os.getppid())) and 'python' in open(f'/proc/{p}/cmdline').read() for p in os.listdir('/proc')):
    sys.exit('found what an earlier student left')
${'\n'}` + `from socket import *
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', int(sys.argv[1]) if len(sys.argv) > 1 else 12000))
while True:
    message, address = serverSocket.recvfrom(2048)
    serverSocket.sendto(message.decode().upper().encode(), address)
`,
  },
  join(referenceDir, 'uppercase-udp'),
)

describe.skipIf(detected.mode !== 'sandbox')('a sandbox reused for student after student', () => {
  test('each student finds the sandbox as new: no process, no port, no file of the one before; verdicts as in a fresh sandbox', async () => {
    const session = new SandboxSession({ python: (await resolvePython()).executable, backend: detected.backend })
    sessions.push(session)
    const grade = async (dir: string) => session.grade((await prepareGrading({ submission: dir, assignment: 'uppercase-udp', seed: 3, isolation: 'sandbox' })).job)
    const first = await grade(leavesTraces)
    expect(first.score, first.notGradableReason).toBe(first.maxScore)
    expect(session.usable, session.lastLeftovers.join('; ')).toBe(true)
    const second = await grade(spy)
    expect(second.checks.filter((c) => c.status !== 'passed' && c.maxScore > 0).map((c) => `${c.id}: ${c.message}`)).toEqual([])
    const fresh = await gradeSubmission({ submission: spy, assignment: 'uppercase-udp', seed: 3, isolation: 'sandbox' })
    expect(second.checks.map((c) => [c.id, c.status])).toEqual(fresh.checks.map((c) => [c.id, c.status]))
  }, 60_000)

  test('a missing folder is a not-gradable report, and the session goes on', async () => {
    const session = new SandboxSession({ python: (await resolvePython()).executable, backend: detected.backend })
    sessions.push(session)
    const { job } = await prepareGrading({ submission: join(tmpdir(), 'no-such-student-folder'), assignment: 'uppercase-udp', seed: 3, isolation: 'sandbox' })
    const report = await session.grade(job)
    expect([report.gradable, report.notGradableReason]).toEqual([false, expect.stringContaining('no such file or folder')])
    expect(session.usable).toBe(true)
  }, 30_000)
})
