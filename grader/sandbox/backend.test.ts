import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { findAssignment } from '../assignments/load.js'
import { UsageError } from '../errors.js'
import type { GradeJob } from '../grade.js'
import { bundledRubric } from '../grade-submission.js'
import { defaultRubricPath, referenceDir } from '../paths.js'
import { probeNamed } from '../probes/index.js'
import { resolvePython } from '../process/python.js'
import type { GradeReport } from '../report.js'
import { BACKEND_VARIABLE, chooseIsolation, detectIsolation, type IsolationChoice, type SandboxBackend } from './detect.js'
import { gradeInSandbox } from './grade-in-sandbox.js'

// Both sandbox backends, each forced the way a user forces one, on real namespaces: what the grading worker and the
// student programs see inside, and full marks for the reference solutions and for unmodified textbook programs

// What detection says with the backend forced (the variable is read when detection runs)
async function forced(backend: string | undefined, run: () => Promise<IsolationChoice>): Promise<IsolationChoice> {
  const saved = process.env[BACKEND_VARIABLE]
  if (backend === undefined) delete process.env[BACKEND_VARIABLE]
  else process.env[BACKEND_VARIABLE] = backend
  try {
    return await run()
  } finally {
    if (saved === undefined) delete process.env[BACKEND_VARIABLE]
    else process.env[BACKEND_VARIABLE] = saved
  }
}

const BACKENDS: readonly SandboxBackend[] = ['bwrap', 'unshare']
const choices = new Map<SandboxBackend, IsolationChoice>()
for (const backend of BACKENDS) choices.set(backend, await forced(backend, detectIsolation))
const asRoot = process.getuid?.() === 0

// The textbook's UDP programs as printed: port 12000 and the placeholder host name hard-coded, no arguments read
const TEXTBOOK_UDP_SERVER = `from socket import *
serverPort = 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print("The server is ready to receive")
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    modifiedMessage = message.decode().upper()
    serverSocket.sendto(modifiedMessage.encode(), clientAddress)
`
const TEXTBOOK_UDP_CLIENT = `from socket import *
serverName = 'hostname'
serverPort = 12000
clientSocket = socket(AF_INET, SOCK_DGRAM)
message = input('Input lowercase sentence:')
clientSocket.sendto(message.encode(),(serverName, serverPort))
modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
print(modifiedMessage.decode())
clientSocket.close()
`
// Submissions written for this file, in a folder whose path needs quoting (a space, non-ASCII letters)
const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-backend-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
// What a submission must not see: the other submissions, the reference solutions, the rubric
const offLimits = [scratch, referenceDir, defaultRubricPath]
// A client that sends, instead of the typed line, the network interfaces, the uid and the private paths it sees
const REPORTING_CLIENT = `import os, socket
input()
private = [${offLimits.map((path) => JSON.stringify(path)).join(', ')}]
line = '%r uid=%d sees=%r' % (socket.if_nameindex(), os.getuid(), [p for p in private if os.path.exists(p)])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(line.encode(), ('hostname', 12000))
print(s.recvfrom(2048)[0].decode())
`

function submission(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name)
  mkdirSync(dir, { recursive: true })
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text)
  return dir
}
const textbookUdp = submission('textbook udp élève', { 'UDPServer.py': TEXTBOOK_UDP_SERVER, 'UDPClient.py': TEXTBOOK_UDP_CLIENT })
const reporting = submission('reporting client', { 'UDPServer.py': TEXTBOOK_UDP_SERVER, 'UDPClient.py': REPORTING_CLIENT })

// A job the way grade-submission.ts builds one: the bundled rubric's checks for the assignment (or one side's)
function job(dir: string, assignmentId: string, side?: 'server' | 'client'): GradeJob {
  const assignment = findAssignment(assignmentId)
  const all = bundledRubric().assignments.get(assignmentId)
  if (!assignment || !all) throw new Error(`no assignment ${assignmentId}`)
  const kept = side ? all.filter((c) => probeNamed(c.probe)?.side === side) : all
  const ids = new Set(kept.map((c) => c.id))
  const checks = kept.map((c) => ({ ...c, requires: c.requires.filter((id) => ids.has(id)) }))
  return { submission: resolve(dir), label: dir, assignment, checks, seed: 1, timeoutScale: 1 }
}

