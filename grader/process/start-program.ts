import { spawn, type StdioOptions } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import type { Readable } from 'node:stream'
import type { RoomLaunch } from '../sandbox/room.js'
import { killMarkedProcessesNow, markedProcessesNow } from './marked-processes.js'
import { OutputBuffer } from './output-buffer.js'
import { hostPlatform } from './host-platform.js'
import { procAvailable } from './proc-sockets.js'
import { RoomWatch } from './room-watch.js'
import { WakeablePause } from './wakeable-pause.js'

/** How a program ended */
export interface ProgramExit {
  readonly exitCode: number | null
  readonly signal: string | null
  /** True when the grader killed it (deadline or end of check), false when it ended by itself */
  readonly killedByGrader: boolean
}

/** A running student program, in its own process group */
export interface RunningProgram {
  readonly pid: number
  readonly stdout: OutputBuffer
  readonly stderr: OutputBuffer
  /** Settles when the program has ended (with `family`, every process of it) and its output is drained; never rejects */
  readonly exited: Promise<ProgramExit>
  readonly exit: ProgramExit | undefined
  /** How the first process ended, as soon as it did: with `family`, the rest of the program may still run */
  readonly leaderExit: ProgramExit | undefined
  /** False from the moment the program has ended, before its output is drained */
  readonly alive: boolean
  /** Aborted when the program has ended: sockets waiting on this program can give up at once */
  readonly exitSignal: AbortSignal
  readonly spawnError: Error | undefined
  /** The program's own first process while it runs (in a room, not the launcher's pid); undefined once it ended */
  starterPid(): number | undefined
  /** True when the program's room could not be built (the grader's failure): its stderr says why */
  readonly roomFailed: boolean
  /** Its stdin, when started with `talk` or `openStdin` (otherwise closed at once) */
  readonly stdin: NodeJS.WritableStream | undefined
  // Kill the whole process group: SIGTERM, then SIGKILL after a short grace
  kill(): Promise<ProgramExit>
}

export interface StartOptions {
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  /** Written to stdin, which is then closed; stdin is closed at once when absent (and `talk` is not set) */
  readonly input?: string
  /** Keep stdin open for the grader to write to, and hand every chunk of stdout to this listener (a helper of the
   * grader's own, such as the reference relay; student programs get their input at once) */
  readonly talk?: { readonly onStdout: (chunk: Buffer) => void }
  /** Keep stdin open, so that the grader can type an answer when the program asks (a server that asks for its port) */
  readonly openStdin?: boolean
  readonly outputCapBytes?: number
  /** Milliseconds between SIGTERM and SIGKILL */
  readonly killGraceMs?: number
  /**
   * Every process that inherits the program's marker (an environment variable) is part of it: the program has ended
   * when all of them have, whatever the first process did, and kill() kills them all, daemons that left the process
   * group included. For student programs, so that a verdict never depends on how fast a daemon was (Linux only)
   */
  readonly family?: boolean
  /**
   * Start the program in a room of its own (sandbox/room.ts): its pid namespace holds every process of it, so the
   * program has ended when the room has, and kill() ends the room. Takes the place of `family`
   */
  readonly room?: RoomLaunch
}

/** The environment variable that marks every process of one program started with `family` */
export const PROGRAM_MARKER_VARIABLE = 'SOCKGRADE_PROGRAM'
let programs = 0

const live = new Set<RunningProgram>()
// How long to wait for the pipes to close after the program exited
const PIPE_DRAIN_MS = 500
// Looking for a program's remaining processes after its first one exited: soon at first, then every 200 ms at most
const FAMILY_FIRST_PAUSE_MS = 5
const FAMILY_MAX_PAUSE_MS = 200

