// `sockgrade check` as macOS and Windows students run it, imitated on Linux with SOCKGRADE_HOST_PLATFORM: no /proc
// (readiness by probing the port, no marker or uid scans), no cgroup, and on Windows no process groups and no SIGTERM
// grace. Each grading is the real command, with hide-proc.mjs preloaded: a /proc read fails there as it would on
// those systems, and is logged, so an empty log shows the imitation reads nothing of /proc
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import { bundledExamples, type Example } from '../examples.js'
import { bundledRubric } from '../grade-submission.js'
import { packageRoot } from '../paths.js'
import { isFullMarks, lostCheckIds, type GradeReport } from '../report.js'
import { maxScoreOf } from '../rubric/rubric.js'

const bin = join(packageRoot, 'dist', 'grader', 'bin.js')
const hideProc = join(import.meta.dirname, 'fixtures', 'hide-proc.mjs')
const textbook = join(packageRoot, 'grader', 'test-support', 'fixtures')
const startsHelper = join(import.meta.dirname, 'fixtures', 'starts-helper')
const PLATFORMS = ['darwin', 'win32'] as const
type Platform = (typeof PLATFORMS)[number]
// Each grading is a process of its own spawning Python: three at a time, as the self-test does on a 2-core machine
const MAX_GRADINGS_AT_ONCE = 3
const GRADING_TIMEOUT_MS = 60_000
// How long a process killed at the end of a grading may take to disappear before it counts as left behind
const GONE_WITHIN_MS = 2000

let running = 0
const waiting: (() => void)[] = []
async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running >= MAX_GRADINGS_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve))
  running++
  try {
    return await task()
  } finally {
    running--
    waiting.shift()?.()
  }
}

interface CheckRun {
  readonly report: GradeReport | undefined
  readonly exitCode: number | null
  readonly stderr: string
  /** The /proc paths the grader tried to read, with their callers */
  readonly procReads: readonly string[]
  /** The run's TMPDIR: every student process carries it in its environment (programEnv keeps it) */
  readonly tmp: string
}

interface RunOptions {
  readonly platform: Platform | undefined
  readonly args?: readonly string[]
  // Called once the command runs, with a way to stop it as Ctrl-C does
  readonly whileRunning?: (run: { tmp: string; interrupt: () => void }) => Promise<void>
}

// One `sockgrade check` of a folder, as a student runs it, the student-view report written as JSON
function sockgradeCheck(dir: string, assignment: string, options: RunOptions): Promise<CheckRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'other-platform-'))
  const tmp = join(scratch, 'tmp')
  mkdirSync(tmp)
  const reportFile = join(scratch, 'report.json')
  const readsLog = join(scratch, 'proc-reads.log')
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, PROC_READS_LOG: readsLog }
  delete env.SOCKGRADE_HOST_PLATFORM
  if (options.platform) env.SOCKGRADE_HOST_PLATFORM = options.platform
  const argv = ['--import', hideProc, bin, 'check', dir, '--assignment', assignment, '--seed', '1', '--reporter', `json=${reportFile}`, ...(options.args ?? [])]
  const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
  const during = options.whileRunning?.({ tmp, interrupt: () => child.kill('SIGINT') })
  return exited.then(async (exitCode) => {
    await during
    return {
      report: existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as GradeReport) : undefined,
      exitCode,
      stderr,
      procReads: existsSync(readsLog) ? readFileSync(readsLog, 'utf8').trim().split('\n') : [],
      tmp,
    }
  })
}

// The live processes whose environment holds TMPDIR=tmp (the test reads /proc itself: only the grader is hidden from it)
function processesOf(tmp: string): number[] {
  const needle = `\0TMPDIR=${tmp}\0`
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid === process.pid) continue
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue
      if (`\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`.includes(needle)) found.push(pid)
    } catch {
      // gone meanwhile
    }
  }
  return found
}

/** A process of a run, with its command line as read while it ran */
interface Seen {
  readonly pid: number
  readonly command: string
}

// The processes of a run still there once the killed ones had time to go
async function leftBehind(tmp: string): Promise<Seen[]> {
  for (const until = Date.now() + GONE_WITHIN_MS; processesOf(tmp).length > 0 && Date.now() < until; ) await delay(20)
  return seen(processesOf(tmp))
}

function seen(pids: readonly number[]): Seen[] {
  return pids.map((pid) => ({ pid, command: commandLine(pid) }))
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').trim()
  } catch {
    return ''
  }
}

function killAll(processes: readonly Seen[]): void {
  for (const { pid } of processes) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
}

