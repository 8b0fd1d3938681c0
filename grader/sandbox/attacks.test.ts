import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseDocument } from 'yaml'
import { packageRoot } from '../paths.js'
import type { CheckResult, GradeReport } from '../report.js'
import { asNobody, NOBODY, nobodySandboxFailure } from '../test-support/as-nobody.js'
import { CANARY_VARIABLE, canaryPackage, canaryText, type CanaryPlace } from '../test-support/canary-package.js'
import { BACKEND_VARIABLE, detectIsolation, type SandboxBackend } from './detect.js'

// The attacks of issue 14, as hostile submissions of uppercase-udp (attacks/*: textbook UDP servers that also attack),
// graded through the real CLI (dist/grader/bin.js, in a world-readable copy of the package with canaries planted),
// as root and as nobody, with both sandbox backends, in a batch where each attacker is graded just before an honest
// student in the same worker, and singly where that adds something. A student must get a grade they cannot change:
// - the forger (takes the worker's stdout and writes a full-marks report) gets no more than its real score, and the
//   honest student after it keeps full marks;
// - the parent-killer (kills its parent, kill(-1), killpg(0)) and the ptracer (stops every process it can see) get a
//   report that scores them, well within the deadline, not a grader failure;
// - the reader (prints what it can read) shows no canary of the grader's environment, rubric, precompiled rubric,
//   references, code or sources, nor of another student;
// - nothing one student leaves in /dev/shm or IPC is seen by, or fills up, the next one;
// - every nested namespace and mount is refused.
// Every attacker attacks only inside a sandbox and otherwise says "NOT IN A SANDBOX" in what it sends, which no report
// may contain: a test cannot pass because its attack did not run.

const isRoot = process.getuid?.() === 0
const BACKENDS: readonly SandboxBackend[] = ['bwrap', 'unshare']
const SEED = '1414'
// Where the ptracer can stop the grading worker, its grading lasts to the deadline (151 s) and its batch about 3
// minutes (the whole file then took 3 min 15 s, two batches at a time); where it cannot, the file takes about a minute
const HANG_GUARD_MS = 420_000
// A grading of the parent-killer or the ptracer takes 1-5 s when its attack is refused; its deadline is about 151 s
const WELL_WITHIN_MS = 30_000
// Two CLI runs at a time: each keeps about one core busy on a 2-core machine
const CLI_SLOTS = 2

type User = 'root' | 'nobody'
interface Setup {
  readonly user: User
  readonly backend: SandboxBackend
  /** Why this set-up cannot run here, when it cannot */
  readonly skip?: string
}

// Where each backend works: as root, the grader's own probe; as nobody, the namespaces it needs (see as-nobody.ts)
async function rootSandboxFailure(backend: SandboxBackend): Promise<string | undefined> {
  const before = process.env[BACKEND_VARIABLE]
  process.env[BACKEND_VARIABLE] = backend
  try {
    const choice = await detectIsolation()
    return choice.mode === 'sandbox' ? undefined : choice.reason
  } finally {
    if (before === undefined) delete process.env[BACKEND_VARIABLE]
    else process.env[BACKEND_VARIABLE] = before
  }
}

const SETUPS: readonly Setup[] = isRoot
  ? await Promise.all(
      (['root', 'nobody'] as const).flatMap((user) =>
        BACKENDS.map(async (backend): Promise<Setup> => {
          const failure = user === 'root' ? await rootSandboxFailure(backend) : await nobodySandboxFailure(backend)
          return failure ? { user, backend, skip: failure } : { user, backend }
        }),
      ),
    )
  : []
const SKIP_ALL = !isRoot
  ? 'needs root: the runs as an ordinary user switch to nobody with setpriv, and half of the runs are as root'
  : SETUPS.every((s) => s.skip)
    ? `no sandbox backend works here: ${SETUPS.map((s) => s.skip).join('; ')}`
    : undefined

const attacks = join(import.meta.dirname, 'attacks')
const uuid = randomUUID()
const stashSecret = `sockgrade-stash-${randomUUID()}`
const NOT_IN_A_SANDBOX = 'NOT IN A SANDBOX'

/** One student of the class: an attack fixture (plus the honest client when it has none) and files the test adds */
interface Student {
  readonly id: string
  readonly fixture: string
  readonly files?: Readonly<Record<string, string>>
}

