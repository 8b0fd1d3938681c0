import { readdirSync, readFileSync } from 'node:fs'
import { constants } from 'node:os'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { WakeablePause } from './wakeable-pause.js'

/** How the room's first command ended, as its status descriptor says */
export interface RoomExit {
  readonly exitCode: number | null
  readonly signal: string | null
}

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]))
// Looking for what is left of a room after its first command exited: soon at first, then every 200 ms at most
const FIRST_PAUSE_MS = 5
const MAX_PAUSE_MS = 200
const ROOM_STARTER_PID = 2

// A program's room (sandbox/room.ts) as the grader sees it: its first process (the room's pid 1) from the status
// descriptor, how the program's own first process ended, and whether any process of the room is left. Every process
// of the room descends from its pid 1 (orphans are reparented to it), whatever it did to its session, group or
// environment, and SIGKILL to that pid 1 ends them all
export class RoomWatch {
  private init: number | undefined
  private initStart: string | undefined
  private starter: { pid: number; start: string } | undefined
  private readonly pause = new WakeablePause()
  /** Set when the program's first process has ended */
  exit: RoomExit | undefined
  private readonly exitListeners: ((exit: RoomExit) => void)[] = []

  // `decodesSignals`: the launcher reports a signal only as 128 + its number (bubblewrap), not apart (room_init.py)
  // `launcherPid`: bubblewrap or unshare, whose child is the room's pid 1 (found by it until the status line is read)
  constructor(
    status: Readable,
    private readonly decodesSignals: boolean,
    private readonly launcherPid: number | undefined,
  ) {
    status.on('error', () => undefined)
    createInterface({ input: status, crlfDelay: Infinity }).on('line', (line) => this.read(line))
  }

  private read(line: string): void {
    let entry: Record<string, unknown>
    try {
      entry = JSON.parse(line) as Record<string, unknown>
    } catch {
      return
    }
    if (typeof entry['child-pid'] === 'number' && (this.init === undefined || this.init !== entry['child-pid'])) {
      this.init = entry['child-pid']
      this.initStart = startTimeOf(this.init)
    }
    if (typeof entry['exit-code'] !== 'number' || this.exit) return
    // room_init says which signal; bubblewrap gives only 128 + its number
    const signal = typeof entry['exit-signal'] === 'number' ? SIGNAL_NAMES.get(entry['exit-signal']) : undefined
    if (signal) this.ended({ exitCode: null, signal })
    else if (entry['exit-signal'] === undefined && this.decodesSignals) this.ended(decodeExit(entry['exit-code']))
    else this.ended({ exitCode: entry['exit-code'], signal: null })
  }

  // The launcher exited: when the room had not reported the first process's end, the launcher's status is it (both
  // launchers exit with the command's status, a signal as 128 + its number)
  launcherExited(exitCode: number | null, signal: string | null): void {
    // No first process was ever reported as ended: the room itself could not be built (bubblewrap's or room_init's
    // message is on stderr), which is the grader's failure, not the student's
    if (!this.exit && exitCode !== 0 && signal === null) this.setupFailed = true
    this.ended(exitCode === null || !this.decodesSignals ? { exitCode, signal } : decodeExit(exitCode))
  }

  /** Set when the launcher exited without having started the program: the room could not be built */
  setupFailed = false

  private ended(exit: RoomExit): void {
    if (this.exit) return
    this.exit = exit
    for (const listener of this.exitListeners) listener(exit)
  }

  onExit(listener: (exit: RoomExit) => void): void {
    if (this.exit) listener(this.exit)
    else this.exitListeners.push(listener)
  }

  /** The room's pid 1 while it runs */
  get initPid(): number | undefined {
    // The status line may not be read yet when the program already binds (a loaded machine): the launcher's child
    if (this.init === undefined && this.launcherPid !== undefined) {
      const found = processes().find((p) => p.ppid === this.launcherPid)
      if (found) {
        this.init = found.pid
        this.initStart = String(found.start)
      }
    }
    return this.init !== undefined && this.roomAlive() ? this.init : undefined
  }

