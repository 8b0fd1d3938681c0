import { execFile } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, relative, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { findAssignment } from '../assignments/load.js'
import { packageRoot } from '../paths.js'
import { buildClass, type FixtureStudent } from './class-fixture.js'
import { shardOf } from './shard.js'

// The recipes for grading a class on several machines (docs/batch/): the grader image's Dockerfile, a GitHub Actions
// matrix workflow and a Kubernetes Indexed Job. Nothing here can run Docker, Actions or a cluster: the files are
// parsed and checked, and their grading and merge scripts are run here as written, with the environment variables
// the files give them, on a small class; what they merge must equal one unsharded batch of the same class.

const recipes = join(packageRoot, 'docs', 'batch')
const text = (path: string) => readFileSync(join(packageRoot, path), 'utf8')

// ---- Dockerfile: continuation lines joined, comments dropped, each instruction split from its arguments ----

interface Instruction {
  readonly name: string
  readonly args: string
}

function dockerInstructions(source: string): Instruction[] {
  const lines = source.split('\n').filter((line) => !/^\s*#/.test(line))
  return lines
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = '', ...rest] = line.split(/\s+/)
      return { name: name.toUpperCase(), args: rest.join(' ') }
    })
}

describe('Dockerfile', () => {
  const instructions = dockerInstructions(text('Dockerfile'))
  const all = (name: string) => instructions.filter((i) => i.name === name)
  const copySources = all('COPY').flatMap((i) => i.args.split(' ').filter((word) => !word.startsWith('--')).slice(0, -1))

  test('builds on a Debian slim Node 20 image', () => {
    expect(all('FROM').map((i) => i.args)).toEqual([expect.stringMatching(/^node:20(\.\d+)*-(bookworm|trixie)-slim$/)])
  })

  test('installs python3, bubblewrap and util-linux without recommends, and leaves no apt lists behind', () => {
    const apt = all('RUN').find((i) => i.args.includes('apt-get install'))
    const packages = apt?.args.match(/apt-get install ((?:\S+ ?)+?)(?: &&|$)/)?.[1]?.split(' ') ?? []
    expect(packages).toEqual(expect.arrayContaining(['--no-install-recommends', 'python3', 'bubblewrap', 'util-linux']))
    expect(apt?.args).toMatch(/apt-get update && .* && rm -rf \/var\/lib\/apt\/lists\/\*$/)
  })

  test('copies only files that exist and that .dockerignore lets into the build context', () => {
    const allowed = text('.dockerignore').split('\n').filter((line) => line.startsWith('!')).map((line) => line.slice(1))
    expect(text('.dockerignore').split('\n')).toContain('*')
    for (const source of copySources) {
      expect(existsSync(join(packageRoot, source)), source).toBe(true)
      expect(allowed, source).toContain(source.split('/')[0])
    }
  })

  test('copies everything the published package ships, the build builds dist, and the dev dependencies are pruned', () => {
    const pkg = JSON.parse(text('package.json')) as { files: string[]; bin: { sockgrade: string } }
    // dist is built in the image; "!..." entries leave files out of the package
    for (const file of pkg.files.filter((f) => f !== 'dist' && !f.startsWith('!'))) {
      expect(copySources.some((source) => file === source || file.startsWith(`${source}/`)), file).toBe(true)
    }
    const runs = all('RUN').map((i) => i.args)
    const ci = runs.findIndex((run) => run.startsWith('npm ci'))
    const build = runs.findIndex((run) => run.startsWith('npm run build'))
    expect(ci).toBeGreaterThanOrEqual(0)
    expect(build).toBeGreaterThan(ci)
    expect(runs[build]).toContain('npm prune --omit=dev')
    // The command on PATH is the package's own bin, made executable (tsc does not)
    const bin = pkg.bin.sockgrade.replace(/^\.\//, '')
    expect(runs[build]).toContain(`chmod 755 ${bin}`)
    expect(runs[build]).toMatch(new RegExp(`ln -s \\S+/${bin.replace(/\./g, '\\.')} /usr/local/bin/sockgrade`))
  })

  test('runs sockgrade as a user that is not root', () => {
    const user = all('USER').at(-1)?.args
    expect(user).toBeDefined()
    expect(['root', '0', '0:0']).not.toContain(user)
    expect(instructions.findIndex((i) => i.name === 'USER')).toBeGreaterThan(instructions.findIndex((i) => i.args.includes('npm run build')))
    expect(JSON.parse(all('ENTRYPOINT').at(-1)?.args ?? 'null')).toEqual(['sockgrade'])
  })
})

// ---- The workflow and the Jobs: their structure, as GitHub and Kubernetes read them ----

interface WorkflowStep {
  readonly name?: string
  readonly uses?: string
  readonly run?: string
  readonly with?: Record<string, unknown>
}
interface WorkflowJob {
  readonly needs?: string | string[]
  readonly strategy?: { matrix: { shard: number[] } }
  readonly env?: Record<string, string>
  readonly steps: WorkflowStep[]
}
interface Workflow {
  readonly on: { workflow_dispatch: { inputs: Record<string, { default?: string; required?: boolean }> } }
  readonly jobs: Record<string, WorkflowJob>
}
interface Container {
  readonly name: string
  readonly image: string
  readonly command: string[]
  readonly args: string[]
  readonly env: { name: string; value: string }[]
  readonly volumeMounts: { name: string; mountPath: string }[]
}
interface KubeJob {
  readonly apiVersion: string
  readonly kind: string
  readonly spec: {
    completionMode?: string
    completions?: number
    parallelism?: number
    template: { spec: { restartPolicy: string; containers: Container[]; volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[] } }
  }
}

const WORKFLOW_FILE = 'docs/batch/github-actions-shards.yml'
const GRADE_JOB_FILE = 'docs/batch/kubernetes-indexed-job.yaml'
const MERGE_JOB_FILE = 'docs/batch/kubernetes-merge-job.yaml'
const workflow = parse(text(WORKFLOW_FILE)) as Workflow
const gradeJob = parse(text(GRADE_JOB_FILE)) as KubeJob
const mergeJob = parse(text(MERGE_JOB_FILE)) as KubeJob

function step(job: WorkflowJob, name: string): WorkflowStep {
  const found = job.steps.find((s) => s.name === name)
  if (!found) throw new Error(`No step named "${name}"`)
  return found
}

function stepUsing(job: WorkflowJob, action: string): WorkflowStep {
  const found = job.steps.find((s) => s.uses?.startsWith(`${action}@`))
  if (!found) throw new Error(`No step uses ${action}`)
  return found
}

function envOf(container: Container): Record<string, string> {
  return Object.fromEntries(container.env.map((e) => [e.name, e.value]))
}

// A workflow expression as GitHub fills it in: only plain context paths (`${{ inputs.seed }}`), nothing else
function expand(value: string, context: Record<string, Record<string, unknown>>): string {
  return value.replace(/\$\{\{\s*([\w-]+)\.([\w-]+)\s*\}\}/g, (whole, scope: string, key: string) => {
    const found = context[scope]?.[key]
    if (found === undefined) throw new Error(`Cannot fill in ${whole}`)
    return String(found)
  })
}

const SHARDS = workflow.jobs.grade?.strategy?.matrix.shard.length ?? 0

describe('GitHub Actions workflow', () => {
  const { grade, merge } = workflow.jobs as Record<string, WorkflowJob>

  test('is started by hand with the class, the assignment and one seed for every shard', () => {
    const inputs = workflow.on.workflow_dispatch.inputs
    expect(Object.keys(inputs).sort()).toEqual(['assignment', 'class', 'isolation', 'seed'])
    expect(inputs.seed?.required).toBe(true)
    expect(inputs.assignment?.default && findAssignment(inputs.assignment.default)).toBeTruthy()
  })

  test('grades shards 1..N in a matrix and uploads each shard, then merges them in a job that needs the grading', () => {
    expect(grade?.strategy?.matrix.shard).toEqual(Array.from({ length: SHARDS }, (_, i) => i + 1))
    expect(SHARDS).toBeGreaterThan(1)
    expect(grade?.env).toMatchObject({ SHARD: '${{ matrix.shard }}', SHARDS: '${{ strategy.job-total }}' })
    expect(stepUsing(grade!, 'actions/upload-artifact').with?.name).toBe('shard-${{ matrix.shard }}')
    expect([merge?.needs].flat()).toContain('grade')
    expect(stepUsing(merge!, 'actions/download-artifact').with).toMatchObject({ pattern: 'shard-*', path: 'out' })
    expect(stepUsing(merge!, 'actions/upload-artifact').with).toMatchObject({ path: 'merged' })
  })

  test('its grading and merge scripts read environment variables only (no expression is pasted into a script)', () => {
    for (const script of [step(grade!, 'Grade shard').run, step(merge!, 'Merge the shards').run]) {
      expect(script).toBeDefined()
      expect(script).not.toContain('${{')
    }
  })
})

describe('Kubernetes Indexed Job and merge Job', () => {
  const [container] = gradeJob.spec.template.spec.containers

  test('grade in N indexed completions, N at once, each the shard its index names', () => {
    expect(gradeJob).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed', template: { spec: { restartPolicy: 'Never' } } } })
    const shards = Number(envOf(container!).SHARDS)
    expect(gradeJob.spec.completions).toBe(shards)
    expect(gradeJob.spec.parallelism).toBe(shards)
    expect(container?.args.join('\n')).toContain('SHARD=$((JOB_COMPLETION_INDEX + 1))')
    expect(container?.args.join('\n')).toContain('--shard "$SHARD/$SHARDS"')
  })

  test('the merge Job runs the same image on the same volume', () => {
    const [merger] = mergeJob.spec.template.spec.containers
    expect(mergeJob).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job' })
    expect(merger?.image).toBe(container?.image)
    expect(mergeJob.spec.template.spec.volumes).toEqual(gradeJob.spec.template.spec.volumes)
    expect(merger?.volumeMounts).toEqual(container?.volumeMounts)
    expect(merger?.args.join('\n')).toContain('sockgrade merge "$OUT"/shard-* --out "$MERGED"')
  })
})

describe('the README', () => {
  const readme = text('README.md')
  const start = readme.indexOf('### Grading on several machines')
  const section = readme.slice(start, readme.indexOf('\n## ', start))

  test('shows the workflow and the Indexed Job exactly as the files hold them', () => {
    expect(start).toBeGreaterThan(readme.indexOf('## For TAs'))
    expect(section).toContain(`\`\`\`yaml\n${text(WORKFLOW_FILE)}\`\`\``)
    expect(section).toContain(`\`\`\`yaml\n${text(GRADE_JOB_FILE)}\`\`\``)
  })

  test('links files that exist', () => {
    for (const [page, body] of [['README.md', section], ['docs/batch/README.md', text('docs/batch/README.md')]] as const) {
      const folder = page === 'README.md' ? '' : 'docs/batch/'
      const links = [...body.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1] ?? '').filter((link) => !/^https?:/.test(link))
      expect(links.length, page).toBeGreaterThan(0)
      for (const link of links) expect(existsSync(join(packageRoot, folder, link)), `${page}: ${link}`).toBe(true)
    }
  })
})