// Sorted by id, which is the order a batch grades in (batch/layouts/build-submissions.ts): each attacker is followed by
// the student it could harm. The stasher comes before the filler, whose full /dev/shm would stop its stash, and the
// forger last, whose forged line shifts every later reply of its worker by one
const CLASS: readonly Student[] = [
  { id: 'a1-parent-killer', fixture: 'parent-killer' },
  { id: 'a2-honest', fixture: 'honest' },
  { id: 'b1-ptracer', fixture: 'ptracer' },
  { id: 'b2-honest', fixture: 'honest' },
  { id: 'c1-reader', fixture: 'reader' },
  { id: 'c2-honest', fixture: 'honest', files: { 'notes.txt': `${canaryText(uuid, 'otherstudent')}\n` } },
  { id: 'd1-nester', fixture: 'nester' },
  { id: 'd2-honest', fixture: 'honest' },
  { id: 'e1-ipc-stasher', fixture: 'ipc-stasher', files: { 'secret.txt': `${stashSecret}\n` } },
  { id: 'e2-ipc-reader', fixture: 'ipc-reader' },
  { id: 'f1-shm-filler', fixture: 'shm-filler' },
  { id: 'f2-mp-server', fixture: 'mp-server' },
  // The forger without its attack (tame.txt): its real score
  { id: 'g1-forger-tame', fixture: 'forger', files: { 'tame.txt': '' } },
  { id: 'h1-forger', fixture: 'forger' },
  { id: 'h2-honest', fixture: 'honest' },
]

// The attacks of issue 16, on an assignment answered by the course's own reference server (uppercase-udp, answered by
// a reference that uppercases but runs any "EVAL:" message it is asked: an instructor's server with a hole), graded
// from the course's folder in a batch:
// - the reader reads no canary, the course's rubric and reference (a broken variant) included;
// - the hunter, a server that sends datagrams to every other UDP port, over and over, finds no reference to pass its
//   questions on to;
// - the exploiter, a client, makes the reference run the reader's search: it runs in the reference's room, finds no
//   canary either, and can write to no mount of the view it was given, without capability, under the seccomp filter.
const BY_REFERENCE = 'uppercase-by-reference'
const honestServer = readFileSync(join(import.meta.dirname, 'attacks', 'honest', 'UDPServer.py'), 'utf8')
const REFERENCE_CLASS: readonly Student[] = [
  { id: 'r1-reader', fixture: 'reader' },
  { id: 'r2-hunter', fixture: 'hunter' },
  { id: 'r3-exploiter', fixture: 'exploiter', files: { 'UDPServer.py': honestServer, 'scan.py': readFileSync(join(import.meta.dirname, 'attacks', 'reader', 'scan.py'), 'utf8') } },
  { id: 'r4-honest', fixture: 'honest' },
]

// Outside the test run's own temporary folder (0700, which nobody cannot enter), and outside /tmp (which the sandbox
// replaces, so the package would sit where no real install does)
const scratchParent = existsSync('/var/tmp') ? '/var/tmp' : '/tmp'
// The package itself under /opt, where the Docker image has it (/opt/sockgrade): a folder the student's room shows
// whole, so only the room's covering keeps the package out of reach
const packageParent = existsSync('/opt') ? '/opt' : scratchParent
let scratch = ''
let packageScratch = ''
let packageCopy = ''

interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

let active = 0
const waiting: (() => void)[] = []

// Run a CLI command in a slot (at most CLI_SLOTS at once), as the set-up's user, from the package copy, with a clean
// environment holding the canary; killed (its process group) past the hang guard
async function sockgrade(setup: Setup, dir: string, args: readonly string[]): Promise<CliRun> {
  while (active >= CLI_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve))
  active++
  try {
    return await runCli(setup, dir, args)
  } finally {
    active--
    waiting.shift()?.()
  }
}

