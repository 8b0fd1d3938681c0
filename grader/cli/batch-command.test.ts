import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import { findAssignment } from '../assignments/load.js'
import { buildClass, type FixtureStudent } from '../batch/class-fixture.js'
import { pidsWithToken } from '../chaos/survivors.js'
import { main } from '../cli.js'
import { packageRoot } from '../paths.js'
import { markedProcessesNow } from '../process/marked-processes.js'
import type { Assignment } from '../assignments/assignment.js'

const assignment = findAssignment('uppercase-udp') as Assignment
const bin = join(packageRoot, 'dist', 'grader', 'bin.js')

async function run(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} })
  return { code, stdout, stderr }
}

// A Canvas export: full marks, a server fault, a zip, nothing but notes, and a late resubmission
function canvasClass(): string {
  const root = join(mkdtempSync(join(tmpdir(), 'batch-cli-')), 'export')
  const students: FixtureStudent[] = [
    { id: '2001', name: 'Ada Byron', work: 'solution' },
    { id: '2002', name: 'Ben Ng', work: { broken: 'server-lowercases' } },
    { id: '2003', name: 'Cy Ortiz', work: { broken: 'client-prints-own-uppercase' }, archive: 'zip' },
    { id: '2004', name: 'Di Park', work: 'empty' },
    { id: '2005', name: 'Ed Quinn', work: 'solution', late: true, resubmissions: 1 },
  ]
  buildClass('canvas', assignment, students, root)
  return root
}

// Durations are measurements, not results: the one thing two gradings of the same class may differ in
function withoutDurations(json: string): unknown {
  return JSON.parse(json, (key, value) => (key === 'durationMs' ? undefined : value))
}
const htmlWithoutDurations = (html: string) => html.replace(/(<dt>Seed, time<\/dt><dd>\d+, )[\d.,]+ s/g, '$1_ s')
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8')
const idsInLog = (out: string) =>
  read(out, 'results.jsonl')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { student: { id: string } }).student.id)

// A folder per student, each the reference or a broken variant
function dirsClass(students: Record<string, string | undefined>): string {
  const root = join(mkdtempSync(join(tmpdir(), 'batch-dirs-')), 'class')
  buildClass('dirs', assignment, Object.entries(students).map(([id, broken]) => ({ id, name: id, work: broken ? { broken } : 'solution' })), root)
  return root
}

describe('sockgrade batch refuses what would lose or mix results, before it writes anything', () => {
  test('--out inside the class folder, a missing class folder, --out that is a file, a damaged batch.json', async () => {
    const root = dirsClass({ ada: undefined })
    const inside = await run(['batch', root, '-a', 'uppercase-udp', '--out', join(root, 'results')])
    expect([inside.code, inside.stderr]).toEqual([2, expect.stringContaining('must not hold one another: a batch would grade its own results next time')])
    expect(existsSync(join(root, 'results'))).toBe(false)
    const base = mkdtempSync(join(tmpdir(), 'batch-refusals-'))
    const missing = await run(['batch', join(base, 'no-class'), '-a', 'uppercase-udp', '--out', join(base, 'out')])
    expect(missing.code).toBe(2)
    expect(existsSync(join(base, 'out'))).toBe(false)
    writeFileSync(join(base, 'a-file'), 'x')
    const file = await run(['batch', root, '-a', 'uppercase-udp', '--out', join(base, 'a-file')])
    expect([file.code, file.stderr]).toEqual([2, expect.stringContaining(`--out "${join(base, 'a-file')}" is a file: give a folder for the results`)])
    mkdirSync(join(base, 'damaged'))
    writeFileSync(join(base, 'damaged', 'batch.json'), '{"version": 1, "stud')
    const damaged = await run(['batch', root, '-a', 'uppercase-udp', '--out', join(base, 'damaged'), '--resume'])
    expect([damaged.code, damaged.stderr]).toEqual([2, expect.stringContaining(`Cannot read "${join(base, 'damaged', 'batch.json')}": `)])
    expect(damaged.stderr).not.toMatch(/^\s+at /m)
  })

  test('on the host one student at a time unless asked, and more than one comes with a warning', async () => {
    const root = dirsClass({ ada: undefined })
    const base = mkdtempSync(join(tmpdir(), 'batch-host-'))
    const one = await run(['batch', root, '-a', 'uppercase-udp', '--out', join(base, 'one'), '--isolation', 'host', '--seed', '2'])
    expect([one.code, one.stderr]).toEqual([0, expect.stringContaining('1 to grade with 1 job (seed 2)')])
    const two = await run(['batch', root, '-a', 'uppercase-udp', '--out', join(base, 'two'), '--isolation', 'host', '--seed', '2', '--jobs', '2'])
    expect(two.stderr).toContain('Warning: 2 jobs on the host: a program that ignores the port it is given can collide')
  }, 60_000)

  test('merge refuses shards graded from different class folders, even when each shard is complete', async () => {
    const first = dirsClass({ ada: undefined, bob: 'server-lowercases', cy: undefined })
    const grown = join(mkdtempSync(join(tmpdir(), 'batch-grown-')), 'class')
    cpSync(first, grown, { recursive: true })
    cpSync(join(first, 'ada'), join(grown, 'newkid'), { recursive: true })
    const base = mkdtempSync(join(tmpdir(), 'batch-shards-'))
    const common = ['-a', 'uppercase-udp', '--seed', '4', '--isolation', 'host']
    expect((await run(['batch', first, ...common, '--shard', '1/2', '--out', join(base, 's1')])).code).toBe(0)
    expect((await run(['batch', grown, ...common, '--shard', '2/2', '--out', join(base, 's2')])).code).toBe(0)
    const merged = await run(['merge', join(base, 's1'), join(base, 's2'), '--out', join(base, 'merged')])
    expect(merged.code).toBe(2)
    expect(merged.stderr).toContain('Shards disagree on the number of students in the class folder: 3 in')
  }, 120_000)
})