function checksOf(assignment: string) {
  const checks = bundledRubric().assignments.get(assignment)
  if (!checks) throw new Error(`rubric.yaml has no checks for "${assignment}"`)
  return checks
}

// What a submission that loses exactly `loses` scores (self-test.test.ts proves Linux gives every example that score)
function expectedScore(assignment: string, loses: readonly string[]): number {
  const checks = checksOf(assignment)
  const lost = new Set(loses)
  const lostPoints = checks.filter((c) => !c.extraCredit && lost.has(c.id)).reduce((sum, c) => sum + c.points, 0)
  const extraPoints = checks.filter((c) => c.extraCredit && !lost.has(c.id)).reduce((sum, c) => sum + c.points, 0)
  return maxScoreOf(checks) - lostPoints + extraPoints
}

interface Case {
  readonly title: string
  readonly dir: string
  readonly assignment: string
  /** The checks it loses on Linux (its expect.yaml), undefined for full marks with only zero-point checks lost */
  readonly loses?: readonly string[]
}

const examples = bundledExamples()
const example = (assignment: string, name: string): Example => {
  const found = examples.find((e) => e.assignment === assignment && e.name === name)
  if (!found) throw new Error(`no example ${assignment}/${name}`)
  return found
}
const fromExample = (e: Example): Case => ({ title: e.kind === 'reference' ? `reference ${e.assignment}` : `${e.assignment}/${e.name}`, dir: e.dir, assignment: e.assignment, loses: e.loses })
const cases: readonly Case[] = [
  ...examples.filter((e) => e.kind === 'reference').map(fromExample),
  { title: 'the textbook UDP pair', dir: join(textbook, 'textbook-udp'), assignment: 'uppercase-udp' },
  { title: 'the textbook TCP pair', dir: join(textbook, 'textbook-tcp'), assignment: 'uppercase-tcp' },
  // A server that exits after one client (restarted, readiness probed again) and a client that never sends (killed at
  // its deadline: on Windows without a grace)
  fromExample(example('uppercase-tcp', 'one-shot-server')),
  fromExample(example('uppercase-udp', 'client-receives-before-sending')),
]
const matrix = PLATFORMS.flatMap((platform) => cases.map((c) => ({ ...c, platform })))