// ---- The recipes' own scripts, run here on a small class ----

// Every shard gets students (1003 and 1004 in 1/4, 1007 in 2/4, 1008 in 3/4, 1001 and 1002 in 4/4): full marks,
// three kinds of broken, nothing handed in. Canvas, so each shard's --out holds a staging folder the upload leaves out
const STUDENTS: FixtureStudent[] = [
  { id: '1001', name: 'Ada Lovelace', work: 'solution' },
  { id: '1002', name: 'Grace Hopper', work: { broken: 'one-shot-server' }, late: true },
  { id: '1003', name: 'Alan Turing', work: { broken: 'server-lowercases' } },
  { id: '1004', name: 'Edsger Dijkstra', work: 'solution', resubmissions: 1 },
  { id: '1007', name: 'Barbara Liskov', work: { broken: 'client-prints-own-uppercase' } },
  { id: '1008', name: 'Ken Thompson', work: 'empty' },
]

// About 15 s each here (five batches of six students); room for a machine busy with other tests
const RECIPE_TIMEOUT = 180_000

let root: string
let path: string
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sockgrade-recipes-'))
  // `sockgrade` on PATH, as `npm link` or the image's symlink puts it there: this checkout's build
  const bin = join(root, 'bin')
  mkdirSync(bin)
  writeFileSync(join(bin, 'sockgrade'), `#!/bin/sh\nexec "${process.execPath}" "${join(packageRoot, 'dist', 'grader', 'bin.js')}" "$@"\n`)
  chmodSync(join(bin, 'sockgrade'), 0o755)
  path = `${bin}${delimiter}${process.env.PATH ?? ''}`
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

