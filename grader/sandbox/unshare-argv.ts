import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import { SANDBOX_REFERENCE, SANDBOX_SUBMISSION } from './bwrap-argv.js'
import { resolvConfTarget, SANDBOX_HOSTNAME } from './hosts-file.js'

export interface UnshareOptions {
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
  /** An empty folder of the grader's, removed after the grading: the sandbox's root and its mount table are made there */
  readonly workDir: string
  /** The reference server's folder, shown read-only as /reference */
  readonly referenceDir?: string
}

// Where the commands the set-up script needs (ip, mount, pivot_root, umount, hostname) usually live
const SETUP_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
/** The PATH the sandboxed command gets (the same as in the bubblewrap sandbox) */
const SANDBOX_PATH = '/usr/local/bin:/usr/bin:/bin'
// Under the new root, where the old one is put by pivot_root before it is detached
const OLD_ROOT = '.oldroot'
/** Kept TIME_WAIT sockets, per network namespace */
export const TIME_WAIT_SYSCTL = '/proc/sys/net/ipv4/tcp_max_tw_buckets'
const DEVICES = ['null', 'zero', 'full', 'random', 'urandom', 'tty']
const DEVICE_LINKS: ReadonlyArray<readonly [string, string]> = [
  ['fd', '/proc/self/fd'],
  ['stdin', '/proc/self/fd/0'],
  ['stdout', '/proc/self/fd/1'],
  ['stderr', '/proc/self/fd/2'],
]

/** One line of the sandbox's mount table: `target` is a path inside the sandbox */
interface Mount {
  readonly source: string
  readonly target: string
  readonly type: string
  readonly options: string
  /** A mount point to make in the new root: a folder, an empty file, or nothing (it is visible through a mount before it) */
  readonly mountPoint: 'dir' | 'file' | 'none'
}

// util-linux unshare's argv (the fallback where bubblewrap is missing): new network (loopback only, brought up
// with `ip`), pid, mount, UTS and IPC namespaces, plus a user namespace when not root. A small sh script, the
// namespace's first process, mounts a new root built in `workDir` the way the bubblewrap sandbox looks: only the
// system folders, the given read-only paths, the grader's own code and the submission (at /submission), all
// read-only, a private /etc/hosts and a size-capped /tmp; it pivots into it, detaches the old root, sets the host
// name, turns TIME_WAIT off and execs the command. Prepares `workDir` (mount points, mount table) as a side effect.
export function unshareArgv(options: UnshareOptions, command: readonly string[]): string[] {
  const root = join(options.workDir, 'root')
  const mounts = sandboxMounts(options)
  // A mount below one of the sandbox's own tmpfs (the grader installed or checked out in /tmp) gets its mount point
  // made in that tmpfs once it is mounted, then is mounted in a second pass
  const late = mounts.filter((m, i) => mounts.slice(0, i).some((t) => t.type === 'tmpfs' && m.target.startsWith(`${t.target}/`)))
  const early = mounts.filter((m) => !late.includes(m))
  makeRoot(root, early)
  const table = (name: string, lines: readonly Mount[], first = '') => {
    const path = join(options.workDir, name)
    writeFileSync(path, first + lines.map((m) => fstabLine({ ...m, target: join(root, m.target) })).join(''))
    return path
  }
  // The new root is a read-only bind of the prepared folder onto itself (pivot_root needs a mount point)
  const fstab = table('fstab', early, fstabLine({ source: root, target: root, type: 'none', options: 'bind,ro' }))
  const lateFstab = late.length ? table('fstab-late', late) : undefined
  const script = setupScript({ root, fstab, late: lateFstab ? { fstab: lateFstab, mounts: late } : undefined, remounts: submountRemounts(root, mounts) })
  const namespaces = [...(options.asRoot ? [] : ['--user', '--map-root-user']), '--net', '--pid', '--fork', '--kill-child', '--mount-proc', '--mount', '--uts', '--ipc']
  // setpriv --reset-env: the set-up and the sandbox start from a clean environment; --pdeathsig: unshare dies with
  // the grader (bubblewrap's --die-with-parent), and --kill-child takes the namespace's first process, so all, with it
  return [which('setpriv'), '--reset-env', '--pdeathsig', 'SIGKILL', '--', which('unshare'), ...namespaces, '--', '/bin/sh', '-c', script, 'sockgrade-sandbox', ...command]
}

/** Where the set-up looks for its commands: the usual system folders, then the grader's own PATH */
export function setupPath(): string {
  return [...new Set([...SETUP_PATH.split(delimiter), ...(process.env.PATH ?? '').split(delimiter)].filter((dir) => dir.startsWith('/')))].join(delimiter)
}

// A command's absolute path on the set-up PATH, or its bare name when it is not there (the sandbox then fails to
// start, with the shell's message)
export function which(command: string): string {
  for (const dir of setupPath().split(delimiter)) if (existsSync(join(dir, command))) return join(dir, command)
  return command
}

