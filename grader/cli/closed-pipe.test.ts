import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { packageRoot } from '../paths.js'

const bin = join(packageRoot, 'dist/grader/bin.js')
const STACK_FRAME = /^\s+at /m

// The real binary with its stdout on a pipe whose reading end was closed before it started: its first
// write fails with EPIPE, every time (Python makes the pipe: Node cannot hand a child a bare pipe end)
function runIntoClosedPipe(args: string[]) {
  const script = 'import os, subprocess, sys\nr, w = os.pipe()\nos.close(r)\np = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)\nsys.stdout.write(f"{p.returncode}\\n{p.stderr.decode()}")'
  const out = spawnSync('python3', ['-c', script, process.execPath, bin, ...args], { encoding: 'utf8' })
  const [code, ...stderr] = out.stdout.split('\n')
  return { code: Number(code), stderr: stderr.join('\n') }
}

test.each([[['list', '--probes']], [['list']], [['--help']], [['grade', '--help']]])('sockgrade %j into a closed pipe ends quietly: no stack, exit 141 as for SIGPIPE', (args) => {
  const { code, stderr } = runIntoClosedPipe(args)
  expect(stderr).toBe('')
  expect(code).toBe(141)
})

test('sockgrade demo | head -2: two lines, then the demo stops quietly with exit 141', { timeout: 120_000 }, () => {
  const script = 'node "$0" demo 2>"$1" | head -2; echo "exit ${PIPESTATUS[0]}"; cat "$1"'
  const errFile = join(process.env.TMPDIR ?? '/tmp', `demo-head-${process.pid}.err`)
  const out = spawnSync('bash', ['-c', script, bin, errFile], { encoding: 'utf8', cwd: packageRoot })
  const [first, second, exit, ...stderr] = out.stdout.split('\n')
  expect(first).toMatch(/^Isolation: /)
  expect(second).toMatch(/^✓ /)
  expect(exit).toBe('exit 141')
  expect(stderr.join('\n')).not.toMatch(STACK_FRAME)
  expect(stderr.join('\n')).not.toContain('EPIPE')
})