function run(file: string, args: string[], cwd: string, env: Record<string, string>): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env, PATH: path }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

// A `run:` script as GitHub runs it on Linux: bash --noprofile --norc -eo pipefail {0}
function runStep(script: string, cwd: string, env: Record<string, string>): Promise<Ran> {
  const file = join(cwd, `.step-${Math.random().toString(36).slice(2)}.sh`)
  writeFileSync(file, script)
  return run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], cwd, env).finally(() => rmSync(file))
}

function buildFixtureClass(dir: string): void {
  const assignment = findAssignment('uppercase-udp')
  if (!assignment) throw new Error('uppercase-udp is not bundled')
  buildClass('canvas', assignment, STUDENTS, dir)
}

// What merge wrote equals what one unsharded batch wrote: the CSV byte for byte, results.json but for durations.
// Under --isolation host each program gets a free port, and the reports name it ("Listening on udp://127.0.0.1:23817",
// "Ran the client with host 127.0.0.1, port 23817"): two host runs of the same class differ there, sharded or not, so
// those ports are compared as "<port>". In the sandbox every run uses the same port and nothing is masked
function expectSameOutputs(merged: string, whole: string): void {
  // A grader error says why in the failure, not only "grader error" in a CSV cell
  const errors = (dir: string) => readFileSync(join(dir, 'results.json'), 'utf8').match(/"harnessError":\{[^}]*\}/g) ?? []
  expect([...errors(merged), ...errors(whole)]).toEqual([])
  expect(readFileSync(join(merged, 'grades.csv'), 'utf8')).toBe(readFileSync(join(whole, 'grades.csv'), 'utf8'))
  const results = (dir: string) => {
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { settings: { isolation: string } }
    return comparable(json, json.settings.isolation === 'host')
  }
  expect(results(merged)).toEqual(results(whole))
}