// What the sandbox shows, in mount order, at the same paths as the bubblewrap sandbox
function sandboxMounts(options: UnshareOptions): Mount[] {
  const mounts: Mount[] = []
  // Folders whose whole content is visible: anything below them needs no mount point of its own
  const visible: string[] = []
  const isVisible = (path: string) => visible.some((dir) => path === dir || path.startsWith(dir === '/' ? dir : `${dir}/`))
  const bindDir = (path: string, target = path) => {
    mounts.push({ source: path, target, type: 'none', options: 'rbind,ro', mountPoint: 'dir' })
    if (target === path) visible.push(path)
  }
  for (const system of ['/usr', '/etc', '/opt']) if (existsSync(system)) bindDir(system)
  // /bin and friends are symlinks into /usr on merged-/usr systems (made in the new root), real folders elsewhere
  for (const link of ['/bin', '/sbin', '/lib', '/lib32', '/lib64']) if (existsSync(link) && realpathSync(link) === link) bindDir(link)
  mounts.push({ source: options.hostsFile, target: '/etc/hosts', type: 'none', options: 'bind,ro', mountPoint: 'none' })
  const resolv = options.resolvFile ? resolvConfTarget() : undefined
  if (options.resolvFile && resolv) mounts.push({ source: options.resolvFile, target: resolv.path, type: 'none', options: 'bind,ro', mountPoint: resolv.outsideSystem ? 'file' : 'none' })
  mounts.push({ source: 'proc', target: '/proc', type: 'proc', options: 'nosuid,nodev,noexec', mountPoint: 'dir' })
  for (const device of DEVICES) if (existsSync(`/dev/${device}`)) mounts.push({ source: `/dev/${device}`, target: `/dev/${device}`, type: 'none', options: 'bind', mountPoint: 'file' })
  mounts.push({ source: 'sockgrade-shm', target: '/dev/shm', type: 'tmpfs', options: `nosuid,nodev,size=${options.tmpBytes},mode=1777`, mountPoint: 'dir' })
  mounts.push({ source: 'sockgrade-tmp', target: '/tmp', type: 'tmpfs', options: `nosuid,nodev,size=${options.tmpBytes},mode=1777`, mountPoint: 'dir' })
  // The Python installation and Node.js: when they live in /home or /root, only they are shown of it
  for (const path of new Set(options.readOnlyPaths.filter((p) => existsSync(p)).map((p) => realpathSync(p)))) {
    if (path !== '/' && !isVisible(path)) bindDir(path)
  }
  // The grader's own code: what the worker runs, nothing else of the package (no rubric, no reference solutions).
  // A package installed under a visible folder (/usr/lib/node_modules) is visible whole: hide those two there
  const packageRoot = realpathSync(options.packageRoot)
  if (isVisible(packageRoot)) {
    const reference = join(packageRoot, 'reference')
    const rubric = join(packageRoot, 'rubric.yaml')
    if (existsSync(reference)) mounts.push({ source: 'sockgrade-hidden', target: reference, type: 'tmpfs', options: 'ro,nosuid,nodev,size=4096,mode=555', mountPoint: 'none' })
    if (existsSync(rubric) && existsSync('/dev/null')) mounts.push({ source: '/dev/null', target: rubric, type: 'none', options: 'bind,ro', mountPoint: 'none' })
  } else {
    for (const part of ['package.json', 'dist', 'node_modules', 'grader']) {
      const path = join(packageRoot, part)
      if (!existsSync(path)) continue
      if (statSync(path).isDirectory()) bindDir(path)
      else mounts.push({ source: path, target: path, type: 'none', options: 'bind,ro', mountPoint: 'file' })
    }
  }
  bindDir(realpathSync(options.submissionDir), SANDBOX_SUBMISSION)
  if (options.referenceDir) bindDir(realpathSync(options.referenceDir), SANDBOX_REFERENCE)
  return mounts
}