function runCli(setup: Setup, dir: string, args: readonly string[]): Promise<CliRun> {
  const home = join(dir, 'home')
  const tmp = join(dir, 'tmp')
  for (const folder of [home, tmp]) mkdirSync(folder, { recursive: true })
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    TMPDIR: tmp,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    [BACKEND_VARIABLE]: setup.backend,
    [CANARY_VARIABLE]: canaryText(uuid, 'env'),
    // nobody cannot run an interpreter in root's home (a pyenv install): Debian's own
    ...(setup.user === 'nobody' ? { SOCKGRADE_PYTHON: '/usr/bin/python3' } : process.env.SOCKGRADE_PYTHON ? { SOCKGRADE_PYTHON: process.env.SOCKGRADE_PYTHON } : {}),
  }
  if (setup.user === 'nobody') chownTree(dir, NOBODY)
  const command = [process.execPath, join(packageCopy, 'dist', 'grader', 'bin.js'), ...args]
  const [file, ...rest] = setup.user === 'nobody' ? asNobody(command) : command
  return new Promise((resolve) => {
    const child = spawn(file as string, rest, { cwd: packageCopy, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL')
      } catch {
        // gone meanwhile
      }
    }, HANG_GUARD_MS)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid)
  if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), uid)
}

// A student's folder: the fixture, the honest client when the fixture has no client of its own, the added files
function makeStudent(parent: string, student: Student): string {
  const dir = join(parent, student.id)
  cpSync(join(attacks, student.fixture), dir, { recursive: true, filter: (path) => !path.includes('__pycache__') })
  if (!existsSync(join(dir, 'UDPClient.py'))) cpSync(join(attacks, 'honest', 'UDPClient.py'), join(dir, 'UDPClient.py'))
  for (const [name, text] of Object.entries(student.files ?? {})) writeFileSync(join(dir, name), text)
  return dir
}

function setupName(setup: Setup): string {
  return `${setup.user}-${setup.backend}`
}

interface BatchRun extends CliRun {
  readonly reports: ReadonlyMap<string, GradeReport>
  /** What a student or TA sees: stdout, stderr and every output file but staged/ (the students' own copies) */
  readonly shown: string
}

// A course in `dir` whose one assignment is uppercase-udp answered by the eval reference, with canaries in its rubric
// and in a broken variant of its reference (left out of the reference's own copy). Returns the course's folder
function makeReferenceCourse(dir: string): string {
  const course = join(dir, 'course')
  mkdirSync(join(course, 'assignments', BY_REFERENCE), { recursive: true })
  const assignment = readFileSync(join(packageRoot, 'assignments', 'uppercase-udp', 'assignment.yaml'), 'utf8')
  writeFileSync(join(course, 'assignments', BY_REFERENCE, 'assignment.yaml'), assignment.replace(/^id: .*$/m, `id: ${BY_REFERENCE}`).replace(/^(answer|transform): .*$/m, 'answer:\n  reference: UDPServer.py'))
  const reference = join(course, 'reference', BY_REFERENCE)
  mkdirSync(join(reference, 'broken', 'leaky'), { recursive: true })
  cpSync(join(attacks, 'eval-reference', 'UDPServer.py'), join(reference, 'UDPServer.py'))
  writeFileSync(join(reference, 'broken', 'leaky', 'UDPServer.py'), `# ${canaryText(uuid, 'reference')}\n${honestServer}`)
  const rubric = parseDocument(readFileSync(join(packageRoot, 'rubric.yaml'), 'utf8')).toJS() as { assignments: Record<string, unknown> }
  writeFileSync(join(course, 'rubric.yaml'), `# ${canaryText(uuid, 'rubric')}\n${JSON.stringify({ version: 1, assignments: { [BY_REFERENCE]: rubric.assignments['uppercase-udp'] } })}\n`)
  return course
}

// One batch per set-up: the whole class, one worker (--jobs 1), dirs layout; with `byReference`, the reference class
// graded from the reference course
async function gradeClass(setup: Setup, byReference = false): Promise<BatchRun> {
  const dir = join(scratch, `batch-${setupName(setup)}${byReference ? '-reference' : ''}`)
  const classDir = join(dir, 'class')
  mkdirSync(classDir, { recursive: true })
  for (const student of byReference ? REFERENCE_CLASS : CLASS) makeStudent(classDir, student)
  const out = join(dir, 'out')
  const assignment = byReference ? ['--assignment', BY_REFERENCE, '--course', makeReferenceCourse(dir)] : ['--assignment', 'uppercase-udp']
  const run = await sockgrade(setup, dir, ['batch', classDir, ...assignment, '--out', out, '--layout', 'dirs', '--jobs', '1', '--seed', SEED, '--isolation', 'sandbox'])
  const reports = new Map<string, GradeReport>()
  const resultsFile = join(out, 'results.json')
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { entries: { student: { id: string }; report: GradeReport }[] }
    for (const entry of results.entries) reports.set(entry.student.id, entry.report)
  }
  return { ...run, reports, shown: [run.stdout, run.stderr, ...outputFiles(out).map((file) => readFileSync(file, 'utf8'))].join('\n') }
}

function outputFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.slice(dir.length).split('/').includes('staged'))
}

interface SingleRun extends CliRun {
  readonly report?: GradeReport
}

// One `sockgrade grade` of one student, its JSON report on stdout (of the reference course, with `byReference`)
async function gradeOne(setup: Setup, student: Student, isolation: 'sandbox' | 'host' = 'sandbox', byReference = false): Promise<SingleRun> {
  const dir = join(scratch, `grade-${setupName(setup)}-${isolation}-${student.id}`)
  mkdirSync(dir, { recursive: true })
  const submission = makeStudent(dir, student)
  const assignment = byReference ? ['--assignment', BY_REFERENCE, '--course', makeReferenceCourse(dir)] : ['--assignment', 'uppercase-udp']
  const run = await sockgrade(setup, dir, ['grade', submission, ...assignment, '--seed', SEED, '--isolation', isolation, '--reporter', 'json'])
  let report: GradeReport | undefined
  try {
    report = JSON.parse(run.stdout) as GradeReport
  } catch {
    report = undefined
  }
  return { ...run, report }
}

const batches = new Map<string, Promise<BatchRun>>()
const singles = new Map<string, Promise<SingleRun>>()

function batchOf(setup: Setup, byReference = false): Promise<BatchRun> {
  const key = `${setupName(setup)}${byReference ? ' reference' : ''}`
  let run = batches.get(key)
  if (!run) batches.set(key, (run = gradeClass(setup, byReference)))
  return run
}

function singleOf(setup: Setup, id: string): Promise<SingleRun> {
  const key = `${setupName(setup)} ${id}`
  let run = singles.get(key)
  if (!run) singles.set(key, (run = gradeOne(setup, CLASS.find((s) => s.id === id) as Student)))
  return run
}

// Only where a single grading adds something: the forger writes into a single grading's worker differently (a report
// padded to the 16 MiB the grader keeps of that worker's output), and the parent-killer's kill reaches a worker that
// is not a batch's
const SINGLES = ['h1-forger', 'a1-parent-killer']

function reportOf(batch: BatchRun, id: string): GradeReport {
  const report = batch.reports.get(id)
  if (!report) throw new Error(`No report for ${id} in the batch (exit code ${batch.code}): ${batch.stderr.slice(-2000)}`)
  return report
}

function check(report: GradeReport, id: string): CheckResult {
  const found = report.checks.find((c) => c.id === id)
  if (!found) throw new Error(`No check ${id} in the report`)
  return found
}

// What the student's programs sent: the server's replies and the client's datagrams and output, as the report shows them
function received(report: GradeReport): string[] {
  return report.checks.flatMap((c) => c.transcript.filter((line) => line.dir !== 'sent').map((line) => line.text))
}

function notPassed(report: GradeReport): string[] {
  return report.checks.filter((c) => c.status !== 'passed' && c.maxScore > 0).map((c) => `${c.id}: ${c.message}`)
}