function comparable(value: unknown, hostPorts: boolean): unknown {
  if (typeof value === 'string' && hostPorts) return value.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>').replace(/host 127\.0\.0\.1, port \d+/g, 'host 127.0.0.1, port <port>')
  if (Array.isArray(value)) return value.map((v) => comparable(v, hostPorts))
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'durationMs').map(([key, v]) => [key, comparable(v, hostPorts)]))
}

function expectDone(ran: Ran, what: string): void {
  expect({ what, code: ran.code, stderr: ran.code === 0 ? '' : ran.stderr }).toEqual({ what, code: 0, stderr: '' })
}

describe('the recipes, run here on a class of six', () => {
  test('the fixture class puts students in every shard', () => {
    expect(new Set(STUDENTS.map((s) => shardOf(s.id, SHARDS)))).toEqual(new Set(Array.from({ length: SHARDS }, (_, i) => i + 1)))
  })

  test('the workflow: each shard on a runner of its own, the artifacts merged, equal to one unsharded batch', async () => {
    const { grade, merge } = workflow.jobs as Record<string, WorkflowJob>
    const inputs = Object.fromEntries(Object.entries(workflow.on.workflow_dispatch.inputs).map(([name, input]) => [name, input.default]))
    const upload = String(stepUsing(grade!, 'actions/upload-artifact').with?.path).trim().split('\n')
    const mergeRunner = join(root, 'gh-merge')
    for (let shard = 1; shard <= SHARDS; shard++) {
      const context = { inputs, matrix: { shard }, strategy: { 'job-total': SHARDS } }
      const env = Object.fromEntries(Object.entries(grade?.env ?? {}).map(([name, value]) => [name, expand(value, context)]))
      const runner = join(root, `gh-runner-${shard}`)
      buildFixtureClass(join(runner, env.CLASS ?? ''))
      expectDone(await runStep(step(grade!, 'Grade shard').run ?? '', runner, env), `shard ${shard}`)
      // upload-artifact: the listed folder without the excluded ones; download-artifact puts it in out/<name>
      const [folder = '', ...excluded] = upload.map((line) => expand(line, context))
      const artifact = expand(String(stepUsing(grade!, 'actions/upload-artifact').with?.name), context)
      cpSync(join(runner, folder), join(mergeRunner, 'out', artifact), {
        recursive: true,
        filter: (source) => !excluded.some((line) => line.startsWith('!') && `${relative(runner, source)}${sep}`.startsWith(`${join(line.slice(1))}${sep}`)),
      })
      expect(existsSync(join(runner, folder, 'staged'))).toBe(true)
      expect(existsSync(join(mergeRunner, 'out', artifact, 'staged'))).toBe(false)
    }
    expectDone(await runStep(step(merge!, 'Merge the shards').run ?? '', mergeRunner, {}), 'merge')

    const whole = join(root, 'gh-whole')
    buildFixtureClass(join(whole, inputs.class ?? ''))
    expectDone(await run('sockgrade', ['batch', inputs.class ?? '', '-a', inputs.assignment ?? '', '--out', 'out', '--seed', inputs.seed ?? '', '--isolation', inputs.isolation ?? ''], whole, {}), 'unsharded')
    expectSameOutputs(join(mergeRunner, 'merged'), join(whole, 'out'))
  }, RECIPE_TIMEOUT)

  test('the Kubernetes Jobs: index 0..N-1 on one volume, then the merge Job, equal to one unsharded batch', async () => {
    const [container] = gradeJob.spec.template.spec.containers
    const [merger] = mergeJob.spec.template.spec.containers
    // The volume, mounted at /data in the pods, is a folder here: every /data path the Jobs set points into it
    const volume = join(root, 'k8s-volume')
    const mountPath = container?.volumeMounts[0]?.mountPath ?? ''
    const onVolume = (env: Record<string, string>) =>
      Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value.startsWith(`${mountPath}/`) ? join(volume, value.slice(mountPath.length)) : value]))
    const env = onVolume(envOf(container!))
    buildFixtureClass(env.CLASS ?? '')
    const shards = Number(env.SHARDS)
    expect(container?.command).toEqual(['sh', '-c'])
    for (let index = 0; index < shards; index++) {
      expectDone(await run('sh', ['-c', container?.args[0] ?? ''], root, { ...env, JOB_COMPLETION_INDEX: String(index) }), `index ${index}`)
    }
    expectDone(await run('sh', ['-c', merger?.args[0] ?? ''], root, onVolume(envOf(merger!))), 'merge Job')

    const whole = join(root, 'k8s-whole')
    expectDone(await run('sockgrade', ['batch', env.CLASS ?? '', '-a', env.ASSIGNMENT ?? '', '--out', whole, '--seed', env.SEED ?? '', '--isolation', env.ISOLATION ?? ''], root, {}), 'unsharded')
    expectSameOutputs(onVolume(envOf(merger!)).MERGED ?? '', whole)
  }, RECIPE_TIMEOUT)
})
