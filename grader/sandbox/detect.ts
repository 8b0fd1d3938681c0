import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { UsageError } from '../errors.js'
import { HOST_PLATFORM_VARIABLE, hostPlatform } from '../process/host-platform.js'
import { bwrapArgv } from './bwrap-argv.js'
import { unshareArgv, which } from './unshare-argv.js'

export type IsolationRequest = 'auto' | 'sandbox' | 'host'

/** What builds the sandbox: bubblewrap, or util-linux unshare where bubblewrap is missing or refused */
export type SandboxBackend = 'bwrap' | 'unshare'

/** The isolation a grading gets, and why, in a sentence for stderr */
export interface IsolationChoice {
  readonly mode: 'sandbox' | 'host'
  /** Set when mode is `sandbox` */
  readonly backend?: SandboxBackend
  readonly reason: string
}

/** Forces one sandbox backend (tests, users who know better): `bwrap` or `unshare` */
export const BACKEND_VARIABLE = 'SOCKGRADE_SANDBOX_BACKEND'

const BWRAP_HINT = 'install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)'
const IP_HINT = 'Debian and Ubuntu: apt-get install iproute2; Fedora: dnf install iproute'

// One probe per backend choice (the variable may change between gradings in one process, as in tests)
const probed = new Map<string, Promise<IsolationChoice>>()

// What `auto` picks here: a sandbox built by bubblewrap when it can create its namespaces on this machine, else by
// util-linux unshare, else the host. SOCKGRADE_SANDBOX_BACKEND=bwrap|unshare tries that backend only
export function detectIsolation(): Promise<IsolationChoice> {
  const unknown = hostPlatform().unknownImitation
  if (unknown) throw new UsageError(`${HOST_PLATFORM_VARIABLE} must be "darwin" or "win32", on Linux only, not "${unknown}"`)
  const forced = forcedBackend()
  const key = forced ?? 'auto'
  let choice = probed.get(key)
  if (!choice) probed.set(key, (choice = probeSandbox(forced)))
  return choice
}

// The backend the environment variable asks for; a value that is neither is a usage error
function forcedBackend(): SandboxBackend | undefined {
  const value = process.env[BACKEND_VARIABLE]?.trim()
  if (!value) return undefined
  if (value === 'bwrap' || value === 'unshare') return value
  throw new UsageError(`${BACKEND_VARIABLE} must be "bwrap" or "unshare", not "${value}"`)
}

async function probeSandbox(forced: SandboxBackend | undefined): Promise<IsolationChoice> {
  const platform = hostPlatform()
  if (!platform.hasNamespaces) return { mode: 'host', reason: `namespaces exist on Linux only, this is ${platform.name}${platform.imitated ? ` (imitated with ${HOST_PLATFORM_VARIABLE})` : ''}` }
  if (forced) {
    const failure = await probeBackend(forced)
    if (failure === undefined) return { mode: 'sandbox', backend: forced, reason: `${forced}: chosen with ${BACKEND_VARIABLE}=${forced}; ${WORKS[forced]}` }
    return { mode: 'host', reason: `${BACKEND_VARIABLE}=${forced}, but ${failure}` }
  }
  const bwrapFailure = await probeBackend('bwrap')
  if (bwrapFailure === undefined) return { mode: 'sandbox', backend: 'bwrap', reason: `bwrap: ${WORKS.bwrap}` }
  const unshareFailure = await probeBackend('unshare')
  if (unshareFailure === undefined) return { mode: 'sandbox', backend: 'unshare', reason: `unshare: ${bwrapFailure}; ${WORKS.unshare}` }
  return { mode: 'host', reason: `${bwrapFailure}; and ${unshareFailure}` }
}

const WORKS: Record<SandboxBackend, string> = {
  bwrap: 'bubblewrap can create network and pid namespaces here',
  unshare: 'util-linux unshare can create network, pid and mount namespaces here',
}

// undefined when the backend can build a sandbox here, else why not (and what to do about it)
async function probeBackend(backend: SandboxBackend): Promise<string | undefined> {
  if (backend === 'bwrap' && !onPath('bwrap')) return `bubblewrap is missing: ${BWRAP_HINT}`
  // Student programs start through prlimit (limits) and setpriv (another uid)
  for (const command of ['prlimit', 'setpriv']) if (!onPath(command)) return `util-linux ${command} is missing (Debian and Ubuntu: apt-get install util-linux)`
  if (backend === 'unshare') {
    for (const command of ['unshare', 'setpriv', 'mount', 'pivot_root']) {
      if (which(command) === command) return `util-linux ${command} is missing (Debian and Ubuntu: apt-get install util-linux mount)`
    }
    if (which('ip') === 'ip') return `unshare cannot bring loopback up: the ip command is missing (${IP_HINT})`
  }
  let scratch: string
  try {
    scratch = mkdtempSync(join(tmpdir(), 'sockgrade-probe-'))
  } catch (error) {
    // An unwritable TMPDIR (another user's 0700 folder): say so, never a stack trace
    return `${backend} cannot be prepared here: the temporary folder "${tmpdir()}" is not writable (${error instanceof Error ? error.message : String(error)}); set TMPDIR to a folder of yours`
  }
  try {
    const hostsFile = join(scratch, 'hosts')
    const submissionDir = join(scratch, 'submission')
    writeFileSync(hostsFile, '127.0.0.1 localhost\n')
    mkdirSync(submissionDir)
    const common = { submissionDir, packageRoot: submissionDir, hostsFile, readOnlyPaths: [], tmpBytes: 1024 * 1024, asRoot: process.getuid?.() === 0 }
    const argv = backend === 'bwrap' ? bwrapArgv(common, ['true']) : unshareArgv({ ...common, workDir: scratch }, ['true'])
    const failure = await run(argv)
    if (failure === undefined) return undefined
    const name = backend === 'bwrap' ? 'bubblewrap' : 'unshare'
    return `${name} cannot create namespaces here (${failure}); ${namespaceHint(failure)}`
  } catch (error) {
    return `${backend} cannot be prepared here (${error instanceof Error ? error.message : String(error)})`
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

// The usual reasons namespaces are refused, and what to do about each
function namespaceHint(failure: string): string {
  if (/uid.map|Permission denied|Operation not permitted/i.test(failure)) {
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
