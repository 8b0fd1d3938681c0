import { spawn } from 'node:child_process'
import { OutputBuffer } from './output-buffer.js'

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
  /** Settles when the process has exited; never rejects */
  readonly exited: Promise<ProgramExit>
  readonly exit: ProgramExit | undefined
  /** False from the moment the process exits, before its output is drained */
  readonly alive: boolean
  /** Aborted when the process exits: sockets waiting on this program can give up at once */
  readonly exitSignal: AbortSignal
  readonly spawnError: Error | undefined
  // Kill the whole process group: SIGTERM, then SIGKILL after a short grace
  kill(): Promise<ProgramExit>
}

export interface StartOptions {
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  /** Written to stdin, which is then closed; stdin is closed at once when absent */
  readonly input?: string
  readonly outputCapBytes?: number
  /** Milliseconds between SIGTERM and SIGKILL */
  readonly killGraceMs?: number
}

const live = new Set<RunningProgram>()
// How long to wait for the pipes to close after the program exited
const PIPE_DRAIN_MS = 500

// Start argv[0] with argv[1..] in its own process group, draining and capping stdout and stderr
export function startProgram(argv: readonly string[], options: StartOptions): RunningProgram {
  const [file, ...args] = argv
  if (!file) throw new Error('startProgram needs a command')
  const cap = options.outputCapBytes ?? 64 * 1024
  const stdout = new OutputBuffer(cap)
  const stderr = new OutputBuffer(cap)
  // node:child_process rather than execa: nothing here needs execa's features (its timeout and buffering signal
  // only the direct child; groups are killed by hand), and importing it costs ~140 ms in every grading worker
  const raw = spawn(file, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true })
  raw.stdin.on('error', () => undefined)
  raw.stdin.end(options.input ?? '')
  raw.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk))
  raw.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk))
  let killedByGrader = false
  let exit: ProgramExit | undefined
  let spawnError: Error | undefined
  let alive = true
  const exitController = new AbortController()
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
    // 'exit' comes before the pipes drain: kill what the program left in its group, then wait (bounded)
    // for 'close' so the last output is read, even if an escaped grandchild holds the pipe open
    raw.once('exit', (exitCode, signal) => {
      alive = false
      exitController.abort()
      signalGroup(raw.pid ?? -1, 'SIGKILL')
      const drained = setTimeout(() => {
        raw.stdout?.destroy()
        raw.stderr?.destroy()
        settle(exitCode, signal)
      }, PIPE_DRAIN_MS)
      raw.once('close', () => {
        clearTimeout(drained)
        settle(exitCode, signal)
      })
    })
  })
  const program: RunningProgram = {
    pid: raw.pid ?? -1,
    stdout,
    stderr,
    exited,
    get exit() {
      return exit
    },
    get spawnError() {
      return spawnError
    },
    get alive() {
      return alive
    },
    exitSignal: exitController.signal,
    kill: () => {
      if (!exit) killedByGrader = true
      return killGroup(program, options.killGraceMs ?? 300)
    },
  }
  live.add(program)
  void exited.finally(() => live.delete(program))
  return program
}

// After SIGKILL a process is gone within milliseconds, unless it is stuck in the kernel (uninterruptible I/O):
// the grader does not wait on it longer than this
const KILLED_EXIT_WAIT_MS = 2000

async function killGroup(program: RunningProgram, graceMs: number): Promise<ProgramExit> {
  signalGroup(program.pid, 'SIGTERM')
  const forced = setTimeout(() => signalGroup(program.pid, 'SIGKILL'), graceMs)
  let giveUp: NodeJS.Timeout | undefined
  const stuck = new Promise<ProgramExit>((resolve) => {
    giveUp = setTimeout(() => resolve({ exitCode: null, signal: 'SIGKILL', killedByGrader: true }), graceMs + KILLED_EXIT_WAIT_MS)
  })
  const result = await Promise.race([program.exited, stuck])
  clearTimeout(forced)
  clearTimeout(giveUp)
  // The leader is gone; anything left in its group (forked children) goes too
  signalGroup(program.pid, 'SIGKILL')
  return result
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, signal)
  } catch {
    // ESRCH: the group is already gone
  }
}

// Kill every program still running; called when the grader exits for any reason
export function killAllPrograms(): void {
  for (const program of live) signalGroup(program.pid, 'SIGKILL')
}

process.once('exit', killAllPrograms)
