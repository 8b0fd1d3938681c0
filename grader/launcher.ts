import { join } from 'node:path'
import type { GradingCgroup } from './process/grading-cgroup.js'
import { startProgram, type RunningProgram } from './process/start-program.js'
import { dropPrivilegesArgv, prlimitArgv, type Limits } from './sandbox/limits.js'
import { roomLaunch, type RoomConfig, type RoomLaunch } from './sandbox/room.js'
import type { LaunchSpec } from './submission/launch.js'

export interface LauncherOptions {
  readonly submissionDir: string
  readonly python: string
  readonly env: NodeJS.ProcessEnv
  /** Resource limits for every program (sandbox mode) */
  readonly limits?: Limits
  /** Run programs as this uid (the sandbox runs as root) */
  readonly uid?: number
  /** Start every program in a student room of its own (sandbox mode): see sandbox/room.ts */
  readonly room?: RoomConfig
  /** Host mode: put every program in the grading's cgroup */
  readonly cgroup?: GradingCgroup
  // How a Python program is started: the plain interpreter, or the port shim in host mode
  readonly pythonArgv?: (python: string, file: string, args: readonly string[], port: number) => string[]
}

/** Starts a program of the submission with the port and host (and, for clients, stdin) it is given; `openStdin` keeps
 * stdin open to answer what a server asks */
export type Launch = (spec: LaunchSpec, values: { port: number; host?: string; input?: string; openStdin?: boolean }) => RunningProgram

/** What every student command (a build step too) is started with: the room, then the words before the command */
export interface StudentStart {
  readonly room?: RoomLaunch
  readonly prefix: readonly string[]
}

// The room (sandbox mode) or the grading's cgroup (host mode), the limits, then the uid drop (which the room does
// itself): for a command run in `cwd`
export function studentStart(options: Pick<LauncherOptions, 'limits' | 'uid' | 'room' | 'cgroup' | 'submissionDir'>, limitAddressSpace: boolean, cwd: string): StudentStart {
  const limits = options.limits ? prlimitArgv(options.limits, { limitAddressSpace }) : []
  if (options.room) return { room: roomLaunch(options.room, options.submissionDir, cwd, options.uid), prefix: limits }
  return { prefix: [...(options.cgroup?.joinArgv ?? []), ...limits, ...(options.uid !== undefined ? dropPrivilegesArgv(options.uid) : [])] }
}

// The one place student programs are started: template filled in, room, limits and uid applied, own folder as cwd
export function launcher(options: LauncherOptions): Launch {
  return (spec, values) => {
    let argv = spec.command.map((part) =>
      part.replaceAll('{python}', options.python).replaceAll('{host}', values.host ?? '').replaceAll('{port}', String(values.port)),
    )
    if (spec.python && options.pythonArgv && argv[0] === options.python && argv[1]) argv = options.pythonArgv(options.python, argv[1], argv.slice(2), values.port)
    const cwd = join(options.submissionDir, spec.cwd)
    const { prefix, ...where } = studentStart(options, spec.python, cwd)
    return startProgram([...prefix, ...argv], { cwd, env: options.env, input: values.input, openStdin: values.openStdin, family: true, ...where })
  }
}
