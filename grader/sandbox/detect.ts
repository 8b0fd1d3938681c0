import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { UsageError } from '../errors.js'
import { bwrapArgv } from './bwrap-argv.js'

export type IsolationRequest = 'auto' | 'sandbox' | 'host'

/** The isolation a grading gets, and why, in a sentence for stderr */
export interface IsolationChoice {
  readonly mode: 'sandbox' | 'host'
  readonly reason: string
}

const INSTALL_HINT = 'install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)'

let probed: Promise<IsolationChoice> | undefined

// What `auto` picks here: the sandbox when bubblewrap can create its namespaces on this machine, else the host
export function detectIsolation(): Promise<IsolationChoice> {
  probed ??= probeSandbox()
  return probed
}

async function probeSandbox(): Promise<IsolationChoice> {
  if (process.platform !== 'linux') return { mode: 'host', reason: `namespaces exist on Linux only, this is ${process.platform}` }
  if (!onPath('bwrap')) return { mode: 'host', reason: `bubblewrap (bwrap) is not installed: ${INSTALL_HINT}` }
  const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-probe-'))
  try {
    writeFileSync(join(scratch, 'hosts'), '127.0.0.1 localhost\n')
    const argv = bwrapArgv({ submissionDir: scratch, packageRoot: scratch, hostsFile: join(scratch, 'hosts'), readOnlyPaths: [], tmpBytes: 1024 * 1024, asRoot: process.getuid?.() === 0 }, ['true'])
    const failure = await run(argv)
    if (failure === undefined) return { mode: 'sandbox', reason: 'bubblewrap can create network and pid namespaces here' }
    return { mode: 'host', reason: `bubblewrap cannot create namespaces here (${failure}); ${namespaceHint(failure)}` }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

// The usual reasons namespaces are refused, and what to do about each
function namespaceHint(failure: string): string {
  if (/uid map|Permission denied|Operation not permitted/i.test(failure)) {
    return 'unprivileged user namespaces are restricted (Ubuntu 24.04: sysctl kernel.apparmor_restrict_unprivileged_userns=0, or run as root; Docker: run with --security-opt seccomp=unconfined or --privileged)'
  }
  return 'see the README section on isolation'
}

// undefined when the command succeeded, else its first stderr line
function run(argv: readonly string[]): Promise<string | undefined> {
  const [file, ...args] = argv
  return new Promise((resolve) => {
    execFile(file as string, args, { timeout: 10_000 }, (error, _stdout, stderr) => resolve(error ? String(stderr).trim().split('\n')[0] || error.message : undefined))
  })
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)))
}

// Resolve a request: `sandbox` where it cannot work is an error naming what is missing
export async function chooseIsolation(request: IsolationRequest): Promise<IsolationChoice> {
  if (request === 'host') return { mode: 'host', reason: 'asked for with --isolation host' }
  const detected = await detectIsolation()
  if (request === 'sandbox' && detected.mode !== 'sandbox') throw new UsageError(`Cannot grade in a sandbox: ${detected.reason}`)
  return detected
}
