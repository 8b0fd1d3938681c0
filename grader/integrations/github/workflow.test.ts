import { spawn } from 'node:child_process'
import { chmodSync, existsSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import MarkdownIt from 'markdown-it'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { bundledAssignments } from '../../assignments/load.js'
import { main } from '../../cli.js'
import { defaultRubricPath, packageRoot, referenceDir } from '../../paths.js'
import { loadRubricFile } from '../../rubric/load.js'
import { maxScoreOf } from '../../rubric/rubric.js'
import { reporters } from '../../reporters/index.js'
import { asNobody, NOBODY, nobodySandboxFailure } from '../../test-support/as-nobody.js'
import { expectJunitFileValid } from '../../test-support/junit-xsd.js'
import { sockgradeVersion } from '../../version.js'
import { npmEnvironment } from '../package/pack.js'
import { commitSeed } from './commit-seed.js'
import { GRADE_STEP_ID, INSTALL_MARKER, RESULTS_DIR, RUNNER_SETUP_MARKER, sockgradeWorkflow, VENDOR_DIR, WORKFLOW_FILE } from './workflow.js'

// The workflow `sockgrade init-ci` writes, read as GitHub reads it (YAML), then run here as the runner would run it:
// each `run:` script with bash -eo pipefail in a temporary student repository, GITHUB_ACTIONS=true and the summary and
// output files pointed at temporary files. The actions (checkout, setup-node, setup-python) are what this machine
// already has; the step that needs root and the network (apt-get, sysctl) is run only with a sudo that records its
// commands; the install step is replaced by this checkout's build on PATH, never the registry, but for the one
// repository that carries sockgrade packed (init-ci's default), where it runs as written with no registry reachable.

interface Step {
  readonly name?: string
  readonly id?: string
  readonly uses?: string
  readonly run?: string
  readonly if?: string
  readonly with?: Record<string, unknown>
}
interface Job {
  readonly if?: string
  readonly 'runs-on': string
  readonly 'timeout-minutes': number
  readonly steps: readonly Step[]
}
interface Workflow {
  readonly name: string
  readonly on: string | readonly string[] | Record<string, unknown>
  readonly permissions: Record<string, string>
  readonly jobs: Record<string, Job>
}

const ASSIGNMENT = 'uppercase-udp'
const text = sockgradeWorkflow({ assignment: ASSIGNMENT, version: sockgradeVersion() })
const workflow = parse(text) as Workflow
const job = workflow.jobs['run-autograding-tests'] as Job

function stepNamed(name: string): Step {
  const found = job.steps.find((s) => s.name === name)
  if (!found) throw new Error(`No step named "${name}"`)
  return found
}

function stepUsing(action: string): Step {
  const found = job.steps.find((s) => s.uses?.split('@')[0] === action)
  if (!found) throw new Error(`No step uses ${action}`)
  return found
}

// A run script's words, its comments dropped and its line continuations joined (enough for these scripts: no quotes)
function words(script: string): string[] {
  return script
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
}

// The events of a workflow's \`on:\`, in any of its three shapes (one event, a list, a map of events to settings)
function triggers(on: Workflow['on']): string[] {
  if (typeof on === 'string') return [on]
  return Array.isArray(on) ? [...on] : Object.keys(on)
}

const gradeStep = () => job.steps.find((s) => s.id === GRADE_STEP_ID) as Step

describe('the workflow, as GitHub reads it', () => {
  test('is named and shaped as GitHub Classroom requires: "Autograding Tests", one job "run-autograding-tests"', () => {
    expect(workflow.name).toBe('Autograding Tests')
    expect(Object.keys(workflow.jobs)).toEqual(['run-autograding-tests'])
  })

  // GitHub Classroom's own classroom.yml: on [push, repository_dispatch] (Classroom starts runs with a
  // repository_dispatch), checks: write, actions: read, contents: read, and no grading of its bot's initial commit.
  // A pull_request trigger grades each commit of the Feedback pull request twice, as two "Autograding Tests" results
  test('runs on push and on Classroom\'s repository_dispatch, never on a pull request, as Classroom\'s own workflow', () => {
    const events = triggers(workflow.on)
    expect(events).toContain('push')
    expect(events).toContain('repository_dispatch')
    expect(events).not.toContain('pull_request')
    expect(events).not.toContain('pull_request_target')
  })

  test('asks for the permissions Classroom\'s own workflow asks for: checks: write, actions: read, contents: read', () => {
    expect(workflow.permissions).toEqual({ checks: 'write', actions: 'read', contents: 'read' })
  })

  test('skips the commit GitHub Classroom\'s bot makes when it creates the repository, as Classroom\'s own job does', () => {
    expect(job.if).toBe("github.actor != 'github-classroom[bot]'")
  })

  test('runs on Ubuntu 24.04 within a time limit', () => {
    expect(job['runs-on']).toBe('ubuntu-24.04')
    expect(job['timeout-minutes']).toBeGreaterThan(0)
    expect(job['timeout-minutes']).toBeLessThanOrEqual(15)
  })

  test('checks out, then sets up Node 20 and Python 3, with every action pinned to a major version', () => {
    expect(job.steps.slice(0, 3).map((s) => s.uses?.split('@')[0])).toEqual(['actions/checkout', 'actions/setup-node', 'actions/setup-python'])
    expect(stepUsing('actions/setup-node').with).toEqual({ 'node-version': 20 })
    expect(stepUsing('actions/setup-python').with).toEqual({ 'python-version': '3.x' })
    for (const step of job.steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^actions\/[a-z-]+@v\d+$/)
  })

  // GitHub's rule for a step id: a letter or "_" first, then letters, digits, "-" and "_", unique in the job
  test('every step id is one GitHub accepts, and the grading step\'s is "sockgrade"', () => {
    const ids = job.steps.flatMap((s) => (s.id === undefined ? [] : [s.id]))
    expect(GRADE_STEP_ID).toBe('sockgrade')
    expect(ids).toContain(GRADE_STEP_ID)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/)
  })

  test('sets up bubblewrap and Ubuntu 24.04\'s namespace setting in the one step marked as changing the runner', () => {
    const marked = job.steps.filter((s) => s.run?.includes(RUNNER_SETUP_MARKER))
    expect(marked.map((s) => s.name)).toEqual(['Install bubblewrap'])
    const script = marked[0]?.run ?? ''
    expect(script).toContain('apt-get install -y -qq --no-install-recommends bubblewrap')
    expect(script).toContain('sysctl -w kernel.apparmor_restrict_unprivileged_userns=0')
    // Nothing else may need root or the package manager: a local run skips only the marked step
    for (const step of job.steps.filter((s) => s.run && s !== marked[0])) expect(step.run).not.toMatch(/\b(sudo|apt-get|sysctl)\b/)
  })

  test('installs sockgrade from the registry at exactly this version, in the one step marked as the install', () => {
    const marked = job.steps.filter((s) => s.run?.includes(INSTALL_MARKER))
    expect(marked.map((s) => s.name)).toEqual(['Install sockgrade'])
    expect(words(marked[0]?.run ?? '')).toEqual(['npm', 'install', '--global', '--no-audit', '--no-fund', `sockgrade@${sockgradeVersion()}`])
    expect(job.steps.indexOf(marked[0] as Step)).toBeLessThan(job.steps.indexOf(gradeStep()))
  })

  test('grades with sockgrade check for the assignment, with the terminal, github, junit, markdown and html reporters', () => {
    const step = gradeStep()
    expect(step.name).toBe('Grade')
    expect(step.if).toBeUndefined()
    expect(words(step.run ?? '')).toEqual([
      'rm', '-rf', RESULTS_DIR,
      'sockgrade', 'check', '.', '--assignment', ASSIGNMENT, '--isolation', 'sandbox',
      '--reporter', 'terminal',
      '--reporter', 'github',
      '--reporter', `junit=${RESULTS_DIR}/junit.xml`,
      '--reporter', `markdown=${RESULTS_DIR}/summary.md`,
      '--reporter', `html=${RESULTS_DIR}/report.html`,
    ])
  })

  test('every reporter the grading step names is one the CLI has', () => {
    const named = words(gradeStep().run ?? '').flatMap((word, i, all) => (all[i - 1] === '--reporter' ? [word.split('=')[0] as string] : []))
    expect(named.length).toBeGreaterThan(0)
    for (const name of named) expect(Object.keys(reporters)).toContain(name)
  })

  test('writes the summary and uploads the JUnit file and the HTML page even when the grading step failed', () => {
    const summary = stepNamed('Write the job summary')
    expect(summary.if).toBe('always()')
    expect(summary.run).toContain(`cat ${RESULTS_DIR}/summary.md >> "$GITHUB_STEP_SUMMARY"`)
    const upload = stepUsing('actions/upload-artifact')
    expect(upload.if).toBe('always()')
    expect(String(upload.with?.path).trim().split('\n')).toEqual([`${RESULTS_DIR}/junit.xml`, `${RESULTS_DIR}/report.html`])
    expect(job.steps.indexOf(summary)).toBeGreaterThan(job.steps.indexOf(gradeStep()))
    expect(job.steps.indexOf(upload)).toBeGreaterThan(job.steps.indexOf(gradeStep()))
  })

  test('no run script holds an expression (nothing is pasted into a shell by GitHub)', () => {
    for (const step of job.steps) expect(step.run ?? '').not.toContain('${{')
  })

  test.each([...bundledAssignments().keys()])('%s: the workflow is valid YAML that grades that assignment', (assignment) => {
    const other = parse(sockgradeWorkflow({ assignment, version: '1.2.3' })) as Workflow
    const steps = other.jobs['run-autograding-tests']?.steps ?? []
    expect(words(steps.find((s) => s.id === GRADE_STEP_ID)?.run ?? '').slice(3, 8)).toEqual(['sockgrade', 'check', '.', '--assignment', assignment])
    expect(steps.find((s) => s.run?.includes(INSTALL_MARKER))?.run).toContain('sockgrade@1.2.3\n')
  })

  test.each([
    { assignment: 'Uppercase UDP', version: '1.0.0' },
    { assignment: 'uppercase-udp; rm -rf ~', version: '1.0.0' },
    { assignment: 'uppercase-udp', version: '1.0.0 && curl evil' },
  ])('refuses an id or version that is not a plain word: $assignment $version', (settings) => {
    expect(() => sockgradeWorkflow(settings)).toThrow(/^Invalid /)
  })
})