// The new root: mount points (0755 folders, empty files), the merged-/usr symlinks, /dev's links, and the folder
// pivot_root puts the old root in. It is mounted read-only before anything runs in it
function makeRoot(root: string, mounts: readonly Mount[]): void {
  for (const mount of mounts) {
    if (mount.mountPoint === 'dir') makeDir(root, mount.target)
    if (mount.mountPoint === 'file') {
      makeDir(root, dirname(mount.target))
      writeFileSync(join(root, mount.target), '', { mode: 0o644 })
    }
  }
  for (const link of ['/bin', '/sbin', '/lib', '/lib32', '/lib64']) {
    if (!existsSync(link)) continue
    const real = realpathSync(link)
    if (real !== link) symlinkSync(real.replace(/^\//, ''), join(root, link))
  }
  makeDir(root, '/dev')
  for (const [name, target] of DEVICE_LINKS) symlinkSync(target, join(root, 'dev', name))
  makeDir(root, `/${OLD_ROOT}`)
}

// mkdir -p with every folder it makes readable by all (whatever the umask): the student's uid walks through them
function makeDir(root: string, path: string): void {
  if (!existsSync(root)) {
    mkdirSync(root)
    chmodSync(root, 0o755)
  }
  let current = root
  for (const part of path.split('/').filter(Boolean)) {
    current = join(current, part)
    if (existsSync(current)) continue
    mkdirSync(current)
    chmodSync(current, 0o755)
  }
}

// fstab(5) escapes white space and backslashes in paths as octal (ASCII only: libmount splits on nothing else)
function fstabLine(mount: Omit<Mount, 'mountPoint'>): string {
  const field = (text: string) => text.replace(/[\\ \t\n\v\f\r]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)
  return `${field(mount.source)} ${field(mount.target)} ${mount.type} ${mount.options} 0 0\n`
}

// Mounts below a folder shown with rbind come along (a user namespace refuses to leave them out) and keep their
// own read-write flag: remount each read-only, where the kernel lets us (it refuses when that would drop a locked flag)
function submountRemounts(root: string, mounts: readonly Mount[]): string[] {
  const mountPoints = hostMountPoints()
  const targets: string[] = []
  for (const mount of mounts) {
    if (!mount.options.startsWith('rbind')) continue
    for (const point of mountPoints) {
      if (point.startsWith(mount.source === '/' ? '/' : `${mount.source}/`)) targets.push(join(root, mount.target, point.slice(mount.source.length)))
    }
  }
  return [...new Set(targets)]
}

// The mount points of this process's mount namespace, which the sandbox's starts as a copy of
function hostMountPoints(): string[] {
  let text: string
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8')
  } catch {
    return []
  }
  return text
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((field): field is string => !!field)
    .map((field) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))))
}

// The namespace's first process: loopback up, TIME_WAIT off, host name, the new root mounted and pivoted into, the
// old root detached, then the command (the grading worker) as pid 1's only child
function setupScript(plan: { root: string; fstab: string; late?: { fstab: string; mounts: readonly Mount[] }; remounts: readonly string[] }): string {
  const { root, late } = plan
  const lateDirs = (late?.mounts ?? []).filter((m) => m.mountPoint !== 'none').map((m) => join(root, m.mountPoint === 'dir' ? m.target : dirname(m.target)))
  const lateFiles = (late?.mounts ?? []).filter((m) => m.mountPoint === 'file').map((m) => join(root, m.target))
  return [
    'set -eu',
    'umask 022',
    `PATH=${shQuote(setupPath())}`,
    // What setpriv --reset-env leaves, replaced with what the bubblewrap sandbox sets
    'unset SHELL USER LOGNAME TERM',
    'export HOME=/tmp LANG=C.UTF-8',
    `command -v ip >/dev/null 2>&1 || { echo 'sockgrade: the ip command (Debian and Ubuntu: apt-get install iproute2) is missing: it brings up loopback in the sandbox' >&2; exit 127; }`,
    'ip link set lo up',
    // No TIME_WAIT in this namespace: a textbook server (no SO_REUSEADDR) that closed first would hold the spec's
    // port for a minute, and the grader's own server needs it next for the client checks
    `{ echo 0 >${TIME_WAIT_SYSCTL}; } 2>/dev/null || :`,
    // The host name (a user namespace's root may not write the file, but may call sethostname). Should both fail,
    // the machine's own name stays, which the private /etc/hosts maps to 127.0.0.1 as well
    `{ echo ${shQuote(SANDBOX_HOSTNAME)} >/proc/sys/kernel/hostname; } 2>/dev/null || hostname ${shQuote(SANDBOX_HOSTNAME)} 2>/dev/null || :`,
    `mount -n -a --fstab ${shQuote(plan.fstab)}`,
    ...(late
      ? [
          ...(lateDirs.length ? [`mkdir -p ${[...new Set(lateDirs)].map(shQuote).join(' ')}`] : []),
          ...lateFiles.map((file) => `: >${shQuote(file)}`),
          `mount -n -a --fstab ${shQuote(late.fstab)}`,
        ]
      : []),
    ...plan.remounts.map((target) => `mount -n -o remount,bind,ro ${shQuote(target)} 2>/dev/null || :`),
    `cd ${shQuote(root)}`,
    `pivot_root . ${OLD_ROOT}`,
    `umount -n -l /${OLD_ROOT}`,
    'cd /tmp',
    `export PATH=${shQuote([...new Set([...SANDBOX_PATH.split(':'), dirname(process.execPath)])].join(':'))}`,
    // This shell stays the namespace's pid 1 and waits: pid 1 inherits every orphan, and a shell's wait reaps any
    // child, so orphans of the submission do not linger as zombies (the worker, as pid 1, never reaped them). The
    // worker's stdin is passed on explicitly: a background command's stdin is /dev/null otherwise
    'exec 3<&0',
    // The worker keeps the user namespace's capabilities (without root): it builds the student rooms with them
    `"$@" <&3 3<&- &`,
    'exec 3<&-',
    'wait $!',
  ].join('\n')
}

// One word for sh, whatever it holds (spaces, quotes, non-ASCII, newlines)
export function shQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}
