import { existsSync, realpathSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { dropPrivilegesArgv } from './limits.js'
import { packageRoot } from '../paths.js'
import { studentSeccompFilter } from './seccomp/filter.js'
import { which } from './unshare-argv.js'

/**
 * The student's room, inside the sandbox: what every student program of a grading is started in. Plain data, handed
 * to the worker in its GradeJob. The grader's room (the worker, its peers) and the student's share the network
 * namespace and nothing else: a program gets a pid namespace of its own (the grader's processes do not exist there,
 * so they cannot be named, signalled, traced or pidfd'd), an IPC namespace and a fresh /tmp and /dev/shm of its own,
 * a view of the system with nothing of sockgrade in it, and a seccomp filter
 */
export interface RoomConfig {
  readonly backend: 'bwrap' | 'unshare'
  /** The sandbox runs as real root: programs then drop to `uid` */
  readonly asRoot: boolean
  /** Folders shown read-only at their own path (the Python installation, Node.js) */
  readonly readOnlyPaths: readonly string[]
  /** What the grader's room shows and the student's must not: the package, the batch's inbox */
  readonly hidden: readonly string[]
  /** The size of the room's /tmp and /dev/shm each */
  readonly tmpBytes: number
  /** The interpreter that runs the unshare room's first process (room_init.py) */
  readonly python: string
  /** The compiled seccomp filter (seccomp/filter.ts); absent on an architecture without one */
  readonly seccompFilter?: string
}

/** How to start one program in a room: the words before its command, and the filter bubblewrap reads on fd 4 */
export interface RoomLaunch {
  readonly backend: RoomConfig['backend']
  readonly argv: readonly string[]
  /** A file to open and hand to the command as fd 4 (bubblewrap's --seccomp 4) */
  readonly seccompFile?: string
}

/** The descriptor the room reports on, as bubblewrap's --json-status-fd does: `{"child-pid"}`, then `{"exit-code"}` */
export const ROOM_STATUS_FD = 3
const ROOM_SECCOMP_FD = 4
const SYSTEM_FOLDERS = ['/usr', '/etc', '/opt']
// Shipped as source (package.json "files"), beside the seccomp loader it imports
const roomInitPath = join(packageRoot, 'grader', 'sandbox', 'room_init.py')

// The room's settings for a sandbox (computed outside, where the package and the filter are found)
export function roomConfig(options: Omit<RoomConfig, 'seccompFilter'>): RoomConfig {
  const filter = studentSeccompFilter()
  return { ...options, ...(filter ? { seccompFilter: filter } : {}) }
}

// The argv prefix that starts a program in a room of its own: its private copy `copyDir` shown read-write at its
// path, `cwd` its working folder, then (as root) the drop to the student's uid. The resource limits come after it
export function roomLaunch(config: RoomConfig, copyDir: string, cwd: string, studentUid: number | undefined): RoomLaunch {
  if (config.backend === 'unshare') return { backend: 'unshare', argv: unshareRoomArgv(config, copyDir, cwd, studentUid) }
  return { backend: 'bwrap', argv: bwrapRoomArgv(config, copyDir, cwd, studentUid), ...(config.seccompFilter ? { seccompFile: config.seccompFilter } : {}) }
}

// bubblewrap builds the room from nothing, as the sandbox itself is built: what it does not bind does not exist there.
// Its pid 1 reaps every orphan and outlives the program while a process of it is left; it reports on fd 3
function bwrapRoomArgv(config: RoomConfig, copyDir: string, cwd: string, studentUid: number | undefined): string[] {
  // --new-session: the program's group and session are not the launcher's (which it could otherwise signal)
  const args = ['bwrap', '--unshare-pid', '--unshare-ipc', '--new-session', '--json-status-fd', String(ROOM_STATUS_FD)]
  if (config.seccompFilter) args.push('--seccomp', String(ROOM_SECCOMP_FD))
  // Without root the room's processes are the sandbox's uid 0: no capability at all for them
  if (!config.asRoot) args.push('--cap-drop', 'ALL')
  const visible: string[] = []
  for (const system of SYSTEM_FOLDERS) {
    if (!existsSync(system)) continue
    args.push('--ro-bind', system, system)
    visible.push(system)
  }
  for (const link of ['/bin', '/sbin', '/lib', '/lib32', '/lib64']) {
    if (!existsSync(link)) continue
    const real = realpathSync(link)
    if (real === link) {
      args.push('--ro-bind', link, link)
      visible.push(link)
    } else args.push('--symlink', real.replace(/^\//, ''), link)
  }
  args.push('--proc', '/proc', '--dev', '/dev')
  for (const folder of ['/tmp', '/dev/shm']) args.push('--perms', '1777', '--size', String(config.tmpBytes), '--tmpfs', folder)
  const isVisible = (path: string) => visible.some((dir) => path === dir || path.startsWith(`${dir}/`))
  for (const path of new Set(config.readOnlyPaths)) {
    if (!existsSync(path) || isVisible(path)) continue
    for (const folder of ancestors(path).filter((p) => !isVisible(p))) args.push('--perms', '0755', '--dir', folder)
    args.push('--ro-bind', path, path)
    visible.push(path)
  }
  // The package installed under a folder shown whole (npm -g in /usr/lib/node_modules, the image's /opt/sockgrade)
  for (const path of config.hidden) if (isVisible(path) && existsSync(path)) args.push(...hideArgs(path))
  // The folders on the way to the copy, made by bubblewrap in the fresh /tmp, must let the student's uid through
  for (const folder of ancestors(copyDir).filter((p) => p.startsWith('/tmp/'))) args.push('--perms', '0755', '--dir', folder)
  // Read-only at last: bubblewrap's root and /dev are tmpfs the room's uid 0 (without root) could fill
  args.push('--bind', copyDir, copyDir, '--remount-ro', '/dev', '--remount-ro', '/', '--chdir', cwd, '--')
  return [...args, ...(studentUid !== undefined ? dropPrivilegesArgv(studentUid) : [])]
}

function hideArgs(path: string): string[] {
  return statSync(path).isDirectory() ? ['--perms', '0555', '--size', '4096', '--tmpfs', path, '--remount-ro', path] : ['--ro-bind', '/dev/null', path]
}

// util-linux unshare (no bubblewrap here): the room starts as a copy of the sandbox's mount table, and its first
// process, room_init.py, covers what the student must not see, mounts a fresh /tmp, /dev/shm and /proc, and starts
// the program under the seccomp filter, without capabilities. It reports on fd 3 as bubblewrap does
function unshareRoomArgv(config: RoomConfig, copyDir: string, cwd: string, studentUid: number | undefined): string[] {
  const settings = { statusFd: ROOM_STATUS_FD, seccomp: config.seccompFilter ?? null, tmpBytes: config.tmpBytes, copy: copyDir, cwd, hide: config.hidden }
  const drop = studentUid !== undefined ? dropPrivilegesArgv(studentUid) : [which('setpriv'), '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--']
  return [which('unshare'), '--pid', '--fork', '--kill-child', '--mount', '--ipc', '--', config.python, '-I', '-S', roomInitPath, JSON.stringify(settings), '--', ...drop]
}

// "/a/b/c" → ["/a", "/a/b"]
function ancestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean).slice(0, -1)
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`)
}