// ---- The runner's side: workflow commands in a step's output ----

interface WorkflowCommand {
  readonly command: string
  readonly properties: Record<string, string>
  readonly message: string
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')

// The workflow commands the runner acts on in one stream of output, as it reads them: one per line, leading whitespace
// ignored, none between "::stop-commands::TOKEN" and "::TOKEN::"
function workflowCommands(output: string): WorkflowCommand[] {
  const found: WorkflowCommand[] = []
  let stopToken: string | undefined
  for (const raw of output.split('\n')) {
    const line = raw.trimStart().replace(/\r$/, '')
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined
      continue
    }
    const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!match) continue
    const [, command = '', properties = '', message = ''] = match
    if (command === 'stop-commands') {
      stopToken = message
      continue
    }
    const pairs = properties ? properties.split(',').map((pair) => pair.split('=')) : []
    found.push({ command, properties: Object.fromEntries(pairs.map(([k = '', v = '']) => [k.trim(), unescapeProperty(v)])), message: unescapeData(message) })
  }
  return found
}

// The lines of a log the runner reads for commands: those outside every stop-commands fence (fences included)
function unfencedLines(output: string): string[] {
  const lines: string[] = []
  let stopToken: string | undefined
  for (const raw of output.split('\n')) {
    const line = raw.trimStart()
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined
      continue
    }
    if (line.startsWith('::stop-commands::')) stopToken = line.slice('::stop-commands::'.length)
    else if (line !== '') lines.push(line)
  }
  return lines
}

