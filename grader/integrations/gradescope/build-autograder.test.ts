// The autograder zip as Gradescope uses it: unpacked into a root laid out like /autograder, setup.sh run once
// (apt and Node.js skipped, sockgrade installed from the zip with no registry), run_autograder run per submission
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import { beforeAll, describe, expect, test } from 'vitest'
import { open as openZip, type Entry, type ZipFile } from 'yauzl'
import { main } from '../../cli.js'
import { defaultRubricPath, packageRoot, referenceDir } from '../../paths.js'
import { npmEnvironment } from '../package/pack.js'

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

interface GradescopeTest {
  name: string
  score: number
  max_score: number
  status: string
  visibility: string
  output: string
}
interface Results {
  score: number
  tests: GradescopeTest[]
}

const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(packageRoot, 'grader', 'reporters', 'schemas', 'gradescope-results.schema.json'), 'utf8')))
const FAILED_TEST = 'The autograder failed; contact course staff'

const base = mkdtempSync(join(tmpdir(), 'sockgrade-gradescope-test-'))
const zipPath = join(base, 'autograder.zip')
const root = join(base, 'autograder')
const npmCache = join(base, 'npm-cache')

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

// The environment Gradescope's scripts get here: every path under the temporary root, npm with no registry
// (offline, an empty cache, a registry on a closed loopback port)
function gradescopeEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...npmEnvironment(), AUTOGRADER_ROOT: root, npm_config_cache: npmCache, npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9/', ...extra }
}

async function cli(args: string[]): Promise<Run & { code: number }> {
  let stdout = ''
  let stderr = ''
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd: base })
  return { code, stdout, stderr }
}

// Every entry of the zip into `dir`, with its Unix mode, as Gradescope unpacks it into /autograder/source
async function unzip(zip: string, dir: string): Promise<Map<string, number>> {
  const modes = new Map<string, number>()
  const file = await new Promise<ZipFile>((resolve, reject) => openZip(zip, { lazyEntries: true }, (error, z) => (error ? reject(error) : resolve(z))))
  await new Promise<void>((resolve, reject) => {
    file.on('error', reject)
    file.on('end', resolve)
    file.on('entry', (entry: Entry) => {
      const target = join(dir, entry.fileName)
      const mode = (entry.externalFileAttributes >>> 16) & 0o777
      modes.set(entry.fileName, mode)
      mkdirSync(dirname(target), { recursive: true })
      file.openReadStream(entry, (error, stream) => {
        if (error) return reject(error)
        pipeline(stream, createWriteStream(target, { mode }))
          .then(() => file.readEntry())
          .catch(reject)
      })
    })
    file.readEntry()
  })
  return modes
}

// run_autograder as Gradescope runs it: copied to /autograder, run from there with bash
function runAutograder(extra: Record<string, string> = {}): Promise<Run> {
  return run('bash', [join(root, 'run_autograder')], root, gradescopeEnv(extra), 200_000)
}

// results.json as Gradescope must be able to read it: strictly valid UTF-8 (no replacement), JSON, the schema
function readResults(path = join(root, 'results', 'results.json')): Results {
  const results = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(path))) as Results
  expect(validate(results), JSON.stringify(validate.errors)).toBe(true)
  return results
}

function submission(name: string, files: Record<string, string>): string {
  const dir = join(base, name)
  mkdirSync(dir, { recursive: true })
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text)
  return dir
}

// A sockgrade install whose bin.js is the given program (to see what run_autograder does when sockgrade fails)
function fakeInstall(name: string, program: string): string {
  const prefix = join(base, name)
  const bin = join(prefix, 'node_modules', 'sockgrade', 'dist', 'grader', 'bin.js')
  mkdirSync(dirname(bin), { recursive: true })
  writeFileSync(bin, program)
  return prefix
}

// What a student program writes where Gradescope reads the score
const FAKE_RESULTS = JSON.stringify({ score: 100, tests: [{ name: 'fake', score: 100, max_score: 10, status: 'passed' }] })

// Bytes that are not UTF-8 (above U+10FFFF: glibc's iconv -c lets them through), NUL, quotes, backslashes
const NASTY = [0x41, 0xf4, 0x90, 0x80, 0x80, 0x42, 0xf8, 0x88, 0x80, 0x80, 0x80, 0x43, 0x00, 0x22, 0x71, 0x5c, 0x0a]

