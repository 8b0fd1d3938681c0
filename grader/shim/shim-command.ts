import { join } from 'node:path'
import { InternalError } from '../errors.js'
import { packageRoot } from '../paths.js'

/**
 * The Python runner of "host" isolation mode: it maps hard-coded ports (the textbook's 12000) to the port the
 * grader assigned and this machine's names ('localhost', 'hostname', 'servername', its own name) to 127.0.0.1,
 * then runs the student's file as __main__. Lines it writes to stderr start with "sockgrade: ".
 * Found from the package root, so it is the same file from grader/ (tests) and dist/grader/ (built).
 */
export const shimPath: string = join(packageRoot, 'grader', 'shim', 'sockgrade_run.py')

/** The host alias that makes every name (and address) mean this machine: no connection of the program leaves it */
export const ANY_HOST = '*'

/** A port the student's code names (`from`) and the port it gets instead (`to`) */
export interface PortMapping {
  readonly from: number
  readonly to: number
}

/**
 * argv to run a Python program through the shim:
 * `python -I -u -B sockgrade_run.py --map 12000=34567 [--host-alias NAME ...] -- file args...`.
 * `-I` ignores every PYTHON* variable, the user's site-packages and the script's folder at startup, so nothing in the
 * student's environment runs before the shim; `-u` and `-B` stand for PYTHONUNBUFFERED and PYTHONDONTWRITEBYTECODE,
 * which -I ignores, and the runner itself makes stdin, stdout and stderr UTF-8 (PYTHONIOENCODING is ignored too).
 * `file` is run as written (relative to the program's cwd, like `python3 file`): it becomes sys.argv[0] and __file__.
 * `hostAliases` are more names (or addresses, such as a student's LAN IP) that mean this machine.
 */
export function shimmedPythonArgv(
  python: string,
  file: string,
  args: readonly string[],
  map: readonly PortMapping[],
  hostAliases: readonly string[] = [],
): string[] {
  const sources = new Set(map.map((m) => m.from))
  for (const { from, to } of map) {
    if (!validPort(from) || !validPort(to)) throw new InternalError(`Shim port mapping ${from}=${to} is not between 1 and 65535`)
    // The runner maps in getaddrinfo and again in connect: a target that is also a source would be mapped twice
    if (to !== from && sources.has(to)) throw new InternalError(`Shim port ${to} is both mapped from and mapped to`)
  }
  return [
    python,
    '-I',
    '-u',
    '-B',
    shimPath,
    ...map.flatMap(({ from, to }) => ['--map', `${from}=${to}`]),
    ...hostAliases.flatMap((alias) => ['--host-alias', alias]),
    '--',
    file,
    ...args,
  ]
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port > 0 && port < 65536
}