  // True while the room's pid 1 runs (the same process: its start time is checked, pids are reused)
  roomAlive(): boolean {
    if (this.init === undefined) return false
    const start = startTimeOf(this.init)
    return start !== undefined && start === this.initStart && !isZombie(this.init)
  }

  // The program's first process while it runs: the child of the room's pid 1 that is pid 2 in the room (both
  // launchers fork it first; the room's pids are given out in order, so no later process gets 2 in a grading)
  starterPid(): number | undefined {
    const init = this.initPid
    if (init === undefined || this.exit) return undefined
    // Found once by a scan of /proc, then checked with one read (it is asked for every few milliseconds)
    if (this.starter !== undefined) {
      const fields = statFields(this.starter.pid)
      if (fields && Number(fields[1]) === init && fields[19] === this.starter.start) return this.starter.pid
    }
    this.starter = undefined
    for (const { pid, ppid, start } of processes()) if (ppid === init && innerPid(pid) === ROOM_STARTER_PID) this.starter = { pid, start: String(start) }
    return this.starter?.pid
  }

  // Every process of the room but its pid 1
  members(): number[] {
    const init = this.initPid
    if (init === undefined) return []
    const children = new Map<number, number[]>()
    for (const { pid, ppid } of processes()) children.set(ppid, [...(children.get(ppid) ?? []), pid])
    const found: number[] = []
    for (let queue = [init]; queue.length; ) {
      const next = queue.flatMap((pid) => children.get(pid) ?? [])
      found.push(...next)
      queue = next
    }
    return found
  }

  // SIGTERM to every process of the room (its pid 1 ignores it)
  terminate(): void {
    for (const pid of this.members()) signal(pid, 'SIGTERM')
  }

  // SIGKILL to the room's pid 1: the kernel ends every process of its pid namespace with it
  kill(): void {
    const init = this.initPid
    if (init !== undefined) signal(init, 'SIGKILL')
    this.pause.wake()
  }

  // Resolves when no process of the room is left (its pid 1 exits after the last one), polling less often as time goes by
  async gone(): Promise<void> {
    let pauseMs = FIRST_PAUSE_MS
    while (this.roomAlive()) {
      await this.pause.sleep(pauseMs)
      pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS)
    }
  }
}

// Exit codes past 128 are a signal's number plus 128, as a shell (and bubblewrap) reports them
function decodeExit(code: number): RoomExit {
  const name = code > 128 ? SIGNAL_NAMES.get(code - 128) : undefined
  return name ? { exitCode: null, signal: name } : { exitCode: code, signal: null }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // gone already
  }
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

// The pid a process has in the innermost pid namespace it belongs to (the last field of NSpid)
function innerPid(pid: number): number | undefined {
  try {
    const line = /^NSpid:\s+(.+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1]
    return line === undefined ? undefined : Number(line.trim().split(/\s+/).at(-1))
  } catch {
    return undefined
  }
}

function startTimeOf(pid: number): string | undefined {
  return statFields(pid)?.[19]
}

function isZombie(pid: number): boolean {
  const state = statFields(pid)?.[0]
  return state === undefined || state === 'Z' || state === 'X'
}

// Every process this grader can see: pid, parent, start time (synchronous reads: a scan of a hundred costs ~1 ms)
function processes(): { pid: number; ppid: number; start: number }[] {
  let names: string[]
  try {
    names = readdirSync('/proc')
  } catch {
    return []
  }
  const found: { pid: number; ppid: number; start: number }[] = []
  for (const name of names) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid <= 0) continue
    const fields = statFields(pid)
    if (!fields || fields[0] === 'Z') continue
    found.push({ pid, ppid: Number(fields[1]), start: Number(fields[19]) })
  }
  return found
}