// A report that scores the student: gradable, no grader failure, no check in error, finished well within its deadline
function expectScored(report: GradeReport | undefined, expectations: typeof expect | typeof expect.soft): void {
  expectations(report, 'a JSON report').toBeDefined()
  if (!report) return
  expectations(report.harnessError?.message, 'a grader failure').toBeUndefined()
  expectations(report.gradable).toBe(true)
  expectations(report.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.message}`)).toEqual([])
  expectations(report.deadlineReached ?? false, 'the grading reached its deadline').toBe(false)
  expectations(report.durationMs, `a grading of ${report.durationMs} ms, deadline ${report.deadlineMs} ms`).toBeLessThan(WELL_WITHIN_MS)
}

// Full marks, in the student's own report: a batch labels each report with its student's id, and a forged or shifted
// reply carries another's
function expectFullMarks(report: GradeReport, expectations: typeof expect, id?: string): void {
  if (id !== undefined) expectations(report.submission, 'the report of another student').toBe(id)
  expectations(report.harnessError?.message, 'a grader failure').toBeUndefined()
  expectations(notPassed(report)).toEqual([])
  expectations(report.score).toBe(report.maxScore)
}

// The folders of runs killed before their afterAll (a package copy under /opt stays readable to every later student):
// gone after STALE_AFTER_MS, far longer than this file takes, so that a run beside this one keeps its own
const STALE_AFTER_MS = 3 * 60 * 60 * 1000
function removeStaleCopies(): void {
  for (const parent of new Set([scratchParent, packageParent])) {
    for (const name of readdirSync(parent)) {
      const path = join(parent, name)
      if (name.startsWith('sockgrade-attacks-') && Date.now() - lstatSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { recursive: true, force: true })
    }
  }
}

// Every place the canary's uuid shows, with what surrounds it (empty when none)
function leaks(text: string, token: string): string[] {
  const found: string[] = []
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + 1)) found.push(text.slice(Math.max(0, at - 80), at + token.length + 40))
  return found
}

describe.runIf(!SKIP_ALL)(`the attacks of issue 14${SKIP_ALL ? ` (skipped: ${SKIP_ALL})` : ''}`, () => {
  beforeAll(() => {
    removeStaleCopies()
    scratch = mkdtempSync(join(scratchParent, 'sockgrade-attacks-'))
    // mkdtemp makes it 0700: nobody, and a student uid, must be able to go through it to the package copy
    chmodSync(scratch, 0o755)
    packageScratch = mkdtempSync(join(packageParent, 'sockgrade-attacks-'))
    chmodSync(packageScratch, 0o755)
    packageCopy = canaryPackage(packageRoot, join(packageScratch, 'package'), uuid)
    // Everything starts now, CLI_SLOTS at a time: the batches first, then the single gradings
    const runnable = SETUPS.filter((s) => !s.skip)
    for (const setup of runnable) void batchOf(setup)
    for (const setup of runnable) void batchOf(setup, true)
    for (const setup of runnable) for (const id of SINGLES) void singleOf(setup, id)
  })
  afterAll(() => {
    for (const folder of [scratch, packageScratch]) if (folder) rmSync(folder, { recursive: true, force: true })
  })

  describe.each(SETUPS)('as $user with $backend', (setup) => {
    describe.runIf(!setup.skip).concurrent(setup.skip ? `(skipped: ${setup.skip})` : 'in a batch, each attacker just before an honest student', () => {
      test('the batch grades every student, with no grader error, and every attack ran in a sandbox', async ({ expect }) => {
        const batch = await batchOf(setup)
        expect([...batch.reports.keys()].sort(), `exit code ${batch.code}: ${batch.stderr.slice(-2000)}`).toEqual(CLASS.map((s) => s.id))
        expect([...batch.reports].filter(([, r]) => r.harnessError).map(([id, r]) => `${id}: ${r.harnessError?.message}`)).toEqual([])
        expect(batch.code, batch.stderr.slice(-2000)).toBe(0)
        // Each report is its own student's: a forged or shifted reply carries another's label
        expect([...batch.reports].filter(([id, r]) => r.submission !== id).map(([id, r]) => `${id}: the report of "${r.submission}"`)).toEqual([])
        expect([...batch.reports].filter(([, r]) => received(r).some((t) => t.includes(NOT_IN_A_SANDBOX))).map(([id]) => id)).toEqual([])
      }, HANG_GUARD_MS)

      test('the forger gets no more than its real score, and the honest student after it keeps full marks', async ({ expect }) => {
        const batch = await batchOf(setup)
        const real = reportOf(batch, 'g1-forger-tame')
        // The control: without its attack the forger loses points (it answers in lowercase)
        expect(real.score).toBeLessThan(real.maxScore)
        const forger = reportOf(batch, 'h1-forger')
        // Soft: the honest student's verdict is worth seeing when the forger's is wrong (a forged line shifts it)
        expect.soft(forger.harnessError?.message).toBeUndefined()
        expect.soft(forger.score, 'the forger scored more than its real score').toBeLessThanOrEqual(real.score)
        expectFullMarks(reportOf(batch, 'h2-honest'), expect, 'h2-honest')
      }, HANG_GUARD_MS)

      test('the parent-killer gets a report that scores it, and the honest student after it keeps full marks', async ({ expect }) => {
        const batch = await batchOf(setup)
        expectScored(reportOf(batch, 'a1-parent-killer'), expect.soft)
        expectFullMarks(reportOf(batch, 'a2-honest'), expect, 'a2-honest')
      }, HANG_GUARD_MS)

      test('the ptracer gets a report that scores it well within its deadline, and the honest student after it keeps full marks', async ({ expect }) => {
        const batch = await batchOf(setup)
        expectScored(reportOf(batch, 'b1-ptracer'), expect.soft)
        expectFullMarks(reportOf(batch, 'b2-honest'), expect, 'b2-honest')
      }, HANG_GUARD_MS)

      test('the reader shows no byte of the grader, its environment or another student, in any output', async ({ expect }) => {
        const batch = await batchOf(setup)
        const reader = reportOf(batch, 'c1-reader')
        // It ran and reported: its server answers every datagram with what it found ("nothing in N files", or
        // "LEAK <uuid> <where>,...")
        expect(check(reader, 'server-answers-basic').message).toMatch(/received "(nothing in \d+ files|LEAK .*)"/)
        // This run's canaries: a run that was killed (no afterAll) leaves its package copy, with its own uuid, in /opt
        expect.soft(received(reader).filter((t) => t.includes(`LEAK ${uuid}`))).toEqual([])
        expect(leaks(batch.shown, uuid)).toEqual([])
        expectFullMarks(reportOf(batch, 'c2-honest'), expect, 'c2-honest')
      }, HANG_GUARD_MS)

      test('the nester is refused every nested namespace and every mount', async ({ expect }) => {
        const batch = await batchOf(setup)
        const nester = reportOf(batch, 'd1-nester')
        // It answers in capitals only when everything was refused, else with what was allowed
        expect(received(nester).filter((t) => t.includes('NESTED'))).toEqual([])
        expectFullMarks(nester, expect, 'd1-nester')
        expectFullMarks(reportOf(batch, 'd2-honest'), expect, 'd2-honest')
      }, HANG_GUARD_MS)

      test('nothing the stasher leaves in /dev/shm or IPC is seen by the next student', async ({ expect }) => {
        const batch = await batchOf(setup)
        // The stasher answers in capitals only when it stashed the secret, at least in /dev/shm
        expect(received(reportOf(batch, 'e1-ipc-stasher')).filter((t) => t.includes('NOT STASHED'))).toEqual([])
        const reader = reportOf(batch, 'e2-ipc-reader')
        // It answers in capitals only when it found nothing, else with what it found
        expect(received(reader).filter((t) => t.includes('FOUND'))).toEqual([])
        expect(leaks(JSON.stringify(reader), stashSecret)).toEqual([])
        expectFullMarks(reader, expect, 'e2-ipc-reader')
      }, HANG_GUARD_MS)

      test('a class of an assignment answered by a reference server is graded, with no grader error', async ({ expect }) => {
        const batch = await batchOf(setup, true)
        expect([...batch.reports.keys()].sort(), `exit code ${batch.code}: ${batch.stderr.slice(-2000)}`).toEqual(REFERENCE_CLASS.map((s) => s.id))
        expect([...batch.reports].filter(([, r]) => r.harnessError).map(([id, r]) => `${id}: ${r.harnessError?.message}`)).toEqual([])
        expect([...batch.reports].filter(([, r]) => received(r).some((t) => t.includes(NOT_IN_A_SANDBOX))).map(([id]) => id)).toEqual([])
        expectFullMarks(reportOf(batch, 'r4-honest'), expect, 'r4-honest')
        // No canary anywhere a student or TA looks, the course's rubric and reference included
        expect(leaks(batch.shown, uuid)).toEqual([])
      }, HANG_GUARD_MS)

      test('the hunter finds no reference server to answer for it: it is not on the students\' network', async ({ expect }) => {
        const hunter = reportOf(await batchOf(setup, true), 'r2-hunter')
        // It passed on nothing: no answer check passed, and it said why; at least once after it had sent to every other
        // port (its search ran: the reference lives from the grading's first question on, and each check starts the
        // hunter again, searching anew)
        expect(['server-answers-basic', 'server-answers-varied'].map((id) => check(hunter, id).status)).toEqual(['failed', 'failed'])
        const said = received(hunter).filter((t) => t.startsWith('"NOTHING ANSWERED'))
        expect(said, JSON.stringify(received(hunter))).not.toEqual([])
        expect(said.filter((t) => /^"NOTHING ANSWERED \(\d{5} ports, \d+ rounds\)"$/.test(t)), said.join(' | ')).not.toEqual([])
      }, HANG_GUARD_MS)

      test('what the exploiter makes the reference run reads nothing of the grader, the course or a student', async ({ expect }) => {
        const exploiter = reportOf(await batchOf(setup, true), 'r3-exploiter')
        // The reference ran the search and answered with what it found
        const found = received(exploiter).filter((t) => /nothing in \d+ files|LEAK /.test(t))
        expect(found, JSON.stringify(exploiter.checks.map((c) => [c.id, c.message]))).not.toEqual([])
        expect(found.filter((t) => t.includes(`LEAK ${uuid}`))).toEqual([])
        // And it could write nowhere but its own /tmp (not the grader's root, /dev or any other mount of its view), with
        // no capability, no way to gain one, under the seccomp filter
        expect(found.join('\n')).toMatch(/ \| wrote nothing; caps 0{16}; no_new_privs 1; seccomp 2/)
        const reader = reportOf(await batchOf(setup, true), 'r1-reader')
        expect(received(reader).filter((t) => t.includes(`LEAK ${uuid}`))).toEqual([])
      }, HANG_GUARD_MS)

      test('a multiprocessing server graded after a student who filled /dev/shm and IPC gets full marks', async ({ expect }) => {
        const batch = await batchOf(setup)
        // The filler answers in capitals only when it filled /dev/shm up to ENOSPC
        expect(received(reportOf(batch, 'f1-shm-filler')).filter((t) => t.includes('NOT FILLED'))).toEqual([])
        expectFullMarks(reportOf(batch, 'f2-mp-server'), expect, 'f2-mp-server')
      }, HANG_GUARD_MS)
    })

    describe.runIf(!setup.skip).concurrent(setup.skip ? `(skipped: ${setup.skip})` : 'graded alone', () => {
      test('the forger gets no more than its real score', async ({ expect }) => {
        const [single, batch] = await Promise.all([singleOf(setup, 'h1-forger'), batchOf(setup)])
        expect(single.report, single.stderr.slice(-2000)).toBeDefined()
        expect(single.report?.harnessError?.message).toBeUndefined()
        expect(received(single.report as GradeReport).filter((t) => t.includes(NOT_IN_A_SANDBOX))).toEqual([])
        expect(single.report?.score, 'the forger scored more than its real score').toBeLessThanOrEqual(reportOf(batch, 'g1-forger-tame').score)
      }, HANG_GUARD_MS)

      test('the parent-killer gets a report that scores it', async ({ expect }) => {
        const single = await singleOf(setup, 'a1-parent-killer')
        expect.soft(single.code, single.stderr.slice(-2000)).not.toBe(2)
        expectScored(single.report, expect)
        expect(received(single.report as GradeReport).filter((t) => t.includes(NOT_IN_A_SANDBOX))).toEqual([])
      }, HANG_GUARD_MS)
    })
  })

  // The control: where nothing hides the grader (host mode, whose boundary is the machine), the reader does find the
  // canaries, so that finding none in a sandbox means they were out of its reach
  test.runIf(SETUPS.some((s) => s.user === 'root'))('the reader finds the canaries in host mode (the control)', async () => {
    const single = await gradeOne({ user: 'root', backend: 'bwrap' }, CLASS.find((s) => s.id === 'c1-reader') as Student, 'host')
    const found = received(single.report as GradeReport).find((t) => t.includes(`LEAK ${uuid}`))
    const places: CanaryPlace[] = ['rubric', 'precompiled', 'reference', 'grader']
    for (const place of places) expect(found, single.stdout.slice(0, 2000)).toContain(place)
  }, HANG_GUARD_MS)

  // The control of the exploiter: on the host the reference runs with no room, and the search it is made to run finds
  // the grader's code and a rubric (within its half-second budget; the course's broken variant, further off, only on
  // a quiet machine)
  test.runIf(SETUPS.some((s) => s.user === 'root'))('the exploiter, through the reference, finds the canaries in host mode (the control)', async () => {
    const single = await gradeOne({ user: 'root', backend: 'bwrap' }, REFERENCE_CLASS.find((s) => s.id === 'r3-exploiter') as Student, 'host', true)
    const found = received(single.report as GradeReport).find((t) => t.includes(`LEAK ${uuid}`))
    for (const place of ['rubric', 'grader'] satisfies CanaryPlace[]) expect(found, single.stdout.slice(0, 2000)).toContain(place)
  }, HANG_GUARD_MS)
})