describe('workflowCommands (the runner\'s reading of a log)', () => {
  test('reads commands at the start of a line and skips those inside a stop-commands fence', () => {
    const log = ['::notice title=A%2C b::one%0Atwo', '  ::error file=UDPServer.py,line=3::broke', 'text ::warning::not a command', '::stop-commands::tok', '::notice::forged', '::tok::', '::debug::after'].join('\n')
    expect(workflowCommands(log)).toEqual([
      { command: 'notice', properties: { title: 'A, b' }, message: 'one\ntwo' },
      { command: 'error', properties: { file: 'UDPServer.py', line: '3' }, message: 'broke' },
      { command: 'debug', properties: {}, message: 'after' },
    ])
  })
})

// ---- The workflow's own scripts, run here in a student's repository ----

interface StepRun {
  readonly step: Step
  readonly ran: boolean
  readonly code?: number
  readonly stdout: string
  readonly stderr: string
}

interface JobRun {
  readonly steps: readonly StepRun[]
  readonly summary: string
  readonly grade: StepRun
}

// Each script's bound; a grading of a textbook pair takes a few seconds here
const STEP_TIMEOUT_MS = 150_000

// Each script runs in a process group of its own, killed whole at the bound: a grading left running by a killed bash
// would otherwise hold the step's output open
function bash(script: string, cwd: string, env: NodeJS.ProcessEnv, user?: 'nobody'): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(cwd, '..', `step-${Math.random().toString(36).slice(2)}.sh`)
  writeFileSync(file, script)
  // GitHub's default shell on Linux: bash --noprofile --norc -eo pipefail {0}
  const argv = ['bash', '--noprofile', '--norc', '-eo', 'pipefail', file]
  const [command, ...args] = user === 'nobody' ? asNobody(argv) : argv
  return new Promise((resolve) => {
    const child = spawn(command as string, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
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
    }, STEP_TIMEOUT_MS)
    child.on('close', (code) => {
      clearTimeout(timer)
      rmSync(file, { force: true })
      resolve({ code: code ?? -1, stdout, stderr })
    })
  })
}

