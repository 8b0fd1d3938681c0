import { existsSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { resolvConfTarget, SANDBOX_HOSTNAME } from './hosts-file.js'

/** Where things are inside the sandbox */
export const SANDBOX_SUBMISSION = '/submission'
/** The assignment's reference folder, when a reference server answers (read by the worker, hidden from students) */
export const SANDBOX_REFERENCE = '/reference'

export interface BwrapOptions {
  readonly submissionDir: string
  readonly packageRoot: string
  /** A file to show as /etc/hosts */
  readonly hostsFile: string
  /** A file to show as /etc/resolv.conf, when it can be (hosts-file.ts) */
  readonly resolvFile?: string
  /** Folders that must be visible read-only at their own path (the Python installation, Node.js) */
  readonly readOnlyPaths: readonly string[]
  readonly tmpBytes: number
  /** Running as root: no user namespace (programs drop to another uid themselves, see limits.ts) */
  readonly asRoot: boolean
  /** The reference server's folder, shown read-only as /reference */
  readonly referenceDir?: string
}

// Without root: uid 0 of the sandbox's user namespace, with its capabilities there (and nowhere else): the worker
// turns TIME_WAIT off in its network namespace and builds each student room with them (see room.ts)
export const NAMESPACE_ROOT_CAPS = ['ALL']

// bubblewrap's argv: a private network (loopback only), pid, IPC and UTS namespace; only the system folders,
// the grader's own code and the submission are visible, all read-only; a size-capped private /tmp
export function bwrapArgv(options: BwrapOptions, command: readonly string[]): string[] {
  const args = ['bwrap', '--die-with-parent', '--new-session']
  args.push(...(options.asRoot ? ['--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try'] : ['--unshare-all', '--uid', '0', '--gid', '0', ...NAMESPACE_ROOT_CAPS.flatMap((cap) => ['--cap-add', cap])]))
  args.push('--hostname', SANDBOX_HOSTNAME)
  for (const system of ['/usr', '/etc', '/opt']) if (existsSync(system)) args.push('--ro-bind', system, system)
  for (const link of ['/bin', '/sbin', '/lib', '/lib32', '/lib64']) args.push(...systemLink(link))
  args.push('--ro-bind', options.hostsFile, '/etc/hosts')
  const resolv = options.resolvFile ? resolvConfTarget() : undefined
  // A place outside the system folders (/run/systemd/resolve/) is made on the sandbox's empty root first
  if (options.resolvFile && resolv) args.push(...(resolv.outsideSystem ? ['--dir', dirname(resolv.path)] : []), '--ro-bind', options.resolvFile, resolv.path)
  args.push('--proc', '/proc', '--dev', '/dev', '--perms', '1777', '--size', String(options.tmpBytes), '--tmpfs', '/dev/shm')
  // /tmp is HOME too: writable by whichever uid the programs run as, sticky like a real /tmp
  args.push('--perms', '1777', '--size', String(options.tmpBytes), '--tmpfs', '/tmp')
  for (const path of new Set(options.readOnlyPaths)) {
    if (!existsSync(path)) continue
    // Folders bwrap creates on the way (/root for a pyenv Python) would be private to root: open them, or the
    // student uid could not reach the interpreter
    for (const folder of ancestors(path)) args.push('--perms', '0755', '--dir', folder)
    args.push('--ro-bind', path, path)
  }
  // The grader's own code: what the worker runs, nothing else of the package (no rubric, no other submissions)
  for (const part of ['package.json', 'dist', 'node_modules', 'grader']) {
    const path = join(options.packageRoot, part)
    if (existsSync(path)) args.push('--ro-bind', path, path)
  }
  // A package installed under a folder shown whole (npm -g puts it in /usr/lib/node_modules): hide its
  // reference solutions and rubric
  if (['/usr/', '/etc/', '/opt/'].some((bound) => options.packageRoot.startsWith(bound))) {
    if (existsSync(join(options.packageRoot, 'reference'))) args.push('--tmpfs', join(options.packageRoot, 'reference'))
    if (existsSync(join(options.packageRoot, 'rubric.yaml'))) args.push('--ro-bind', '/dev/null', join(options.packageRoot, 'rubric.yaml'))
  }
  args.push('--ro-bind', options.submissionDir, SANDBOX_SUBMISSION)
  if (options.referenceDir) args.push('--ro-bind', options.referenceDir, SANDBOX_REFERENCE)
  // Node's own folder too (nvm), for submissions run with node
  const path = [...new Set(['/usr/local/bin', '/usr/bin', '/bin', dirname(process.execPath)])].join(':')
  args.push('--chdir', '/tmp', '--clearenv', '--setenv', 'PATH', path, '--setenv', 'HOME', '/tmp', '--setenv', 'LANG', 'C.UTF-8')
  return command.length ? [...args, '--', ...command] : [...args, '--']
}

// "/a/b/c" → ["/a", "/a/b"], outside the folders bound whole
function ancestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean).slice(0, -1)
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`).filter((p) => !['/usr', '/etc', '/opt'].some((bound) => p === bound || p.startsWith(`${bound}/`)))
}

// /bin and friends are symlinks into /usr on merged-/usr systems, real folders elsewhere
function systemLink(path: string): string[] {
  if (!existsSync(path)) return []
  const real = realpathSync(path)
  return real === path ? ['--ro-bind', path, path] : ['--symlink', real.replace(/^\//, ''), path]
}

// The folders a Python interpreter and Node.js need: their installation prefixes
export function installPrefix(executable: string): string {
  const real = realpathSync(executable)
  const bin = dirname(real)
  return bin.endsWith('/bin') ? dirname(bin) : bin
}
