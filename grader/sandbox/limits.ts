/** Resource limits for every student process, enforced with setrlimit through util-linux prlimit */
export interface Limits {
  readonly processes: number
  readonly memoryBytes: number
  readonly fileSizeBytes: number
  readonly cpuSeconds: number
  readonly openFiles: number
}

// Generous for a socket exercise (Python needs ~30 MB and 1 thread, a JVM more memory and ~25 threads: hence
// address space only for Python, and room for a JVM's threads, which count as processes),
// small enough that a fork bomb, a memory hog or a file flood stops at once
export const DEFAULT_LIMITS: Limits = {
  processes: 128,
  memoryBytes: 1024 * 1024 * 1024,
  fileSizeBytes: 16 * 1024 * 1024,
  cpuSeconds: 10,
  openFiles: 256,
}

// argv prefix that applies the limits to the command after it; plain byte counts, since prlimit reads "1G" as 1 byte
export function prlimitArgv(limits: Limits, options: { limitAddressSpace: boolean }): string[] {
  return [
    'prlimit',
    `--nproc=${limits.processes}`,
    // Python: address space. Others (a JVM reserves gigabytes it never touches, which address space counts):
    // the data segment, at twice the size, which still stops a memory hog
    ...(options.limitAddressSpace ? [`--as=${limits.memoryBytes}`] : [`--data=${2 * limits.memoryBytes}`]),
    `--fsize=${limits.fileSizeBytes}`,
    // Soft below hard: at the soft limit the kernel sends SIGXCPU, which the report names; had they been equal, it
    // would send SIGKILL at once. A program that ignores SIGXCPU is killed one CPU second later
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
    `--nofile=${limits.openFiles}`,
    '--core=0',
    '--',
  ]
}

// argv prefix that runs the command as another user, without any capability or group (used when the sandbox runs as root,
// for whom the kernel does not enforce the process limit)
export function dropPrivilegesArgv(uid: number): string[] {
  return ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--']
}

// Which limit a program most likely hit, from how it ended, in words for the report
export function limitHit(exit: { signal: string | null; exitCode: number | null }, stderr: string, limits: Limits): string | undefined {
  if (exit.signal === 'SIGXCPU') return `it used more than ${limits.cpuSeconds} s of CPU time`
  if (exit.signal === 'SIGXFSZ' || /File too large/.test(stderr)) return `it wrote a file larger than ${limits.fileSizeBytes / 1024 / 1024} MiB`
  if (/MemoryError|Cannot allocate memory|std::bad_alloc|OutOfMemoryError/.test(stderr)) return `it used more than ${limits.memoryBytes / 1024 / 1024} MiB of memory`
  if (/Resource temporarily unavailable|BlockingIOError: \[Errno 11\]/.test(stderr) && /fork|spawn|Popen|thread/i.test(stderr)) return `it started more than ${limits.processes} processes`
  if (/Too many open files/.test(stderr)) return `it opened more than ${limits.openFiles} files`
  return undefined
}