let scratch: string
let binDir: string
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sockgrade-workflow-'))
  // What the install step leaves on PATH, as `npm install --global` would: this checkout's build
  binDir = join(scratch, 'bin')
  mkdirSync(binDir)
  writeFileSync(join(binDir, 'sockgrade'), `#!/bin/sh\nexec "${process.execPath}" "${join(packageRoot, 'dist', 'grader', 'bin.js')}" "$@"\n`)
  chmodSync(join(binDir, 'sockgrade'), 0o755)
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

// A student's repository: their two programs (from the reference or a broken variant), then `sockgrade init-ci`
async function studentRepository(name: string, from: string, edit?: (file: string, code: string) => string, packed = false, parent = scratch): Promise<string> {
  const repo = join(parent, name, 'repo')
  mkdirSync(repo, { recursive: true })
  for (const file of ['UDPServer.py', 'UDPClient.py']) {
    const code = readFileSync(join(from, file), 'utf8')
    writeFileSync(join(repo, file), edit ? edit(file, code) : code)
  }
  const quiet = { write: () => true }
  expect(await main(['init-ci', repo, '--assignment', ASSIGNMENT, ...(packed ? [] : ['--from-registry'])], { stdout: quiet, stderr: quiet, env: {} })).toBe(0)
  return repo
}

/** The runner's ordinary user (on GitHub uid 1001, here nobody): its home, its temporary folder, setup-node's tool cache */
interface RunnerUser {
  readonly home: string
  readonly tmp: string
  /** npm's global prefix, as setup-node leaves it: /opt/hostedtoolcache/node/<version>/x64 */
  readonly npmPrefix: string
}

// Run the job as the runner would: steps in order, `if: always()` steps after a failure too, the rest skipped then.
// With a user, every step runs as nobody, and the job's folder (the repository among it) is handed to nobody first
// The repository and commit every simulated run grades, as GitHub names them to the job
const RUNNER_COMMIT = { GITHUB_REPOSITORY: 'cs101-classroom/hw1-student', GITHUB_SHA: '0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e' }

