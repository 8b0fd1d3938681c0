import { existsSync } from 'node:fs'

/**
 * What the machine gives host mode to watch and stop student programs. Every platform branch of the grader asks
 * here, so the real platform and its imitation (SOCKGRADE_HOST_PLATFORM) run the same code
 */
export interface HostPlatform {
  /** The platform host mode behaves as: the real one, or the imitated one */
  readonly name: NodeJS.Platform
  /** True when SOCKGRADE_HOST_PLATFORM makes Linux behave as another platform */
  readonly imitated: boolean
  /** /proc: readiness from socket tables, process trees, marked-process and uid scans */
  readonly hasProc: boolean
  /** kill(-pid) reaches a program's process group; without groups only its first process is killed */
  readonly hasProcessGroups: boolean
  /** SIGTERM is a request a program may handle; on Windows every kill ends the process at once (TerminateProcess) */
  readonly hasGracefulStop: boolean
  /** A writable cgroup v2 may exist (cgroup.kill ends every process of a grading) */
  readonly hasCgroups: boolean
  /** Namespaces (the sandbox) and a seccomp filter for student programs */
  readonly hasNamespaces: boolean
  /** util-linux setpriv: host mode as root runs student programs as a uid of their own */
  readonly hasSetpriv: boolean
  /** An unknown SOCKGRADE_HOST_PLATFORM value, ignored here: detect.ts refuses it */
  readonly unknownImitation?: string
}

/** For tests: on Linux, host mode behaves as on macOS (`darwin`) or Windows (`win32`) as far as Linux can imitate */
export const HOST_PLATFORM_VARIABLE = 'SOCKGRADE_HOST_PLATFORM'

const IMITABLE = ['darwin', 'win32'] as const

let cached: HostPlatform | undefined

// Read once per process: a platform does not change while programs run (never throws, it is read at import time)
export function hostPlatform(): HostPlatform {
  cached ??= describe(process.platform, process.env[HOST_PLATFORM_VARIABLE]?.trim() ?? '')
  return cached
}

function describe(real: NodeJS.Platform, wanted: string): HostPlatform {
  const imitation = real === 'linux' ? IMITABLE.find((name) => name === wanted) : undefined
  const name = imitation ?? real
  const linux = name === 'linux'
  return {
    name,
    imitated: imitation !== undefined,
    // Under an imitation /proc is not even looked at
    hasProc: linux && existsSync('/proc/self/net/udp'),
    hasProcessGroups: name !== 'win32',
    hasGracefulStop: name !== 'win32',
    hasCgroups: linux,
    hasNamespaces: linux,
    hasSetpriv: linux,
    ...(wanted && !imitation && wanted !== real ? { unknownImitation: wanted } : {}),
  }
}
