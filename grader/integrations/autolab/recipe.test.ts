import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { bundledAssignments } from '../../assignments/load.js'
import { gradingDeadline } from '../../deadline.js'
import { defaultRubricPath, packageRoot, referenceDir } from '../../paths.js'
import { loadRubricFile } from '../../rubric/load.js'
import { maxScoreOf } from '../../rubric/rubric.js'
import { scaledTiming } from '../../timing.js'
import { sockgradeVersion } from '../../version.js'
import { npmEnvironment } from '../package/pack.js'
import { fenced } from '../../test-support/markdown-blocks.js'

// docs/autolab.md, run as Autolab runs it: a job folder holding the page's autograde-Makefile (as Makefile), the
// autograde.tar the page's commands make (their `npm pack --ignore-scripts` run in this checkout, the clone: no
// registry) and a student's handin.tar; then `make`, its standard output and standard error captured together as
// Tango captures them. The last line must be the autoresult, whatever the handin.

const page = readFileSync(join(packageRoot, 'docs', 'autolab.md'), 'utf8')


const [makefile = ''] = fenced(page, 'make')
const [packingBlock = ''] = fenced(page, 'sh')
const variable = (name: string) => new RegExp(`^${name} =[ ]?(.*)$`, 'm').exec(makefile)?.[1]
const ASSIGNMENT = variable('ASSIGNMENT') ?? ''
const checks = loadRubricFile(defaultRubricPath).assignments.get(ASSIGNMENT) ?? []

// The page's packing commands, run as written in a folder standing for the clone. Their `npm pack --ignore-scripts`
// goes to an npm stand-in that packs this checkout into that folder (the checkout itself is left as it is), with
// npm's own settings from the environment left out and no registry reachable
let scratch: string
let clone: string
let tarball: string
let packing: { code: number; output: string }
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'sockgrade-autolab-'))
  clone = join(scratch, 'clone')
  const bin = join(scratch, 'bin')
  mkdirSync(clone)
  mkdirSync(bin)
  const path = process.env.PATH ?? ''
  writeFileSync(
    join(bin, 'npm'),
    `#!/bin/sh\n[ "$*" = "pack --ignore-scripts" ] || { echo "not the page's npm pack: npm $*" >&2; exit 99; }\n` +
      `here=$PWD\ncd ${shellWord(packageRoot)} && PATH=${shellWord(path)} exec npm pack --ignore-scripts --pack-destination "$here"\n`,
    { mode: 0o755 },
  )
  const env = { ...npmEnvironment(), PATH: `${bin}${delimiter}${path}`, npm_config_cache: join(scratch, 'npm-cache'), npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9/', npm_config_update_notifier: 'false' }
  packing = await command('sh', ['-e', '-c', packingBlock], clone, 55_000, env)
  tarball = join(clone, 'autograde', `sockgrade-${sockgradeVersion()}.tgz`)
}, 60_000)
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

// One command, standard output and standard error in one stream as Tango records them; bounded
function command(file: string, args: readonly string[], cwd: string, timeoutMs = 50_000, env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: undefined, GITHUB_ACTIONS: undefined }): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env }, (error) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output }),
    )
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  })
}

interface Job {
  readonly autograde?: Record<string, string>
  readonly handin: (dir: string) => void | Promise<void>
  readonly makefile?: string
}

// A job folder as Autolab lays it out, then `make` in it
async function runJob(name: string, job: Job): Promise<{ code: number; output: string; lastLine: string }> {
  const dir = join(scratch, name)
  const autograde = join(scratch, `${name}-autograde`)
  mkdirSync(dir)
  if (job.autograde === undefined) copyFileSync(join(clone, 'autograde.tar'), join(dir, 'autograde.tar'))
  else {
    // The page's folder with the course's files beside the tarball, then tar cf ../autograde.tar * as it packs it
    mkdirSync(autograde)
    copyFileSync(tarball, join(autograde, tarball.split('/').at(-1) as string))
    for (const [file, text] of Object.entries(job.autograde)) writeFileSync(join(autograde, file), text)
    expect((await command('tar', ['cf', join(dir, 'autograde.tar'), ...readdirSync(autograde)], autograde)).code).toBe(0)
  }
  await job.handin(dir)
  writeFileSync(join(dir, 'Makefile'), job.makefile ?? makefile)
  const result = await command('make', [], dir, 45_000)
  const lines = result.output.trimEnd().split('\n')
  return { ...result, lastLine: lines.at(-1) ?? '' }
}

// handin.tar of the given files of a reference folder, as `tar cf handin.tar UDPServer.py UDPClient.py` makes it
function tarOf(from: string, files: readonly string[]) {
  return async (dir: string) => {
    const work = join(dir, '..', `${dir.split('/').at(-1)}-handin`)
    mkdirSync(work)
    for (const file of files) copyFileSync(join(from, file), join(work, file))
    expect((await command('tar', ['cf', join(dir, 'handin.tar'), ...files], work)).code).toBe(0)
  }
}

const PROGRAMS = ['UDPServer.py', 'UDPClient.py']
const pointsOf = (ids: readonly string[]) => checks.filter((c) => ids.includes(c.id)).reduce((sum, c) => sum + c.points, 0)
const loses = (dir: string) => (parse(readFileSync(join(dir, 'expect.yaml'), 'utf8')) as { loses: string[] }).loses