async function runJob(repo: string, options: { install?: 'real'; user?: RunnerUser } = {}): Promise<JobRun> {
  const written = parse(readFileSync(join(repo, WORKFLOW_FILE), 'utf8')) as Workflow
  const steps = written.jobs['run-autograding-tests']?.steps ?? []
  const dir = join(repo, '..')
  const summaryFile = join(dir, 'step-summary.md')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: RUNNER_COMMIT.GITHUB_REPOSITORY,
    GITHUB_SHA: RUNNER_COMMIT.GITHUB_SHA,
    GITHUB_WORKSPACE: repo,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: join(dir, 'step-output'),
    RUNNER_TEMP: dir,
  }
  delete env.FORCE_COLOR
  writeFileSync(summaryFile, '')
  writeFileSync(join(dir, 'step-output'), '')
  const { user } = options
  if (user) {
    // The test run's TMPDIR is root's (0700). SOCKGRADE_PYTHON stands in for setup-python's interpreter: one nobody can
    // run, as this machine's default may be a pyenv install in root's home
    Object.assign(env, { HOME: user.home, TMPDIR: user.tmp, USER: 'nobody', LOGNAME: 'nobody', SOCKGRADE_PYTHON: '/usr/bin/python3' })
    chownTree(dir, NOBODY)
  }
  const runs: StepRun[] = []
  let failed = false
  for (const step of steps) {
    const condition = step.if ?? 'success()'
    if (!['success()', 'always()'].includes(condition)) throw new Error(`Cannot evaluate if: ${condition}`)
    const skip = (condition === 'success()' && failed) || step.uses !== undefined || step.run === undefined || step.run.includes(RUNNER_SETUP_MARKER)
    if (!skip && step.run?.includes(INSTALL_MARKER) && options.install === 'real') {
      // npm --global into a prefix of the test's own, with an empty cache and no registry reachable
      const prefix = user?.npmPrefix ?? join(dir, 'npm-global')
      for (const name of Object.keys(env)) if (!(name in npmEnvironment(env))) delete env[name]
      Object.assign(env, { npm_config_prefix: prefix, npm_config_cache: join(dir, 'npm-cache'), npm_config_registry: 'http://127.0.0.1:9/', npm_config_update_notifier: 'false' })
      env.PATH = `${join(prefix, 'bin')}${delimiter}${env.PATH ?? ''}`
    } else if (!skip && step.run?.includes(INSTALL_MARKER)) {
      env.PATH = `${binDir}${delimiter}${env.PATH ?? ''}`
      runs.push({ step, ran: true, code: 0, stdout: '', stderr: '' })
      continue
    }
    if (skip) {
      runs.push({ step, ran: false, stdout: '', stderr: '' })
      continue
    }
    const result = await bash(step.run as string, repo, env, user ? 'nobody' : undefined)
    if (result.code !== 0) failed = true
    runs.push({ step, ran: true, ...result })
  }
  const grade = runs.find((r) => r.step.id === GRADE_STEP_ID)
  if (!grade) throw new Error('No grading step')
  return { steps: runs, summary: readFileSync(summaryFile, 'utf8'), grade }
}

function chownTree(path: string, uid: number): void {
  lchownSync(path, uid, uid)
  if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), uid)
}

interface JUnitCase {
  readonly '@_name': string
  readonly failure?: unknown
  readonly error?: unknown
  readonly skipped?: unknown
}

function junitCases(repo: string): JUnitCase[] {
  const xml = readFileSync(join(repo, RESULTS_DIR, 'junit.xml'), 'utf8')
  expect(XMLValidator.validate(xml)).toBe(true)
  expectJunitFileValid(join(repo, RESULTS_DIR, 'junit.xml'))
  const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml) as { testsuites: { testsuite: { testcase: JUnitCase[] }[] } }
  expect(parsed.testsuites.testsuite).toHaveLength(1)
  return parsed.testsuites.testsuite[0]?.testcase ?? []
}

const checks = loadRubricFile(defaultRubricPath).assignments.get(ASSIGNMENT) ?? []
const maxPoints = maxScoreOf(checks)
const pointsOf = (ids: readonly string[]) => checks.filter((c) => ids.includes(c.id)).reduce((sum, c) => sum + c.points, 0)
const loses = (dir: string) => (parse(readFileSync(join(dir, 'expect.yaml'), 'utf8')) as { loses: string[] }).loses

// The points notice GitHub Classroom records ({"totalPoints":…,"maxPoints":…}, titled "Autograding report")
function classroomPoints(commands: readonly WorkflowCommand[]): unknown[] {
  return commands.filter((c) => c.command === 'notice' && c.properties.title === 'Autograding report').map((c) => JSON.parse(c.message) as unknown)
}

const JOB_TIMEOUT_MS = 4 * STEP_TIMEOUT_MS