async function graded(choice: IsolationChoice, dir: string, assignmentId: string, side?: 'server' | 'client'): Promise<GradeReport> {
  const python = (await resolvePython()).executable
  return gradeInSandbox(job(dir, assignmentId, side), { python, backend: choice.backend })
}

// Full marks, or the checks that lost points and why (extra credit aside)
function marks(report: GradeReport): object {
  return {
    gradable: report.gradable,
    score: report.score - report.extraScore,
    lost: report.checks.filter((c) => !c.extraCredit && c.score < c.maxScore).map((c) => `${c.id}: ${c.message}`),
    harnessError: report.harnessError?.message,
  }
}
function fullMarks(report: GradeReport): object {
  return { gradable: true, score: report.maxScore, lost: [], harnessError: undefined }
}

describe('choosing a backend with SOCKGRADE_SANDBOX_BACKEND', () => {
  test('a value that is not a backend is a usage error naming the variable; host isolation ignores it', async () => {
    await expect(forced('docker', () => chooseIsolation('sandbox'))).rejects.toThrow(UsageError)
    await expect(forced('docker', () => chooseIsolation('auto'))).rejects.toThrow(/SOCKGRADE_SANDBOX_BACKEND must be "bwrap" or "unshare"/)
    expect(await forced('docker', () => chooseIsolation('host'))).toMatchObject({ mode: 'host' })
  })

  test('a forced backend is the one chosen, and the reason names it; one that does not work is an error for --isolation sandbox', async () => {
    for (const backend of BACKENDS) {
      const choice = choices.get(backend) as IsolationChoice
      if (choice.mode === 'sandbox') {
        expect(choice).toMatchObject({ backend })
        expect(choice.reason).toMatch(new RegExp(`^${backend}: chosen with ${BACKEND_VARIABLE}=${backend}; `))
      } else {
        expect(choice.backend).toBeUndefined()
        await expect(forced(backend, () => chooseIsolation('sandbox'))).rejects.toThrow(new RegExp(`Cannot grade in a sandbox: ${BACKEND_VARIABLE}=${backend}, but `))
      }
    }
  })

  test('auto prefers bubblewrap, then unshare, and says which', async () => {
    const choice = await forced(undefined, detectIsolation)
    const expected = choices.get('bwrap')?.mode === 'sandbox' ? 'bwrap' : choices.get('unshare')?.mode === 'sandbox' ? 'unshare' : undefined
    expect(choice.backend).toBe(expected)
    if (expected) expect(choice.reason.startsWith(`${expected}: `)).toBe(true)
  })
})

for (const backend of BACKENDS) {
  const choice = choices.get(backend) as IsolationChoice
  describe.runIf(choice.mode === 'sandbox')(`grading in a sandbox built by ${backend}`, () => {
    test('the reference solutions get full marks', async () => {
      for (const id of ['uppercase-udp', 'uppercase-tcp']) {
        const report = await graded(choice, join(referenceDir, id), id)
        expect(marks(report), id).toEqual(fullMarks(report))
      }
    })

    test("unmodified textbook programs (port 12000 and 'hostname' hard-coded) get full marks", async () => {
      const report = await graded(choice, textbookUdp, 'uppercase-udp')
      expect(marks(report)).toEqual(fullMarks(report))
      expect(report.programs).toEqual({ server: 'UDPServer.py', client: 'UDPClient.py' })
    })

    // One client run, judged by what the grader's own server received from it
    let seen: Promise<{ interfaces: string; uid: number; sees: string }> | undefined
    const reported = () =>
      (seen ??= graded(choice, reporting, 'uppercase-udp', 'client').then((report) => {
        const received = report.checks.flatMap((c) => c.transcript).find((line) => line.dir === 'received')?.text ?? ''
        const match = /(\[.*\]) uid=(\d+) sees=(\[.*\])/.exec(received)
        if (!match) throw new Error(`the grader's server received no report: ${JSON.stringify(report.checks, null, 1)}`)
        return { interfaces: match[1] as string, uid: Number(match[2]), sees: match[3] as string }
      }))

    test('inside, loopback is the only network interface', async () => {
      expect((await reported()).interfaces).toBe("[(1, 'lo')]")
    })

    test('inside, no other submission, reference solution or rubric is visible', async () => {
      expect((await reported()).sees).toBe('[]')
    })

    test.runIf(asRoot)('run as root, the student programs are not root', async () => {
      expect((await reported()).uid).not.toBe(0)
    })
  })
}
