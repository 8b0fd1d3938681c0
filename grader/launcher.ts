import { join } from 'node:path'
import { startProgram, type RunningProgram } from './process/start-program.js'
import { dropPrivilegesArgv, prlimitArgv, type Limits } from './sandbox/limits.js'
import type { LaunchSpec } from './submission/launch.js'

export interface LauncherOptions {
  readonly submissionDir: string
  readonly python: string
  readonly env: NodeJS.ProcessEnv
  /** Resource limits for every program (sandbox mode) */
  readonly limits?: Limits
  /** Run programs as this uid (the sandbox runs as root) */
  readonly uid?: number
  // How a Python program is started: the plain interpreter, or the port shim in host mode
  readonly pythonArgv?: (python: string, file: string, args: readonly string[], port: number) => string[]
}

/** Starts a program of the submission with the port and host (and, for clients, stdin) it is given */
export type Launch = (spec: LaunchSpec, values: { port: number; host?: string; input?: string }) => RunningProgram

// The argv prefix every student command gets: limits, then the uid drop (a build step too)
export function studentPrefix(options: Pick<LauncherOptions, 'limits' | 'uid'>, limitAddressSpace: boolean): string[] {
  return [
    ...(options.limits ? prlimitArgv(options.limits, { limitAddressSpace }) : []),
    ...(options.uid !== undefined ? dropPrivilegesArgv(options.uid) : []),
  ]
}

// The one place student programs are started: template filled in, limits and uid applied, own folder as cwd
export function launcher(options: LauncherOptions): Launch {
  return (spec, values) => {
    let argv = spec.command.map((part) =>
      part.replaceAll('{python}', options.python).replaceAll('{host}', values.host ?? '').replaceAll('{port}', String(values.port)),
    )
    if (spec.python && options.pythonArgv && argv[0] === options.python && argv[1]) argv = options.pythonArgv(options.python, argv[1], argv.slice(2), values.port)
    return startProgram([...studentPrefix(options, spec.python), ...argv], { cwd: join(options.submissionDir, spec.cwd), env: options.env, input: values.input, family: true })
  }
}