function expectFallback(path: string, reason: RegExp | string): Results {
  const report = readResults(path)
  expect(report.score).toBe(0)
  expect(report.tests.map((t) => t.name)).toEqual([FAILED_TEST, 'Autograder error details (course staff)'])
  expect(report.tests[0]?.output).toMatch(reason)
  return report
}

let built: Run
let modes: Map<string, number>
let setup: Run

beforeAll(async () => {
  built = await cli(['gradescope', 'build', '--assignment', 'uppercase-udp', '--out', zipPath, '--seed', '2026'])
  expect(built.code, built.stderr).toBe(0)
  modes = await unzip(zipPath, join(root, 'source'))
  mkdirSync(join(root, 'submission'))
  mkdirSync(join(root, 'results'))
  for (const file of ['UDPClient.py', 'UDPServer.py']) copyFileSync(join(referenceDir, 'uppercase-udp', file), join(root, 'submission', file))
  // Gradescope runs setup.sh from source/ as root, then copies run_autograder to /autograder
  setup = await run('bash', ['./setup.sh'], join(root, 'source'), gradescopeEnv({ SOCKGRADE_SETUP_SKIP_SYSTEM: '1' }), 120_000)
  copyFileSync(join(root, 'source', 'run_autograder'), join(root, 'run_autograder'))
  chmodSync(join(root, 'run_autograder'), 0o755)
}, 200_000)

describe('sockgrade gradescope build', () => {
  test('writes a zip with the two scripts at its root, the tarball and what it was built from', () => {
    expect(built.stdout).toContain('Wrote ')
    const tarball = [...modes.keys()].find((name) => /^sockgrade-.*\.tgz$/.test(name))
    expect(tarball).toBeDefined()
    expect([...modes.keys()].sort()).toEqual(['run_autograder', 'setup.sh', 'sockgrade-autograder.json', tarball].sort())
    expect(modes.get('setup.sh')).toBe(0o755)
    expect(modes.get('run_autograder')).toBe(0o755)
    const manifest = JSON.parse(readFileSync(join(root, 'source', 'sockgrade-autograder.json'), 'utf8')) as Record<string, unknown>
    const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
    expect(manifest).toEqual({
      assignment: 'uppercase-udp',
      sockgradeVersion: version,
      tarball,
      rubric: 'bundled',
      rubricSha256: createHash('sha256').update(readFileSync(defaultRubricPath)).digest('hex'),
      seed: 2026,
      timeoutScale: 1,
      timeLimitS: 540,
    })
  })

  test('setup.sh installs sockgrade from the zip with no registry', () => {
    expect(setup.code, `${setup.stdout}\n${setup.stderr}`).toBe(0)
    expect(setup.stderr).toMatch(/sockgrade \d+\.\d+\.\d+ installed in /)
    // As root: which user student programs will run as, checked with the installed sockgrade (here, where Python or
    // the package is not reachable by others, root; on Gradescope a uid of their own)
    if (process.getuid?.() === 0) expect(setup.stderr).toMatch(/student programs will run as a uid of their own|WARNING: student programs would run as root/)
  })

  test('a rubric of the course is checked at build time: file:line:col and exit 2', async () => {
    writeFileSync(join(base, 'bad-rubric.yaml'), 'version: 1\nassignments:\n  uppercase-udp:\n    checks:\n      - { id: x, probe: no-such-probe, points: 1 }\n')
    const bad = await cli(['gradescope', 'build', '-a', 'uppercase-udp', '--rubric', 'bad-rubric.yaml', '--out', join(base, 'bad.zip')])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^bad-rubric\.yaml:5:\d+: .*no-such-probe/m)
    const good = await cli(['gradescope', 'build', '-a', 'uppercase-udp', '--rubric', defaultRubricPath, '--out', join(base, 'course.zip')])
    expect(good.code, good.stderr).toBe(0)
    const dir = join(base, 'course-zip')
    const entries = await unzip(join(base, 'course.zip'), dir)
    expect(entries.has('rubric.yaml')).toBe(true)
    expect(readFileSync(join(dir, 'run_autograder'), 'utf8')).toContain('--rubric "$SOURCE/rubric.yaml"')
    // Stretched deadlines stretch run_autograder's own bound, and the build says to raise Gradescope's
    const slow = await cli(['gradescope', 'build', '-a', 'uppercase-udp', '--timeout-scale', '3', '--out', join(base, 'slow.zip')])
    expect(slow.stdout).toContain('raise the assignment\'s autograder timeout to at least 15 minutes')
    await unzip(join(base, 'slow.zip'), join(base, 'slow-zip'))
    expect(readFileSync(join(base, 'slow-zip', 'run_autograder'), 'utf8')).toContain('TIME_LIMIT="${SOCKGRADE_TIME_LIMIT:-840}"')
  }, 60_000)

  test('bad usage exits 2', async () => {
    expect((await cli(['gradescope'])).code).toBe(2)
    expect((await cli(['gradescope', 'build'])).stderr).toContain('Missing --assignment')
    expect((await cli(['gradescope', 'build', '-a', 'no-such-assignment'])).stderr).toContain('Unknown assignment "no-such-assignment"')
  })
})