describe('sockgrade batch', () => {
  test('grades a Canvas export, writes every output, refuses a second batch into the same folder, and a resume of a finished batch grades no one', async () => {
    const root = canvasClass()
    const out = join(mkdtempSync(join(tmpdir(), 'batch-out-')), 'results')
    const first = await run(['batch', root, '-a', 'uppercase-udp', '--out', out, '--seed', '11', '--jobs', '3', '--csv-format', 'canvas'])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toContain('Layout: canvas (auto: ')
    expect(first.stderr).toMatch(/2004 .*\[empty\]/)
    expect(first.stdout).toContain('Class summary · uppercase-udp (5 students, seed 11)')
    // The progress line counts students in the class summary's words (a zero score is "zero", not "partial")
    expect(first.stderr).toMatch(/Graded 5 of 5: 2 full marks, 2 partial, 0 zero, 1 not gradable, 0 running/)
    expect(first.stdout).toContain(`Open ${join(out, 'report.html')} in a browser`)
    expect(readdirSync(out).sort()).toEqual(['batch.json', 'grades-canvas.csv', 'grades.csv', 'report.html', 'results.json', 'results.jsonl', 'staged'])
    expect(idsInLog(out).sort()).toEqual(['2001', '2002', '2003', '2004', '2005'])
    const results = JSON.parse(read(out, 'results.json')) as { entries: { student: { id: string }; report: { score: number } }[] }
    expect(results.entries.map((e) => [e.student.id, e.report.score])).toEqual([
      ['2001', 10],
      ['2002', 6],
      ['2003', 9],
      ['2004', 0],
      ['2005', 10],
    ])
    const again = await run(['batch', root, '-a', 'uppercase-udp', '--out', out, '--seed', '11'])
    expect(again.code).toBe(2)
    expect(again.stderr).toContain(`"${out}" already holds a finished batch (5 of 5 graded): choose another --out (--resume only writes its outputs again)`)
    const csv = read(out, 'grades.csv')
    const resumed = await run(['batch', root, '-a', 'uppercase-udp', '--out', out, '--resume'])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stderr).toContain('Resuming: 5 graded before, 0 to grade')
    expect(idsInLog(out)).toHaveLength(5)
    expect(read(out, 'grades.csv')).toBe(csv)
  }, 120_000)

  test('Ctrl-C (SIGINT) mid-run: exit 130, says how to go on, leaves nothing running, and --resume finishes', async () => {
    const root = canvasClass()
    const token = `batch-int-${randomUUID()}`
    const reexec = `import os, sys\nif sys.argv[-1] != '${token}':\n    os.execv(sys.executable, [sys.executable, __file__] + sys.argv[1:] + ['${token}'])\nsys.argv.pop()\n`
    writeFileSync(join(root, 'aardvarkal_1999_51999_UDPServer.py'), `${reexec}import time\nfrom socket import *\ns = socket(AF_INET, SOCK_DGRAM)\ns.bind(('', int(sys.argv[1]) if len(sys.argv) > 1 else 12000))\nwhile True:\n    time.sleep(60)\n`)
    writeFileSync(join(root, 'aardvarkal_1999_51999_UDPClient.py'), `${reexec}import time\nwhile True:\n    time.sleep(60)\n`)
    const out = join(mkdtempSync(join(tmpdir(), 'batch-int-')), 'out')
    const args = ['batch', root, '-a', 'uppercase-udp', '--seed', '5', '--out', out]
    let stderr = ''
    const batch = spawn(process.execPath, [bin, ...args, '--jobs', '2'], { stdio: ['ignore', 'ignore', 'pipe'] })
    batch.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => batch.on('exit', (code) => resolve(code)))
    const until = Date.now() + 60_000
    while (Date.now() < until && !(existsSync(join(out, 'results.jsonl')) && idsInLog(out).length >= 1 && pidsWithToken(token).length > 0)) await delay(50)
    batch.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(stderr).toContain(`Stopped. What was graded is in ${join(out, 'results.jsonl')}: run the same command with --resume to grade the rest`)
    const gone = Date.now() + 3000
    while (Date.now() < gone && pidsWithToken(token).length) await delay(100)
    expect(pidsWithToken(token)).toEqual([])
    const resumed = await run([...args, '--resume'])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect([...idsInLog(out)].sort()).toEqual(['1999', '2001', '2002', '2003', '2004', '2005'])
  }, 120_000)

  test('killed with SIGKILL mid-run: nothing is left running, and --resume grades exactly the missing students, to the outputs of an uninterrupted run', async () => {
    const root = canvasClass()
    // The first student hangs until every check's deadline, with a token in its command lines to find its processes by
    const token = `batch-kill-${randomUUID()}`
    const reexec = `import os, sys\nif sys.argv[-1] != '${token}':\n    os.execv(sys.executable, [sys.executable, __file__] + sys.argv[1:] + ['${token}'])\nsys.argv.pop()\n`
    writeFileSync(join(root, 'aardvarkal_1999_51999_UDPServer.py'), `${reexec}import time\nfrom socket import *\ns = socket(AF_INET, SOCK_DGRAM)\ns.bind(('', int(sys.argv[1]) if len(sys.argv) > 1 else 12000))\nwhile True:\n    time.sleep(60)\n`)
    writeFileSync(join(root, 'aardvarkal_1999_51999_UDPClient.py'), `${reexec}import time\nwhile True:\n    time.sleep(60)\n`)
    const base = mkdtempSync(join(tmpdir(), 'batch-kill-'))
    const killed = join(base, 'killed')
    const args = ['batch', root, '-a', 'uppercase-udp', '--seed', '5']
    const environmentToken = randomUUID()
    const batch = spawn(process.execPath, [bin, ...args, '--out', killed, '--jobs', '2'], { env: { ...process.env, SOCKGRADE_TEST_BATCH: environmentToken }, stdio: 'ignore' })
    // Kill once some students are recorded while the hanging one is still in flight
    const until = Date.now() + 60_000
    while (Date.now() < until && !(existsSync(join(killed, 'results.jsonl')) && idsInLog(killed).length >= 3 && pidsWithToken(token).length > 0)) await delay(50)
    const before = idsInLog(killed)
    expect(before.length).toBeGreaterThanOrEqual(3)
    expect(before).not.toContain('1999')
    batch.kill('SIGKILL')
    // The workers (they carry the batch's environment) and the student programs are gone at once, long before the
    // hanging student's grading (about 10 s) would have ended by itself
    const gone = Date.now() + 3000
    while (Date.now() < gone && (markedProcessesNow(environmentToken, 'SOCKGRADE_TEST_BATCH').length || pidsWithToken(token).length)) await delay(100)
    expect(markedProcessesNow(environmentToken, 'SOCKGRADE_TEST_BATCH')).toEqual([])
    expect(pidsWithToken(token)).toEqual([])

    const resumed = await run([...args, '--out', killed, '--resume', '--jobs', '3'])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stderr).toContain(`Resuming: ${before.length} graded before, ${6 - before.length} to grade`)
    const ids = idsInLog(killed)
    expect(ids.slice(0, before.length)).toEqual(before)
    expect([...ids].sort()).toEqual(['1999', '2001', '2002', '2003', '2004', '2005'])

    const whole = join(base, 'whole')
    const uninterrupted = await run([...args, '--out', whole, '--jobs', '1'])
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0)
    expect(read(killed, 'grades.csv')).toBe(read(whole, 'grades.csv'))
    expect(withoutDurations(read(killed, 'results.json'))).toEqual(withoutDurations(read(whole, 'results.json')))
    expect(htmlWithoutDurations(read(killed, 'report.html'))).toBe(htmlWithoutDurations(read(whole, 'report.html')))
    expect(read(killed, 'batch.json')).toBe(read(whole, 'batch.json'))
  }, 180_000)
})