describe('the workflow run in a student repository', () => {
  test('the textbook pair: exit 0, full points for Classroom, no error annotation, every report written and uploaded', async () => {
    const repo = await studentRepository('textbook', join(referenceDir, ASSIGNMENT))
    const run = await runJob(repo)
    expect(run.grade.code, run.grade.stderr).toBe(0)
    expect(run.steps.filter((s) => s.ran).map((s) => [s.step.name, s.code])).toEqual([
      ['Install sockgrade', 0],
      ['Grade', 0],
      ['Write the job summary', 0],
    ])
    const commands = workflowCommands(run.grade.stdout)
    expect(classroomPoints(commands)).toEqual([{ totalPoints: maxPoints, maxPoints }])
    expect(commands.filter((c) => c.command === 'error')).toEqual([])
    // The terminal report is in the log too, fenced
    expect(run.grade.stdout).toContain('::stop-commands::')
    // The inputs are the commit's: its seed, and how to draw the same on a student's machine
    const seed = commitSeed(RUNNER_COMMIT)?.seed
    expect(run.grade.stderr).toContain(`seed ${seed} of cs101-classroom/hw1-student@0d1e2f3: "sockgrade check --seed ${seed}" draws the same inputs`)
    const cases = junitCases(repo)
    expect(cases).toHaveLength(checks.length)
    expect(cases.filter((c) => c.failure !== undefined || c.error !== undefined)).toEqual([])
    expect(new MarkdownIt().render(run.summary)).toContain('<table>')
    expect(readFileSync(join(repo, RESULTS_DIR, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i)
    for (const path of String(stepUsing('actions/upload-artifact').with?.path).trim().split('\n')) expect(existsSync(join(repo, path)), path).toBe(true)
  }, JOB_TIMEOUT_MS)

  test('init-ci\'s default: the packed sockgrade in the repository installs with no registry and grades', async () => {
    const repo = await studentRepository('packed', join(referenceDir, ASSIGNMENT), undefined, true)
    const run = await runJob(repo, { install: 'real' })
    const install = run.steps.find((s) => s.step.name === 'Install sockgrade')
    expect(install?.code, install?.stderr).toBe(0)
    expect(install?.step.run).toContain(`npm install --global --offline --no-audit --no-fund ./${VENDOR_DIR}/sockgrade-${sockgradeVersion()}.tgz`)
    expect(existsSync(join(repo, '..', 'npm-global', 'lib', 'node_modules', 'sockgrade', 'node_modules', 'execa'))).toBe(true)
    expect(run.grade.code, run.grade.stderr).toBe(0)
    expect(classroomPoints(workflowCommands(run.grade.stdout))).toEqual([{ totalPoints: maxPoints, maxPoints }])
  }, JOB_TIMEOUT_MS)

  test('links the student committed in the results folder cannot send a report into the log', async () => {
    const repo = await studentRepository('linked', join(referenceDir, ASSIGNMENT))
    mkdirSync(join(repo, RESULTS_DIR))
    symlinkSync('/dev/stdout', join(repo, RESULTS_DIR, 'junit.xml'))
    symlinkSync('/dev/stderr', join(repo, RESULTS_DIR, 'summary.md'))
    const run = await runJob(repo)
    expect(run.grade.code, run.grade.stderr).toBe(0)
    expect(`${run.grade.stdout}${run.grade.stderr}`).not.toContain('<testsuites')
    expect(lstatSync(join(repo, RESULTS_DIR, 'junit.xml')).isFile()).toBe(true)
    expect(junitCases(repo)).toHaveLength(checks.length)
  }, JOB_TIMEOUT_MS)

  test('a server that lowercases: exit 1, the points it earned, an error annotation per check that cost points', async () => {
    const broken = join(referenceDir, ASSIGNMENT, 'broken', 'server-lowercases')
    const repo = await studentRepository('lowercases', broken)
    const run = await runJob(repo)
    expect(run.grade.code, run.grade.stderr).toBe(1)
    // The summary and the upload still run; nothing after a failure that is not if: always()
    expect(run.steps.filter((s) => s.ran).map((s) => s.step.name)).toEqual(['Install sockgrade', 'Grade', 'Write the job summary'])
    const lost = checks.filter((c) => loses(broken).includes(c.id) && c.points > 0).map((c) => c.id)
    expect(lost.length).toBeGreaterThan(0)
    const commands = workflowCommands(run.grade.stdout)
    expect(classroomPoints(commands)).toEqual([{ totalPoints: maxPoints - pointsOf(lost), maxPoints }])
    const errors = commands.filter((c) => c.command === 'error')
    expect(errors.map((e) => e.properties.title).sort()).toEqual(checks.filter((c) => lost.includes(c.id)).map((c) => `${c.id}: ${c.name}`).sort())
    const failed = junitCases(repo).filter((c) => c.failure !== undefined).map((c) => c['@_name'].split(':')[0])
    expect(failed.sort()).toEqual([...lost].sort())
    expect(run.summary).not.toBe('')
    expect(existsSync(join(repo, RESULTS_DIR, 'report.html'))).toBe(true)
  }, JOB_TIMEOUT_MS)

  test('a server that crashes: the error annotation points at its file and line', async () => {
    const repo = await studentRepository('crashes', join(referenceDir, ASSIGNMENT), (file, code) => (file === 'UDPServer.py' ? code.replace('.upper()', '.uppper()') : code))
    const line = readFileSync(join(repo, 'UDPServer.py'), 'utf8').split('\n').findIndex((l) => l.includes('.uppper()')) + 1
    expect(line).toBeGreaterThan(0)
    const run = await runJob(repo)
    expect(run.grade.code).toBe(1)
    const located = workflowCommands(run.grade.stdout).filter((c) => c.command === 'error' && c.properties.file !== undefined)
    expect(located.length).toBeGreaterThan(0)
    for (const error of located) expect(error.properties).toMatchObject({ file: 'UDPServer.py', line: String(line) })
  }, JOB_TIMEOUT_MS)

  test('a client that prints workflow commands forges neither points nor annotations', async () => {
    const forged = '::notice title=Autograding report::{"totalPoints":99,"maxPoints":99}'
    const repo = await studentRepository('forger', join(referenceDir, ASSIGNMENT), (file, code) =>
      file === 'UDPClient.py' ? code.replace('print(modifiedMessage.decode())', `print()\nprint('${forged}')\nprint('::error file=UDPServer.py,line=1::forged')`) : code,
    )
    const run = await runJob(repo)
    expect(run.grade.code).toBe(1)
    // What the student printed is in the log...
    expect(run.grade.stdout).toContain(forged.slice(0, 40))
    // ...but outside the stop-commands fences there are only sockgrade's own commands, one line each
    const unfenced = unfencedLines(run.grade.stdout)
    expect(unfenced.length).toBeGreaterThan(0)
    for (const line of unfenced) expect(line).toMatch(/^::(error|warning|notice) /)
    const commands = workflowCommands(run.grade.stdout)
    const earned = maxPoints - pointsOf(['client-prints-reply'])
    expect(commands.filter((c) => c.command === 'notice')).toEqual([
      { command: 'notice', properties: { title: 'Autograding complete' }, message: `Points ${earned}/${maxPoints}` },
      { command: 'notice', properties: { title: 'Autograding report' }, message: JSON.stringify({ totalPoints: earned, maxPoints }) },
    ])
    const titles = new Set(checks.map((c) => `${c.id}: ${c.name}`))
    for (const c of commands.filter((c) => c.command !== 'notice')) expect(titles.has(c.properties.title ?? ''), c.properties.title).toBe(true)
    // Standard error carries no command at all
    expect(workflowCommands(run.grade.stderr)).toEqual([])
  }, JOB_TIMEOUT_MS)
})

// ---- The same job as the runner's ordinary user ----

// On GitHub every step runs as the runner's user (uid 1001), and sudo is needed only by the runner setup step, which a
// local run skips; `npm install --global` writes into setup-node's tool cache, under /opt, which the student's room
// shows whole and must cover. Here that user is nobody (setpriv), and the tool cache is a folder of the test's under /opt
const isRoot = process.getuid?.() === 0
const NOBODY_SKIP = !isRoot ? 'needs root: the steps switch to nobody with setpriv' : await nobodyCannotSandbox()

// Why nobody cannot build a sandbox with either backend here (the grader picks whichever works), or undefined
async function nobodyCannotSandbox(): Promise<string | undefined> {
  const failures = await Promise.all([nobodySandboxFailure('bwrap'), nobodySandboxFailure('unshare')])
  return failures.every(Boolean) ? failures.join('; ') : undefined
}

describe.runIf(!NOBODY_SKIP)(`the workflow run as the runner's ordinary user${NOBODY_SKIP ? ` (skipped: ${NOBODY_SKIP})` : ''}`, () => {
  // Not under the test run's temporary folder (0700, which nobody cannot enter)
  const userParent = existsSync('/var/tmp') ? '/var/tmp' : '/tmp'
  const toolCacheParent = existsSync('/opt') ? '/opt' : userParent
  const made: string[] = []
  afterAll(() => {
    for (const folder of made) rmSync(folder, { recursive: true, force: true })
  })

  // The job's folders, nobody's: home, temporary folder, and a tool cache of its own under /opt (root's, as the real /opt)
  function runnerUser(): { parent: string; user: RunnerUser } {
    const parent = mkdtempSync(join(userParent, 'sockgrade-workflow-nobody-'))
    const opt = mkdtempSync(join(toolCacheParent, 'sockgrade-workflow-test-'))
    made.push(parent, opt)
    for (const folder of [parent, opt]) chmodSync(folder, 0o755)
    const user = { home: join(parent, 'home'), tmp: join(parent, 'tmp'), npmPrefix: join(opt, 'hostedtoolcache', 'node', process.versions.node, 'x64') }
    for (const folder of [user.home, user.tmp, user.npmPrefix]) mkdirSync(folder, { recursive: true })
    for (const folder of [user.home, user.tmp]) chownTree(folder, NOBODY)
    chownTree(join(opt, 'hostedtoolcache'), NOBODY)
    return { parent, user }
  }

  // init-ci's default (the packed sockgrade in the repository), installed and graded by nobody
  async function runAsNobody(name: string, from: string): Promise<{ run: JobRun; repo: string; user: RunnerUser }> {
    const { parent, user } = runnerUser()
    const repo = await studentRepository(name, from, undefined, true, parent)
    const run = await runJob(repo, { install: 'real', user })
    const install = run.steps.find((s) => s.step.name === 'Install sockgrade')
    expect(install?.code, install?.stderr).toBe(0)
    // Installed by nobody, into the tool cache, and graded in a sandbox nobody built
    expect(statSync(join(user.npmPrefix, 'lib', 'node_modules', 'sockgrade')).uid).toBe(NOBODY)
    expect(existsSync(join(user.npmPrefix, 'bin', 'sockgrade'))).toBe(true)
    expect(run.grade.stderr).toMatch(/^Isolation: sandbox \(/m)
    expect(run.steps.filter((s) => s.ran).map((s) => s.step.name)).toEqual(['Install sockgrade', 'Grade', 'Write the job summary'])
    return { run, repo, user }
  }

  test('the textbook pair: installs into the tool cache under /opt, grades, full points for Classroom', async () => {
    const { run } = await runAsNobody('textbook', join(referenceDir, ASSIGNMENT))
    expect(run.grade.code, run.grade.stderr).toBe(0)
    expect(classroomPoints(workflowCommands(run.grade.stdout))).toEqual([{ totalPoints: maxPoints, maxPoints }])
    expect(new MarkdownIt().render(run.summary)).toContain('<table>')
  }, JOB_TIMEOUT_MS)

  test('a server that lowercases: exit 1, the points it earned', async () => {
    const broken = join(referenceDir, ASSIGNMENT, 'broken', 'server-lowercases')
    const { run, repo } = await runAsNobody('lowercases', broken)
    expect(run.grade.code, run.grade.stderr).toBe(1)
    const lost = checks.filter((c) => loses(broken).includes(c.id) && c.points > 0).map((c) => c.id)
    expect(lost.length).toBeGreaterThan(0)
    expect(classroomPoints(workflowCommands(run.grade.stdout))).toEqual([{ totalPoints: maxPoints - pointsOf(lost), maxPoints }])
    expect(junitCases(repo).filter((c) => c.failure !== undefined).map((c) => c['@_name'].split(':')[0]).sort()).toEqual([...lost].sort())
  }, JOB_TIMEOUT_MS)
})

describe('the runner setup step', () => {
  // A sudo that records each command and fails or succeeds as told: the step's own logic, without root
  async function runSetup(sudoExits: number) {
    const dir = mkdtempSync(join(scratch, 'setup-'))
    const fakeBin = join(dir, 'bin')
    mkdirSync(fakeBin)
    writeFileSync(join(fakeBin, 'sudo'), `#!/bin/sh\necho "$*" >> "${join(dir, 'sudo.log')}"\nexit ${sudoExits}\n`)
    chmodSync(join(fakeBin, 'sudo'), 0o755)
    const result = await bash(stepNamed('Install bubblewrap').run as string, dir, { ...process.env, PATH: `${fakeBin}${delimiter}${process.env.PATH ?? ''}` })
    const log = existsSync(join(dir, 'sudo.log')) ? readFileSync(join(dir, 'sudo.log'), 'utf8') : ''
    return { ...result, log }
  }

  test('installs bubblewrap and allows unprivileged user namespaces, in that order', async () => {
    const { code, stdout, log } = await runSetup(0)
    expect(code).toBe(0)
    expect(stdout).not.toContain('::warning')
    expect(log.trim().split('\n')).toEqual(['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends bubblewrap', 'sysctl -w kernel.apparmor_restrict_unprivileged_userns=0'])
  })

  test('when that fails, the step fails with an error: no grading on the runner itself, where a program could forge points', async () => {
    const { code, stdout, log } = await runSetup(1)
    expect(code).toBe(1)
    expect(workflowCommands(stdout)).toEqual([{ command: 'error', properties: { title: 'sockgrade' }, message: 'Cannot set up bubblewrap: not grading without the sandbox (see the log above)' }])
    expect(log.trim().split('\n')).toEqual(['apt-get update -qq'])
  })
})