describe('gradescope build --course', () => {
  const course = join(packageRoot, 'docs', 'example-course')

  // The course's own solution of an assignment, graded by run_autograder from an unpacked zip's source (host mode, as
  // on Gradescope), with the sockgrade setup.sh installed above
  async function gradeCourseReference(source: string, id: string, files: readonly string[]): Promise<Results> {
    const student = submission(`${id}-student`, {})
    for (const file of files) copyFileSync(join(course, 'reference', id, file), join(student, file))
    const results = join(base, `${id}-results`, 'results.json')
    mkdirSync(dirname(results))
    const graded = await run('bash', [join(source, 'run_autograder')], root, gradescopeEnv({ SOCKGRADE_SOURCE: source, SOCKGRADE_SUBMISSION: student, SOCKGRADE_RESULTS: results, SOCKGRADE_ISOLATION: 'host' }), 200_000)
    expect(graded.code, graded.stderr).toBe(0)
    return readResults(results)
  }

  test("a course assignment: its folder and its checks go into the zip, and run_autograder grades with them", async () => {
    const zip = join(base, 'course-autograder.zip')
    const made = await cli(['gradescope', 'build', '-a', 'shout-udp', '--course', course, '--out', zip, '--seed', '7'])
    expect(made.code, made.stderr).toBe(0)
    const source = join(base, 'course-source')
    const entries = [...(await unzip(zip, source)).keys()]
    expect(entries.filter((name) => name.startsWith('course/')).sort()).toEqual(['course/assignments/shout-udp/README.md', 'course/assignments/shout-udp/assignment.yaml', 'course/rubric.yaml'])
    // Only the graded assignment's checks: the rubric loads without the course's other assignments
    expect(Object.keys((parse(readFileSync(join(source, 'course', 'rubric.yaml'), 'utf8')) as { assignments: object }).assignments)).toEqual(['shout-udp'])
    expect(readFileSync(join(source, 'run_autograder'), 'utf8')).toContain('--course "$SOURCE/course"')
    const report = await gradeCourseReference(source, 'shout-udp', ['shout_server.py', 'shout_client.py'])
    expect(report.tests.map((t) => t.name)).toContain('Server answers a sentence in capitals')
    expect(report.tests.filter((t) => t.max_score > 0 && t.status !== 'passed')).toEqual([])
  }, 220_000)

  test('an assignment answered by a reference server: its reference goes into the zip (no broken variant), readable by root only after setup.sh, and run_autograder grades with it', async () => {
    // Into a folder that does not exist yet: the build makes it
    const zip = join(base, 'calc', 'zips', 'calc-autograder.zip')
    const made = await cli(['gradescope', 'build', '-a', 'calc-tcp', '--course', course, '--out', zip, '--seed', '7'])
    expect(made.code, made.stderr).toBe(0)
    expect(made.stdout).toContain('Its reference server is in the zip, readable by root only')
    const source = join(base, 'calc-source')
    const entries = [...(await unzip(zip, source)).keys()]
    expect(entries.filter((name) => name.startsWith('course/reference/')).sort()).toEqual(['course/reference/calc-tcp/calc_client.py', 'course/reference/calc-tcp/calc_server.py', 'course/reference/calc-tcp/expect.yaml'])
    // setup.sh's own lines for the reference, run on this zip's source (the rest of setup.sh ran once, above)
    const setup = readFileSync(join(source, 'setup.sh'), 'utf8')
    const lines = /^if \[ -d "\$SOURCE\/course\/reference" \]; then\n.*\nfi$/m.exec(setup)?.[0]
    expect(lines).toBeDefined()
    const hidden = await run('bash', ['-c', `say() { echo "$*" >&2; }\n${lines}`], base, { PATH: process.env.PATH, SOURCE: source }, 10_000)
    expect(hidden.code, hidden.stderr).toBe(0)
    for (const path of [join(source, 'course', 'reference'), join(source, 'course', 'reference', 'calc-tcp', 'calc_server.py')]) expect(statSync(path).mode & 0o077).toBe(0)
    const report = await gradeCourseReference(source, 'calc-tcp', ['calc_server.py', 'calc_client.py'])
    expect(report.tests.filter((t) => t.max_score > 0 && t.status !== 'passed')).toEqual([])
    expect(report.score).toBeGreaterThan(0)
  }, 220_000)

  test('--course with --rubric is a usage error', async () => {
    const both = await cli(['gradescope', 'build', '-a', 'shout-udp', '--course', course, '--rubric', defaultRubricPath, '--out', join(base, 'both.zip')])
    expect(both.stderr).toContain('Give --course or --rubric, not both')
  })
})

