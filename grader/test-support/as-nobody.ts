import { execFile } from 'node:child_process'

/** The uid and gid of "nobody": the ordinary user the attack tests run sockgrade as (root is needed to switch to it) */
export const NOBODY = 65534

// argv that runs a command as nobody, with no supplementary group (util-linux setpriv)
export function asNobody(argv: readonly string[]): string[] {
  return ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', ...argv]
}

// What each backend needs to build a sandbox without root: a user namespace holding the others
const PROBES: Record<'bwrap' | 'unshare', readonly string[]> = {
  bwrap: ['bwrap', '--unshare-all', '--uid', '0', '--gid', '0', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', 'true'],
  unshare: ['unshare', '--user', '--map-root-user', '--net', '--pid', '--fork', '--mount-proc', '--mount', '--ipc', '--uts', 'true'],
}

// undefined when nobody can make the namespaces this backend needs here, else why not (the first line of its error).
// An approximation of the grader's own probe (detect.ts), which decides inside the process it runs in
export function nobodySandboxFailure(backend: 'bwrap' | 'unshare'): Promise<string | undefined> {
  const [file, ...args] = asNobody(PROBES[backend])
  return new Promise((resolve) => {
    execFile(file as string, args, { timeout: 10_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }, (error, _stdout, stderr) => {
      resolve(error ? `${backend} as nobody: ${String(stderr).trim().split('\n')[0] || error.message}` : undefined)
    })
  })
}
