import { spawn, spawnSync, type StdioOptions } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { resolvePython } from '../../process/python.js'
import { seccompLoaderPath, studentSeccompFilter } from './filter.js'

const here = import.meta.dirname
const probe = join(here, 'fixtures', 'probe.py')
const linux = process.platform === 'linux'
const filter = studentSeccompFilter()
// probe.py knows the raw system call numbers of these two
const probeRuns = linux && filter !== undefined && ['x64', 'arm64'].includes(process.arch)
const canCompile = linux && spawnSync('/usr/bin/python3', ['-c', 'import seccomp']).status === 0
const bwrapRuns = linux && spawnSync('bwrap', ['--dev-bind', '/', '/', 'true']).status === 0
const python = linux ? (await resolvePython()).executable : 'python3'

const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-seccomp-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

// What the probe reports under the filter
const REFUSED: Record<string, string> = {
  'ptrace-attach-parent': 'EPERM',
  'pidfd-getfd': 'EPERM',
  'process-vm-readv': 'EPERM',
  'unshare-newuser': 'EPERM',
  'unshare-newnet': 'EPERM',
  'clone-newnet': 'EPERM',
  'mount-tmpfs': 'EPERM',
  keyctl: 'EPERM',
  bpf: 'EPERM',
  'io-uring-setup': 'EPERM',
  clone3: 'ENOSYS',
  'ioctl-tiocsti': 'EPERM',
  'ioctl-tiocsti-high-bits': 'EPERM',
  'personality-no-randomize': 'EPERM',
  ...(process.arch === 'x64' ? { 'x32-getpid': 'killed by SIGSYS' } : {}),
}
const ORDINARY = ['fork', 'subprocess-run', 'threading', 'multiprocessing-lock', 'udp-loopback', 'tcp-loopback', 'time', 'getppid', 'personality-query', 'personality-linux']

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

function run(argv: readonly string[], stdio: StdioOptions = ['ignore', 'pipe', 'pipe']): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk))
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

async function probeResults(argv: readonly string[], stdio?: StdioOptions): Promise<Record<string, string>> {
  const result = await run(argv, stdio)
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as Record<string, string>
}

function expectFiltered(results: Record<string, string>): void {
  expect(results).toMatchObject({ ...REFUSED, ...Object.fromEntries(ORDINARY.map((name) => [name, 'ok'])) })
  // int 0x80 from a 64-bit process: SIGSYS from the filter, or SIGSEGV where the kernel has no i386 entry
  if (process.arch === 'x64') expect(results['i386-getpid']).toMatch(/^killed by SIG(SYS|SEGV)$/)
}

describe.skipIf(!linux)('the student seccomp filter', () => {
  test.skipIf(!canCompile)("the shipped filters are compile_filter.py's output, byte for byte", (context) => {
    const out = mkdtempSync(join(scratch, 'compiled-'))
    const compiled = spawnSync('/usr/bin/python3', [join(here, 'compile_filter.py'), out], { encoding: 'utf8' })
    expect(compiled.status, compiled.stderr).toBe(0)
    const used = /libseccomp (\d+\.\d+\.\d+)/.exec(compiled.stdout)?.[1]
    const recorded = /libseccomp (\d+\.\d+\.\d+)/.exec(readFileSync(join(here, 'README.md'), 'utf8'))?.[1]
    // Another libseccomp may emit other (equally valid) instructions
    if (used !== recorded) context.skip(`The filters were compiled with libseccomp ${recorded}, this machine has ${used}`)
    const shipped = readdirSync(here).filter((name) => name.endsWith('.bpf')).sort()
    expect(readdirSync(out).sort()).toEqual(shipped)
    for (const name of shipped) expect(readFileSync(join(out, name)).equals(readFileSync(join(here, name))), name).toBe(true)
  })

  test.skipIf(!probeRuns || !bwrapRuns)('bwrap --seccomp refuses the probe what the filter lists, and nothing ordinary', async () => {
    const fd = openSync(filter!, 'r')
    try {
      expectFiltered(await probeResults(['bwrap', '--dev-bind', '/', '/', '--seccomp', '3', '--', python, probe], ['ignore', 'pipe', 'pipe', fd]))
    } finally {
      closeSync(fd)
    }
  })

  test.skipIf(!probeRuns)('load_filter.py refuses the probe the same', async () => {
    expectFiltered(await probeResults([python, '-I', '-S', seccompLoaderPath, filter!, '--', python, probe]))
  })

  // The refusals above are the filter's: without it, calls that need no privilege get through
  test.skipIf(!probeRuns)('without the filter the same probe is not refused', async () => {
    const results = await probeResults([python, probe])
    const passedUnfiltered = Object.keys(REFUSED).filter((name) => results[name] !== REFUSED[name])
    expect(passedUnfiltered).toEqual(expect.arrayContaining(['pidfd-getfd', 'process-vm-readv', 'personality-no-randomize']))
    expect(ORDINARY.map((name) => results[name])).toEqual(ORDINARY.map(() => 'ok'))
  })

  test.skipIf(!probeRuns)('load_filter.py fails loudly, with exit code 127, rather than run a program unfiltered', async () => {
    const garbage = join(scratch, 'garbage.bpf')
    writeFileSync(garbage, Buffer.alloc(16, 0xff))
    const odd = join(scratch, 'odd.bpf')
    writeFileSync(odd, Buffer.alloc(12))
    const cases = [
      [join(scratch, 'missing.bpf'), '--', 'true'],
      [odd, '--', 'true'],
      [garbage, '--', 'true'],
      [filter!, '--', join(scratch, 'no-such-program')],
      [filter!, 'true'],
    ]
    for (const args of cases) {
      const result = await run([python, '-I', '-S', seccompLoaderPath, ...args])
      expect({ code: result.code, stderr: result.stderr }, args.join(' ')).toMatchObject({ code: 127, stderr: expect.stringMatching(/^sockgrade: Cannot /) })
    }
    expect((await run([python, '-I', '-S', seccompLoaderPath, filter!, '--', 'echo', 'ran'])).stdout).toBe('ran\n')
  })
})
