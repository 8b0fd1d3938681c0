import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
import { packageRoot } from '../grader/paths.js'
import { measureCommands, type BenchCommand } from './command-cost.js'

const TARGET_EXTRA_STARTS = 1

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

// How many programs one run of the command starts (itself included): its successful execve calls, or undefined
// without strace
function programStarts(argv: readonly string[]): number | undefined {
  const log = join(mkdtempSync(join(tmpdir(), 'sockgrade-bench-strace-')), 'execve')
  try {
    execFileSync('strace', ['-f', '-qq', '-e', 'trace=execve', '-e', 'signal=none', '-o', log, ...argv], { stdio: 'ignore' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    // A grading that lost points exits 1: the count stands
  }
  try {
    return readFileSync(log, 'utf8').split('\n').filter((line) => /execve\(.*\) = 0$/.test(line)).length
  } finally {
    rmSync(join(log, '..'), { recursive: true, force: true })
  }
}

// A course whose one assignment is uppercase-udp with the textbook server as its reference: the same programs, the
// same checks, only the answers asked of a reference instead of computed
function referenceCourse(): string {
  const course = mkdtempSync(join(tmpdir(), 'sockgrade-bench-course-'))
  const id = 'uppercase-by-reference'
  mkdirSync(join(course, 'assignments', id), { recursive: true })
  const assignment = readFileSync(join(packageRoot, 'assignments', 'uppercase-udp', 'assignment.yaml'), 'utf8')
  writeFileSync(join(course, 'assignments', id, 'assignment.yaml'), assignment.replace(/^id: .*$/m, `id: ${id}`).replace(/^(answer|transform): .*$/m, 'answer:\n  reference: UDPServer.py\ncompare: trimmed'))
  cpSync(join(packageRoot, 'reference', 'uppercase-udp'), join(course, 'reference', id), { recursive: true, filter: (source) => !source.includes('broken') })
  const rubric = parseDocument(readFileSync(join(packageRoot, 'rubric.yaml'), 'utf8')).toJS() as { assignments: Record<string, unknown> }
  writeFileSync(join(course, 'rubric.yaml'), JSON.stringify({ version: 1, assignments: { [id]: rubric.assignments['uppercase-udp'] } }))
  return course
}

// What `answer: reference:` costs against a built-in answer: the textbook uppercase-udp programs graded both ways,
// on the host and (where one can be made) in the sandbox, whole commands interleaved; and the programs each starts
export function referenceOracleCost(python: string, rounds: number, sandbox: boolean): void {
  const course = referenceCourse()
  try {
    for (const isolation of sandbox ? (['host', 'sandbox'] as const) : (['host'] as const)) referenceCostIn(isolation, course, python, rounds)
  } finally {
    rmSync(course, { recursive: true, force: true })
  }
}

function referenceCostIn(isolation: 'host' | 'sandbox', course: string, python: string, rounds: number): void {
  const bin = join(packageRoot, 'dist', 'grader', 'bin.js')
  const submission = join(packageRoot, 'reference', 'uppercase-udp')
  const commands: BenchCommand[] = [
    { label: 'answer: uppercase', argv: [process.execPath, bin, 'grade', submission, '-a', 'uppercase-udp', '--seed', '1', '--isolation', isolation] },
    { label: 'answer: reference', argv: [process.execPath, bin, 'grade', submission, '-a', 'uppercase-by-reference', '--course', course, '--seed', '1', '--isolation', isolation] },
  ]
  measureCommands(commands, 1, python)
  const costs = measureCommands(commands, rounds, python)
  console.log(`\nreference oracle against a built-in one: the textbook uppercase-udp programs graded with each, ${isolation} mode, ${rounds} rounds interleaved\n`)
  console.log(`${'oracle'.padEnd(20)} ${'wall ms'.padStart(8)} ${'CPU ms'.padStart(8)}`)
  const wall = (label: string) => median(costs.get(label)!.wallMs)
  const cpu = (label: string) => costs.get(label)!.cpuMs / costs.get(label)!.wallMs.length
  for (const { label } of commands) {
    const failures = costs.get(label)!.failures
    console.log(`${label.padEnd(20)} ${wall(label).toFixed(0).padStart(8)} ${cpu(label).toFixed(0).padStart(8)}${failures ? `  (${failures} runs lost points)` : ''}`)
  }
  const [builtin, reference] = commands.map((c) => c.label) as [string, string]
  console.log(`\nreference/built-in (${isolation}): wall ${(wall(reference) / wall(builtin)).toFixed(2)}, CPU ${(cpu(reference) / cpu(builtin)).toFixed(2)}`)
  const starts = commands.map((command) => programStarts(command.argv))
  if (starts.some((n) => n === undefined)) return console.log('program starts: not counted (strace is not installed)')
  const [builtinStarts, referenceStarts] = starts as [number, number]
  const extra = referenceStarts - builtinStarts
  console.log(`programs started per grading (execve, counted by strace; the reference is forked from its relay): ${builtinStarts} built-in, ${referenceStarts} reference: ${extra} more; target at most ${TARGET_EXTRA_STARTS} more: ${extra <= TARGET_EXTRA_STARTS ? 'MET' : 'NOT MET'}`)
}