// Start argv[0] with argv[1..] in its own process group, draining and capping stdout and stderr
export function startProgram(argv: readonly string[], options: StartOptions): RunningProgram {
  const [file, ...args] = argv
  if (!file) throw new Error('startProgram needs a command')
  const cap = options.outputCapBytes ?? 64 * 1024
  const stdout = new OutputBuffer(cap)
  const stderr = new OutputBuffer(cap)
  // node:child_process rather than execa: nothing here needs execa's features (its timeout and buffering signal
  // only the direct child; groups are killed by hand), and importing it costs ~140 ms in every grading worker
  const family = options.family && procAvailable ? `${process.pid}.${++programs}.${Date.now()}` : undefined
  const env = family ? { ...options.env, [PROGRAM_MARKER_VARIABLE]: family } : options.env
  const room = options.room
  // The room reports on fd 3; bubblewrap reads its seccomp filter from fd 4 (opened here, closed once it is handed on)
  const filterFd = room?.seccompFile ? openSync(room.seccompFile, 'r') : undefined
  const stdio: StdioOptions = room ? ['pipe', 'pipe', 'pipe', 'pipe', ...(filterFd !== undefined ? [filterFd] : [])] : ['pipe', 'pipe', 'pipe']
  let raw: ReturnType<typeof spawn>
  try {
    raw = spawn(room ? (room.argv[0] as string) : file, room ? [...room.argv.slice(1), file, ...args] : args, { cwd: options.cwd, env, detached: true, stdio, windowsHide: true })
  } finally {
    if (filterFd !== undefined) closeSync(filterFd)
  }
  const roomWatch = room ? new RoomWatch(raw.stdio[3] as Readable, room.backend === 'bwrap', raw.pid) : undefined
  raw.stdin?.on('error', () => undefined)
  if (options.talk) raw.stdout?.on('data', options.talk.onStdout)
  else if (!options.openStdin) raw.stdin?.end(options.input ?? '')
  raw.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk))
  raw.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk))
  let killedByGrader = false
  let exit: ProgramExit | undefined
  let leaderExit: ProgramExit | undefined
  let spawnError: Error | undefined
  let alive = true
  const exitController = new AbortController()
  const familyWatch = room ? undefined : family ? new FamilyWatch(family) : undefined
  const exited = new Promise<ProgramExit>((resolve) => {
    const settle = (exitCode: number | null, signal: string | null) => {
      exit ??= { exitCode, signal, killedByGrader }
      resolve(exit)
    }
    raw.once('error', (error) => {
      spawnError = error
      alive = false
      exitController.abort()
      settle(null, null)
    })
    // 'exit' comes before the pipes drain. A first process that failed (or any, without a family) takes what it
    // left in its group, and its family, with it; one that exited with 0 leaves the rest of its family to end by
    // itself (a server that went to the background carries on). Then wait (bounded) for 'close' so the last output
    // is read, even if an escaped process holds the pipe open
    const launcherExited = new Promise<void>((resolve) => raw.once('exit', () => resolve()))
    // In a room the program's first process is not the launcher: its end comes on the status descriptor (or, when
    // the room never started it, with the launcher's own exit), and the room ends when its last process has
    if (roomWatch) raw.once('exit', (exitCode, signal) => roomWatch.launcherExited(exitCode, signal))
    const onLeaderExit = (exitCode: number | null, signal: string | null) => {
      leaderExit = { exitCode, signal, killedByGrader }
      if (roomWatch) {
        // The launcher first: unshare would report the room's pid 1's SIGKILL on the program's stderr
        if (exitCode !== 0) {
          signalGroup(raw.pid ?? -1, 'SIGKILL')
          roomWatch.kill()
        }
      } else if (!familyWatch || exitCode !== 0) {
        signalGroup(raw.pid ?? -1, 'SIGKILL', { leaderGone: true })
        familyWatch?.kill()
      }
      const rest = roomWatch ? Promise.all([roomWatch.gone(), launcherExited]) : familyWatch ? familyWatch.ended() : Promise.resolve()
      void rest.then(() => {
        alive = false
        exitController.abort()
        const drained = setTimeout(() => {
          raw.stdout?.destroy()
          raw.stderr?.destroy()
          settle(exitCode, signal)
        }, PIPE_DRAIN_MS)
        if (raw.stdout?.closed !== false && raw.stderr?.closed !== false) {
          clearTimeout(drained)
          settle(exitCode, signal)
        } else {
          raw.once('close', () => {
            clearTimeout(drained)
            settle(exitCode, signal)
          })
        }
      })
    }
    if (roomWatch) roomWatch.onExit(({ exitCode, signal }) => onLeaderExit(exitCode, signal))
    else raw.once('exit', onLeaderExit)
  })
  const program: RunningProgram = {
    pid: raw.pid ?? -1,
    stdout,
    stderr,
    exited,
    get exit() {
      return exit
    },
    get leaderExit() {
      return leaderExit
    },
    get spawnError() {
      return spawnError
    },
    get alive() {
      return alive
    },
    starterPid: () => (roomWatch ? roomWatch.starterPid() : alive ? raw.pid : undefined),
    get roomFailed() {
      return roomWatch?.setupFailed ?? false
    },
    stdin: options.talk || options.openStdin ? (raw.stdin ?? undefined) : undefined,
    exitSignal: exitController.signal,
    kill: () => {
      if (!exit) killedByGrader = true
      return killGroup(program, options.killGraceMs ?? 300, roomWatch ?? familyWatch)
    },
  }
  live.add(program)
  if (roomWatch ?? familyWatch) families.set(program, (roomWatch ?? familyWatch) as Family)
  void exited.finally(() => {
    live.delete(program)
    families.delete(program)
  })
  return program
}