describe('run_autograder', () => {
  test('gives the textbook UDP pair full marks in a valid results.json', async () => {
    const graded = await runAutograder()
    expect(graded.code, graded.stderr).toBe(0)
    const results = readResults()
    const max = results.tests.reduce((sum, t) => sum + t.max_score, 0)
    expect(max).toBeGreaterThan(0)
    expect(results.score).toBeGreaterThanOrEqual(max)
    expect(results.tests.map((t) => t.name)).not.toContain(FAILED_TEST)
    expect(results.tests.filter((t) => t.max_score > 0 && t.status !== 'passed')).toEqual([])
  }, 220_000)

  test('a submission that exits at once gets a report, in host mode as on Gradescope', async () => {
    const dir = submission('broken', { 'UDPServer.py': 'import sys\nsys.exit(1)\n', 'UDPClient.py': 'raise SystemExit(3)\n' })
    const results = join(base, 'broken-results', 'results.json')
    const graded = await runAutograder({ SOCKGRADE_SUBMISSION: dir, SOCKGRADE_RESULTS: results, SOCKGRADE_ISOLATION: 'host' })
    expect(graded.code).toBe(0)
    expect(graded.stderr).toContain('Isolation: host')
    const report = readResults(results)
    expect(report.score).toBe(0)
    expect(report.tests.length).toBeGreaterThan(3)
    expect(report.tests.map((t) => t.name)).not.toContain(FAILED_TEST)
  }, 220_000)

  test('no sockgrade installed: a valid results.json with a visible failed test saying so', async () => {
    const results = join(base, 'missing-results', 'results.json')
    // One left from before (by anyone) is not kept
    mkdirSync(dirname(results))
    writeFileSync(results, FAKE_RESULTS)
    const graded = await runAutograder({ SOCKGRADE_PREFIX: join(base, 'nothing-installed'), SOCKGRADE_RESULTS: results })
    expect(graded.code).toBe(0)
    const report = readResults(results)
    expect(report.score).toBe(0)
    const failed = report.tests.find((t) => t.name === FAILED_TEST)
    expect(failed).toMatchObject({ visibility: 'visible', status: 'failed' })
    expect(failed?.output).toContain('sockgrade is not installed in the autograder image')
  })

  test('sockgrade failing with quotes, backslashes, control bytes and invalid UTF-8: the error text, JSON-escaped', async () => {
    const prefix = fakeInstall('crashing', `process.stderr.write('Cannot grade: "quoted" \\\\back\\\\slash\\ttab\\x01bell\\n')\nprocess.stderr.write(Buffer.from([0x6e, 0x6f, 0xff, 0xfe, 0x21, 0x0a, ${NASTY.join(', ')}]))\nprocess.exit(3)\n`)
    const results = join(base, 'crash-results', 'results.json')
    const graded = await runAutograder({ SOCKGRADE_PREFIX: prefix, SOCKGRADE_RESULTS: results })
    expect(graded.code).toBe(0)
    const report = readResults(results)
    const failed = report.tests.find((t) => t.name === FAILED_TEST)
    expect(failed?.visibility).toBe('visible')
    // Built by node: what is not UTF-8 is U+FFFD, one for each byte of a sequence above U+10FFFF
    expect(failed?.output).toBe('sockgrade exited with code 3 without writing results.json: Cannot grade: "quoted" \\back\\slash\ttabbell no\uFFFD\uFFFD! A\uFFFD\uFFFD\uFFFD\uFFFDB\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDC"q\\ ')
    const details = report.tests.find((t) => t.visibility === 'hidden')
    expect(details?.output).toBe('Cannot grade: "quoted" \\back\\slash\ttabbell\nno\uFFFD\uFFFD!\nA\uFFFD\uFFFD\uFFFD\uFFFDB\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDC"q\\')
  })

  test('a node that does not run: the shell writes the fallback, every byte that is not ASCII dropped', async () => {
    const bin = join(base, 'broken-node-bin')
    mkdirSync(bin)
    const octal = NASTY.map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('')
    writeFileSync(join(bin, 'node'), `#!/bin/sh\nprintf 'Cannot start ${octal}' >&2\nexit 3\n`, { mode: 0o755 })
    const results = join(base, 'broken-node-results', 'results.json')
    const graded = await runAutograder({ SOCKGRADE_NODE_DIR: join(base, 'broken-node'), PATH: `${bin}:${process.env.PATH ?? ''}`, SOCKGRADE_RESULTS: results })
    expect(graded.code).toBe(0)
    const report = expectFallback(results, 'sockgrade exited with code 3 without writing results.json: Cannot start ABC"q\\ ')
    expect(report.tests[1]?.output).toBe('Cannot start ABC"q\\')
  })

  test('no node on PATH at all: the shell fallback, from a PATH that is not UTF-8', async () => {
    // Every command of the system but node
    const bin = join(base, 'no-node-bin')
    mkdirSync(bin)
    for (const dir of ['/usr/local/bin', '/usr/bin', '/usr/local/sbin', '/usr/sbin']) {
      if (!existsSync(dir)) continue
      for (const name of readdirSync(dir)) if (name !== 'node' && !existsSync(join(bin, name))) symlinkSync(join(dir, name), join(bin, name))
    }
    const results = join(base, 'no-node-results', 'results.json')
    const octal = NASTY.filter((b) => b !== 0 && b !== 0x0a).map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('')
    const graded = await run('/bin/bash', ['-c', `PATH="$NO_NODE:/x$(printf '${octal}')" exec /bin/bash "$0"`, join(root, 'run_autograder')], root,
      gradescopeEnv({ NO_NODE: bin, SOCKGRADE_NODE_DIR: join(base, 'no-node'), SOCKGRADE_RESULTS: results }), 30_000)
    expect(graded.code, graded.stderr).toBe(0)
    const report = expectFallback(results, 'Node.js is not installed in the autograder image')
    expect(report.tests[1]?.output).toBe(`node was not found on PATH (${join(base, 'no-node', 'bin')}:${bin}:/xABC"q\\)`)
  })

  // A stand-in for sockgrade that writes a fake results.json where Gradescope reads it, as a student program could
  // (in host mode as root before programs ran under another uid), then ends in one of these ways
  const hostile = {
    'kills sockgrade': `process.kill(process.pid, 'SIGKILL')`,
    'exits 0 without a report': `process.exit(0)`,
    'exits 1 with a report that is not UTF-8': `fs.writeFileSync(report, Buffer.concat([Buffer.from('{"score": 1, "output": "'), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from('"}')])); process.exit(1)`,
    'exits 2 with a report that is not an object': `fs.writeFileSync(report, '[1]'); process.exit(2)`,
  }
  test.each(Object.entries(hostile))('a fake results.json and sockgrade %s: the fallback, not the fake', async (name, end) => {
    const prefix = fakeInstall(`hostile-${name.replace(/\W+/g, '-')}`, `const fs = require('fs')
const report = process.argv[process.argv.indexOf('--reporter') + 1].replace(/^gradescope=/, '')
fs.writeFileSync(process.env.SOCKGRADE_RESULTS, ${JSON.stringify(FAKE_RESULTS)})
${end}
`)
    const results = join(base, `hostile-${name.replace(/\W+/g, '-')}-results`, 'results.json')
    const graded = await runAutograder({ SOCKGRADE_PREFIX: prefix, SOCKGRADE_RESULTS: results })
    expect(graded.code).toBe(0)
    expectFallback(results, name === 'kills sockgrade' ? 'sockgrade was stopped by SIGKILL before it finished' : /^sockgrade exited with code \d without writing a valid results\.json/)
    // The folder is writable by its owner only, root as on Gradescope
    expect(statSync(dirname(results)).mode & 0o777).toBe(0o755)
  })

  test('a fake results.json, then sockgrade writes its report: the report, from the private folder', async () => {
    const prefix = fakeInstall('honest', `const fs = require('fs')
const report = process.argv[process.argv.indexOf('--reporter') + 1].replace(/^gradescope=/, '')
if (!report.startsWith(require('os').tmpdir()) || (fs.statSync(require('path').dirname(report)).mode & 0o777) !== 0o700) process.exit(9)
fs.writeFileSync(process.env.SOCKGRADE_RESULTS, ${JSON.stringify(FAKE_RESULTS)})
fs.writeFileSync(report, JSON.stringify({ score: 3, tests: [{ name: 'real', score: 3, max_score: 10, status: 'failed' }] }))
process.exit(1)
`)
    const results = join(base, 'honest-results', 'results.json')
    const graded = await runAutograder({ SOCKGRADE_PREFIX: prefix, SOCKGRADE_RESULTS: results })
    expect(graded.code).toBe(0)
    expect(readResults(results)).toEqual({ score: 3, tests: [{ name: 'real', score: 3, max_score: 10, status: 'failed' }] })
  })

  test('a submission that writes a fake results.json and kills sockgrade does not get the fake score', async () => {
    const results = join(base, 'cheat-results', 'results.json')
    const bin = join(root, 'sockgrade', 'node_modules', 'sockgrade', 'dist', 'grader', 'bin.js')
    // Whatever it can: write the fake, kill this run's sockgrade (and nothing else's)
    const cheat = `import os, signal
try:
    with open(${JSON.stringify(results)}, "w") as f:
        f.write(${JSON.stringify(FAKE_RESULTS)})
except OSError:
    pass
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        if ${JSON.stringify(bin)}.encode() in open("/proc/%s/cmdline" % pid, "rb").read():
            os.kill(int(pid), signal.SIGKILL)
    except OSError:
        pass
`
    const dir = submission('cheat', { 'UDPServer.py': cheat, 'UDPClient.py': cheat })
    const graded = await runAutograder({ SOCKGRADE_SUBMISSION: dir, SOCKGRADE_RESULTS: results, SOCKGRADE_ISOLATION: 'host' })
    expect(graded.code).toBe(0)
    // The fallback (sockgrade killed) or sockgrade's own report (the program could not kill it): never the fake
    const report = readResults(results)
    expect(report.score).toBe(0)
    expect(report.tests.map((t) => t.name)).not.toContain('fake')
  }, 60_000)

  test('sockgrade that never finishes is stopped at the time limit, and the results say so', async () => {
    const prefix = fakeInstall('hanging', 'setInterval(() => {}, 1000)\n')
    const results = join(base, 'hang-results', 'results.json')
    const started = Date.now()
    const graded = await runAutograder({ SOCKGRADE_PREFIX: prefix, SOCKGRADE_RESULTS: results, SOCKGRADE_TIME_LIMIT: '1' })
    expect(graded.code).toBe(0)
    expect(Date.now() - started).toBeLessThan(15_000)
    const failed = readResults(results).tests.find((t) => t.name === FAILED_TEST)
    expect(failed?.output).toContain('sockgrade did not finish within 1 s and was stopped')
  })
})