describe.concurrent('sockgrade check as on macOS and Windows', () => {
  test.for(matrix)('$platform: $title gets the verdict it gets on Linux, reads no /proc, leaves nothing', { timeout: GRADING_TIMEOUT_MS }, async (c, { expect }) => {
    const run = await limited(() => sockgradeCheck(c.dir, c.assignment, { platform: c.platform }))
    const left = await leftBehind(run.tmp)
    killAll(left)
    expect(run.stderr).toContain(`this is ${c.platform} (imitated with SOCKGRADE_HOST_PLATFORM)`)
    expect(run.procReads).toEqual([])
    expect(left.map((p) => p.command)).toEqual([])
    const report = run.report
    expect(report?.harnessError, run.stderr).toBeUndefined()
    expect(report?.gradable, report?.notGradableReason).toBe(true)
    const lost = (report?.checks ?? []).filter((check) => check.status !== 'passed')
    if (c.loses === undefined) {
      expect(lost.filter((check) => check.maxScore > 0 && !check.extraCredit).map((check) => `${check.id}: ${check.message}`)).toEqual([])
    } else {
      expect(lostCheckIds(report as GradeReport)).toEqual([...c.loses].sort())
      expect(report?.score).toBe(expectedScore(c.assignment, c.loses))
    }
    const fullMarks = report !== undefined && isFullMarks(report)
    expect(run.exitCode).toBe(fullMarks ? 0 : 1)
  })

  test.for(PLATFORMS)('%s: a server on a port of its own goes unseen, and the report says the grader cannot see it', { timeout: GRADING_TIMEOUT_MS }, async (platform, { expect }) => {
    // On Linux it is graded on that port and loses server-listens only (its expect.yaml); without /proc the port probe
    // finds nothing, so every server check fails
    // A port of its own for each copy (6789 in the example): two gradings of it at once would collide
    const e = example('count-s-udp', 'server-hard-codes-another-port')
    const dir = mkdtempSync(join(tmpdir(), 'own-port-'))
    cpSync(e.dir, dir, { recursive: true })
    const server = join(dir, 'UDPServer.py')
    writeFileSync(server, readFileSync(server, 'utf8').replace('serverPort = 6789', `serverPort = ${40_000 + Math.floor(Math.random() * 9000)}`))
    const run = await limited(() => sockgradeCheck(dir, e.assignment, { platform }))
    killAll(await leftBehind(run.tmp))
    expect(run.procReads).toEqual([])
    const listens = run.report?.checks.find((check) => check.id === 'server-listens')
    expect(listens?.status).toBe('failed')
    expect(listens?.message).toMatch(/never listened on UDP port \d+: if it listens on a fixed port instead, read the port from sys\.argv\[1\], with 12000 as the default \(on macOS and Windows the grader cannot see which other port a server uses\)$/)
    expect(listens?.message).not.toContain('nor on any other port')
    const clientChecks = run.report?.checks.filter((check) => check.id.startsWith('client-')) ?? []
    expect(clientChecks.length).toBeGreaterThan(0)
    expect(clientChecks.every((check) => check.status === 'passed')).toBe(true)
  })

  // Windows has no process groups, and the marker scan needs /proc: a helper the server started outlives the grading
  test.for(PLATFORMS)('%s: a server that starts a helper still gets full marks; only Windows leaves the helper running', { timeout: GRADING_TIMEOUT_MS }, async (platform, { expect }) => {
    const run = await limited(() => sockgradeCheck(startsHelper, 'uppercase-udp', { platform }))
    const left = await leftBehind(run.tmp)
    killAll(left)
    expect(run.procReads).toEqual([])
    expect(run.exitCode, run.stderr).toBe(0)
    if (platform === 'darwin') expect(left.map((p) => p.command)).toEqual([])
    else {
      expect(left.length).toBeGreaterThan(0)
      expect(left.filter((p) => !p.command.includes('sockgrade helper')).map((p) => p.command)).toEqual([])
    }
  })

  test.for(PLATFORMS)('%s: Ctrl-C ends the command and the programs it started; on Windows their helpers stay', { timeout: GRADING_TIMEOUT_MS }, async (platform, { expect }) => {
    const seenBeforeInterrupt: Seen[] = []
    // The server that starts a helper, and a client that never exits: the grading waits for the client's deadline, so
    // it is still going when the interrupt comes, however late a loaded machine lets the scan below see the helper
    const dir = mkdtempSync(join(tmpdir(), 'interrupted-'))
    cpSync(startsHelper, dir, { recursive: true })
    writeFileSync(join(dir, 'UDPClient.py'), 'import time\ninput()\ntime.sleep(600)\n')
    const run = await limited(() =>
      sockgradeCheck(dir, 'uppercase-udp', {
        platform,
        whileRunning: async ({ tmp, interrupt }) => {
          // Once the server and its helper run (bounded: a slow start shows as the expectations below failing). Every
          // scan counts: one more scan after the helper was found could come just after the grader stopped the server
          for (let i = 0; i < 1000; i++) {
            const now = seen(processesOf(tmp)).filter((p) => !p.command.includes(bin))
            seenBeforeInterrupt.push(...now)
            if (now.some((p) => p.command.includes('sockgrade helper'))) break
            await delay(10)
          }
          interrupt()
        },
      }),
    )
    const left = await leftBehind(run.tmp)
    killAll(left)
    expect(run.exitCode).toBe(130)
    expect(seenBeforeInterrupt.map((p) => p.command).some((line) => line.includes('UDPServer.py')), run.stderr).toBe(true)
    if (platform === 'darwin') expect(left.map((p) => p.command)).toEqual([])
    else {
      expect(left.length).toBeGreaterThan(0)
      expect(left.filter((p) => !p.command.includes('sockgrade helper')).map((p) => p.command)).toEqual([])
    }
  })
})

describe('the switch', () => {
  test('the /proc guard sees the reads host mode makes on Linux, so its empty logs above mean something', { timeout: GRADING_TIMEOUT_MS }, async () => {
    const run = await limited(() => sockgradeCheck(join(packageRoot, 'reference', 'uppercase-udp'), 'uppercase-udp', { platform: undefined, args: ['--isolation', 'host'] }))
    expect(run.exitCode, run.stderr).toBe(0)
    const callers = new Set(run.procReads.map((line) => /at (\w+) /.exec(line)?.[1]))
    // Readiness (socket tables), the marker scan, and the machine's port range
    for (const caller of ['readTable', 'markedProcessesNow', 'rangeHigh']) expect(callers).toContain(caller)
  })

  test('an unknown platform is a usage error, not a silent Linux grading', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'other-platform-'))
    const child = spawn(process.execPath, [bin, 'check', join(packageRoot, 'reference', 'uppercase-udp'), '--assignment', 'uppercase-udp'], {
      env: { ...process.env, TMPDIR: scratch, SOCKGRADE_HOST_PLATFORM: 'windows' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
    expect(code).toBe(2)
    expect(stderr).toContain('SOCKGRADE_HOST_PLATFORM must be "darwin" or "win32", on Linux only, not "windows"')
  })
})