// After SIGKILL a process is gone within milliseconds, unless it is stuck in the kernel (uninterruptible I/O):
// the grader does not wait on it longer than this
const KILLED_EXIT_WAIT_MS = 2000

/** What kills every process of a program beyond its group: its room, or the processes that carry its marker */
interface Family {
  kill(): void
  terminate?(): void
}

async function killGroup(program: RunningProgram, graceMs: number, family: Family | undefined): Promise<ProgramExit> {
  // A room: SIGTERM to each of its processes (the launcher is the grader's, and is left to end with the room)
  if (family?.terminate) family.terminate()
  else {
    signalGroup(program.pid, 'SIGTERM')
    // Processes of the program outside its group (a setsid daemon) get no grace: they are not the program's face
    family?.kill()
  }
  const forced = setTimeout(() => {
    signalGroup(program.pid, 'SIGKILL')
    family?.kill()
  }, graceMs)
  let giveUp: NodeJS.Timeout | undefined
  const stuck = new Promise<ProgramExit>((resolve) => {
    giveUp = setTimeout(() => resolve({ exitCode: null, signal: 'SIGKILL', killedByGrader: true }), graceMs + KILLED_EXIT_WAIT_MS)
  })
  const result = await Promise.race([program.exited, stuck])
  clearTimeout(forced)
  clearTimeout(giveUp)
  // The leader is gone; anything left in its group (forked children) goes too
  signalGroup(program.pid, 'SIGKILL', { leaderGone: true })
  return result
}

// The program's process group. Windows has none: its first process only, ended at once whatever the signal (node's
// kill is TerminateProcess there), and nothing once it has exited (its pid may be another program's by then)
function signalGroup(pid: number, signal: NodeJS.Signals, options: { leaderGone?: boolean } = {}): void {
  const platform = hostPlatform()
  if (pid <= 0 || (options.leaderGone && !platform.hasProcessGroups)) return
  try {
    process.kill(platform.hasProcessGroups ? -pid : pid, platform.hasGracefulStop ? signal : 'SIGKILL')
  } catch {
    // ESRCH: the group is already gone
  }
}

// Kill every program still running; called when the grader exits for any reason
export function killAllPrograms(): void {
  for (const program of live) signalGroup(program.pid, 'SIGKILL')
  for (const watch of families.values()) watch.kill()
}

const families = new Map<RunningProgram, Family>()

// After a program's first process exits, its marked processes are looked for again and again, more rarely as time
// goes by (a /proc scan each time), until none is left; kill() makes the next look come at once
class FamilyWatch {
  private readonly pause = new WakeablePause()

  constructor(private readonly marker: string) {}

  // Ended after two scans in a row find nothing: one scan can miss a process forked after it listed /proc by a
  // parent that exited before it read that parent (a double fork), a second one, moments later, cannot
  async ended(): Promise<void> {
    let pauseMs = FAMILY_FIRST_PAUSE_MS
    for (let emptyScans = 0; emptyScans < 2; ) {
      emptyScans = markedProcessesNow(this.marker, PROGRAM_MARKER_VARIABLE).length > 0 ? 0 : emptyScans + 1
      if (emptyScans === 2) break
      await this.pause.sleep(emptyScans === 1 ? FAMILY_FIRST_PAUSE_MS : pauseMs)
      if (emptyScans === 0) pauseMs = Math.min(pauseMs * 2, FAMILY_MAX_PAUSE_MS)
    }
  }

  kill(): void {
    killMarkedProcessesNow(this.marker, PROGRAM_MARKER_VARIABLE)
    this.pause.wake()
  }
}

process.once('exit', killAllPrograms)