describe('docs/autolab.md', () => {
  test('starts with what a course uploads, packed from a clone of the version this checkout is', () => {
    expect(page.split('\n')[0]).toBe(`# Autolab: upload this \`autograde-Makefile\` and an \`autograde.tar\` holding \`sockgrade-${sockgradeVersion()}.tgz\` from \`npm pack\``)
    expect(packingBlock).toMatch(/^npm pack --ignore-scripts /)
    expect(packingBlock).toContain('tar cf ../autograde.tar *')
  })

  test('its packing commands, run as written, make an autograde.tar holding the sockgrade tarball alone', async () => {
    expect(packing.code, packing.output).toBe(0)
    const listed = await command('tar', ['tf', join(clone, 'autograde.tar')], clone)
    expect(listed.output.trim().split('\n')).toEqual([`sockgrade-${sockgradeVersion()}.tgz`])
  })

  test('no command on the page fetches from the npm registry; the registry form is only for once sockgrade is published', () => {
    for (const language of ['sh', 'make', '']) for (const block of fenced(page, language)) expect(block).not.toMatch(/sockgrade@/)
    const registry = page.split(/\n\s*\n/).filter((paragraph) => /sockgrade@/.test(paragraph))
    expect(registry.length).toBeGreaterThan(0)
    for (const paragraph of registry) expect(paragraph).toMatch(/once sockgrade is published/i)
  })

  test('the Makefile grades a bundled assignment with the autolab reporter, never failing make on lost points', () => {
    expect(bundledAssignments().has(ASSIGNMENT)).toBe(true)
    expect(makefile).toMatch(/^\t@\$\(SOCKGRADE\) grade submission .*--reporter autolab 2>&1 \|\| true$/m)
    expect(variable('RUBRIC')).toBe('')
    expect(variable('ISOLATION')).toBe('auto')
  })

  test('the problem to create is named after the assignment; the table gives each its maximum, deadline and a timeout 25 s past it', () => {
    expect(page).toContain(`one problem, named exactly as the assignment id (\`${ASSIGNMENT}\`), with the rubric's maximum`)
    const rubric = loadRubricFile(defaultRubricPath)
    const rows = [...page.matchAll(/^ {3}\| `([a-z-]+)` \| (\d+) \| (\d+) s \| (\d+) s/gm)].map((m) => ({ id: m[1] ?? '', max: Number(m[2]), deadline: Number(m[3]), timeout: Number(m[4]) }))
    expect(rows.map((r) => r.id).sort()).toEqual([...bundledAssignments().keys()].sort())
    for (const { id, max, deadline, timeout } of rows) {
      const assignment = bundledAssignments().get(id)
      if (!assignment) throw new Error(id)
      const checks = rubric.assignments.get(id) ?? []
      expect(max, id).toBe(maxScoreOf(checks))
      // Rounded up: a timeout set from the table is never below the deadline
      expect(deadline, id).toBe(Math.ceil(gradingDeadline({ assignment, checks, timing: scaledTiming(1), build: false }).totalMs / 1000))
      expect(timeout - deadline, id).toBeGreaterThanOrEqual(25)
    }
  })

  test('links only files that exist', () => {
    const links = [...page.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1] ?? '').filter((link) => !/^https?:/.test(link))
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) expect(existsSync(join(packageRoot, 'docs', link)), link).toBe(true)
  })
})

const maxScore = maxScoreOf(checks)
const JOB_TIMEOUT_MS = 59_000

describe('the recipe run as Autolab runs it', () => {
  test('the textbook pair: the report, then the full score as the last line', async () => {
    const { code, output, lastLine } = await runJob('textbook', { handin: tarOf(join(referenceDir, ASSIGNMENT), PROGRAMS) })
    expect(code, output).toBe(0)
    expect(JSON.parse(lastLine)).toEqual({ scores: { [ASSIGNMENT]: maxScore } })
    expect(output).toMatch(/^Isolation: (sandbox|host) /m)
    expect(output.indexOf('Server listens on the port it is given')).toBeGreaterThan(-1)
  }, JOB_TIMEOUT_MS)

  test('a server that lowercases: make still succeeds, and the last line has the points it earned', async () => {
    const broken = join(referenceDir, ASSIGNMENT, 'broken', 'server-lowercases')
    const { code, output, lastLine } = await runJob('lowercases', { handin: tarOf(broken, PROGRAMS) })
    expect(code, output).toBe(0)
    expect(JSON.parse(lastLine)).toEqual({ scores: { [ASSIGNMENT]: maxScore - pointsOf(loses(broken)) } })
    expect(maxScore - pointsOf(loses(broken))).toBeLessThan(maxScore)
  }, JOB_TIMEOUT_MS)

  test('a handin that is not a tar: the student is told, and the last line gives 0', async () => {
    const { output, lastLine } = await runJob('not-a-tar', { handin: (dir) => copyFileSync(join(referenceDir, ASSIGNMENT, 'UDPServer.py'), join(dir, 'handin.tar')) })
    expect(output).toContain('Cannot unpack handin.tar: hand in a tar of your programs')
    expect(JSON.parse(lastLine)).toEqual({ scores: { [ASSIGNMENT]: 0 } })
  }, JOB_TIMEOUT_MS)

  test('RUBRIC = rubric.yaml: the course\'s rubric from autograde.tar sets the points', async () => {
    // The course doubles every point: the textbook pair then earns twice the bundled maximum
    const doubled = readFileSync(defaultRubricPath, 'utf8').replace(/^(\s+points: )(\d+)$/gm, (_, head: string, n: string) => `${head}${Number(n) * 2}`)
    const edited = makefile.replace(/^RUBRIC =$/m, 'RUBRIC = rubric.yaml')
    expect(edited).not.toBe(makefile)
    const { code, output, lastLine } = await runJob('own-rubric', { autograde: { 'rubric.yaml': doubled }, handin: tarOf(join(referenceDir, ASSIGNMENT), PROGRAMS), makefile: edited })
    expect(code, output).toBe(0)
    expect(JSON.parse(lastLine)).toEqual({ scores: { [ASSIGNMENT]: 2 * maxScore } })
  }, JOB_TIMEOUT_MS)
})
