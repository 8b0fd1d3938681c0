import type { Target } from '../net/target.js'
import { describeExit } from '../process/describe-exit.js'
import type { ProgramExit, RunningProgram } from '../process/start-program.js'
import { starterGone, waitForListen, type DetachedListener, type ListenOutcome } from '../process/wait-for-listen.js'
import { allThreadsAsleep, namespaceSockets, procAvailable } from '../process/proc-sockets.js'
import { setTimeout as delay } from 'node:timers/promises'
import { whenAborted } from '../process/when-aborted.js'
import { answerPrompts } from '../process/stdin-prompts.js'

// Before each check, how long a server whose first process is running (not asleep) may take to settle: a crash a
// previous check provoked at its very end is then seen before this check talks to the server
const SETTLE_BEFORE_CHECK_MS = 500
// After a connection drops, how long a dying server's exit is waited for before its state is read (all there is
// without /proc)
const EXIT_MOMENT_MS = 150

// After a first process exited with 0: how long the family watch gets to find the rest of the program gone
const FAMILY_DECIDES_MS = 300


export interface ServerUnderTestOptions {
  readonly transport: 'udp' | 'tcp'
  /** The grading's process marker (see marked-processes.ts) */
  readonly marker?: string
  readonly startTimeoutMs: number
  /** How long a first process's failed exit may take to be known once the kernel reports it (see crashSeen) */
  readonly exitSeenMs: number
  /** Starts allowed in one grading (a server that crashes on every check is not restarted without end) */
  readonly maxStarts?: number
  /** The assignment's port (12000) */
  readonly specPort: number
  /** Said to a server that listens on another port, after how to fix it (host mode, not Python: the sandbox helps) */
  readonly elsewhereHint?: string
  // The port to start the server on: a free one each time on a shared host, always the spec's inside a sandbox
  readonly port: () => Promise<number>
  // Start the server program with the port it must listen on
  readonly start: (port: number) => RunningProgram
  // Start it the other way, once, when the first start died binding its argument as an address (the proxy skeleton's
  // bind((sys.argv[1], 8888))): the port is then the one it keeps itself, the spec's (mapped by the shim on a shared host)
  readonly startAsAddress?: (port: number) => RunningProgram
  /** Told once, in words for the report, when the server was started the other way */
  readonly onAddressRetry?: (note: string) => void
  // Run before every start: inside a sandbox, whatever the submission still runs is killed, so the port is free
  readonly beforeStart?: () => Promise<void>
  /** How readiness is watched (see waitForListen): `namespace` inside a sandbox */
  readonly scope?: 'tree' | 'namespace'
  /** Told once, in words for the report, when the server asked on its standard input and the grader typed the answer */
  readonly onTyped?: (note: string) => void
}

// What binding a port number taken for an address says: no such address here, or a name that does not resolve
const ADDRESS_BIND_ERROR = /Cannot assign requested address|gaierror|Name or service not known|Temporary failure in name resolution|getaddrinfo failed/

/** A student server started on a free port and restarted (on a new port) if it died during a check */
export class ServerUnderTest {
  private program: RunningProgram | undefined
  private current: Target | undefined
  private firstProblem: string | undefined
  /** The first start failed outright (no socket to grade at all): later checks do not try again */
  private neverListened = false
  private started = false
  private starts = 0
  private typedSaid = false
  private startWith: ((port: number) => RunningProgram) | undefined

  constructor(private readonly options: ServerUnderTestOptions) {}

  get target(): Target | undefined {
    return this.current
  }

  /** How many times the server program has been started in this grading: a check compares it before and after */
  get startCount(): number {
    return this.starts
  }

  /**
   * What was wrong with the first start, in words for the student; undefined when it listened on the port it
   * was given. A server that listens on another port has a problem, but a target too: it is graded there
   */
  get startProblem(): string | undefined {
    return this.firstProblem
  }

  // Make sure a server is listening before a check; returns the problem when it cannot be. A server that
  // never started is not tried again for every check: its first failure stands
  async ensureRunning(): Promise<string | undefined> {
    if (this.neverListened) return this.firstProblem
    const program = this.program
    // A server that crashed at the very end of the previous check may not be reported yet: ask the kernel
    // (without /proc nothing can be read: a server is taken as running until its exit is reported)
    if (program?.alive && procAvailable) await this.settled(program, SETTLE_BEFORE_CHECK_MS)
    if (program?.alive && this.current && !(await this.abandoned(program, this.current))) return undefined
    const first = !this.started
    this.started = true
    let problem = await this.startOnce()
    // One retry on a bind failure: another process may have taken the port between allocation and bind
    if (problem && /Address already in use/.test(problem)) problem = await this.startOnce()
    if (first && problem && this.tookPortForAddress()) problem = await this.startOnce()
    if (first) {
      this.firstProblem = problem
      this.neverListened = problem !== undefined && !this.current
    }
    return this.current ? undefined : problem
  }

  // A first process that exited with 0 and left nothing listening on the port: the server has ended, whether or not
  // the family watch has yet found the rest of the program gone (on a loaded machine that took longer than the wait
  // before a check, and the check then talked to a server that was not there; a daemon that serves on holds the port)
  private async abandoned(program: RunningProgram, target: Target): Promise<boolean> {
    const leader = program.leaderExit
    if (!procAvailable || !leader || leader.exitCode !== 0 || leader.signal !== null) return false
    return !(await namespaceSockets([this.options.transport])).some((socket) => socket.port === target.port)
  }

  // The first start died binding its argument as an address ("8888" is 0.0.34.184 to getaddrinfo): from now on the
  // server is started the assignment's other way, and the report says so
  private tookPortForAddress(): boolean {
    const other = this.options.startAsAddress
    const stderr = this.program?.stderr.text() ?? ''
    if (!other || this.startWith === other || !ADDRESS_BIND_ERROR.test(stderr) || !/\.bind\(/.test(stderr)) return false
    this.startWith = other
    this.options.onAddressRetry?.("the server took its argument for the address to bind (as the handout's proxy skeleton does: bind((sys.argv[1], 8888))), so it was started again with 127.0.0.1 for its argument, on its own port")
    return true
  }

  /** Aborted when the current server process exits */
  get gone(): AbortSignal {
    return this.program?.exitSignal ?? AbortSignal.abort()
  }

  // How the server ended, when it is no longer running. `dying`: the connection just dropped, so the
  // server may be exiting right now: give its exit a moment to be seen
  async endedHow(options: { dying?: boolean } = {}): Promise<string | undefined> {
    const program = this.program
    if (!program) return undefined
    // Exited but output not yet drained: `exited` settles within the pipe-drain bound
    if (!program.alive) await program.exited
    else if (options.dying) await this.settled(program, this.options.exitSeenMs, { dying: true })
    else if (await starterGone(program)) await this.crashSeen(program)
    // Ended while it was waited for: the exit is known once its output is drained ('alive' turns false first)
    if (!program.alive) await program.exited
    if (!program.exit) return undefined
    return `the server ${describeExit(program.exit, program.stderr.text())}`
  }

  // Wait (bounded) until the server has settled: ended, or every thread of its first process asleep, as a server
  // waiting for its next client is. A crash under way when a connection drops is then seen whatever the machine's load:
  // how long a dying Python took to print its traceback and exit decided, under load, which check it was charged to.
  // The crash's report shares the bound, which the check's deadline holds once (deadline.ts)
  private async settled(program: RunningProgram, budgetMs: number, options: { dying?: boolean } = {}): Promise<void> {
    const until = Date.now() + budgetMs
    // A dropped connection: the exit gets its moment first, as it did before any state was read
    if (options.dying) await Promise.race([program.exited, delay(Math.min(budgetMs, EXIT_MOMENT_MS))])
    // Without /proc (macOS, Windows) no state can be read: that moment is all
    if (!procAvailable) return
    while (program.alive) {
      if (await starterGone(program)) return this.crashSeen(program, until)
      const starter = program.starterPid()
      if (starter !== undefined && (await allThreadsAsleep(starter))) return
      if (Date.now() >= until) return
      await Promise.race([program.exited, delay(5)])
    }
  }

  // The kernel says the first process has ended: wait (until the bound) until its exit is known and, when it failed,
  // until the program is gone, so that how it ended is in every report, however loaded the machine (it decides which
  // later checks the crash spoiled). One that exited with 0 may have left a daemon that serves on: not waited for
  private async crashSeen(program: RunningProgram, until = Date.now() + this.options.exitSeenMs): Promise<void> {
    while (!program.leaderExit && !program.exit && Date.now() < until) await delay(5)
    const leader = program.leaderExit ?? program.exit
    // Exited with 0: the program has ended once the family watch finds nothing left (within moments), unless a daemon
    // serves on. A check started before that talked to a server already gone (the shard recipe's one-shot server)
    if (leader && leader.exitCode === 0 && leader.signal === null) return void (await Promise.race([whenAborted(program.exitSignal), delay(Math.max(0, Math.min(until - Date.now(), FAMILY_DECIDES_MS)))]))
    await Promise.race([program.exited, delay(Math.max(0, until - Date.now()))])
  }

  /**
   * The current program's exit (undefined while it runs) and what it wrote to stderr: what a crash is read from;
   * `leaderExit`: its first process's, known before the rest of the program is found gone
   */
  get lastRun(): { readonly exit: ProgramExit | undefined; readonly leaderExit: ProgramExit | undefined; readonly stderr: string } | undefined {
    const program = this.program
    return program ? { exit: program.exit, leaderExit: program.leaderExit, stderr: program.stderr.text() } : undefined
  }

  async stop(): Promise<void> {
    await this.program?.kill()
  }

  private async startOnce(): Promise<string | undefined> {
    await this.program?.kill()
    if (this.options.maxStarts !== undefined && this.starts >= this.options.maxStarts) {
      this.current = undefined
      return `The server stopped during the checks and was started ${this.starts} times: it is not started again`
    }
    this.starts++
    await this.options.beforeStart?.()
    const port = await this.options.port()
    const program = (this.startWith ?? this.options.start)(port)
    this.program = program
    this.current = undefined
    // A server that asks for its port with input() gets it typed, while the grader waits for it to listen
    const asked = new AbortController()
    const typed = answerPrompts(program, { port, host: '127.0.0.1' }, asked.signal)
    const outcome = await waitForListen(program, { port, transport: this.options.transport, timeoutMs: this.options.startTimeoutMs, marker: this.options.marker, scope: this.options.scope })
    asked.abort()
    if (typed.length && !this.typedSaid) {
      this.typedSaid = true
      this.options.onTyped?.(`the server asked on its standard input, and the grader typed ${typed.map((t) => `${t.typed} (after ${t.prompt ? JSON.stringify(t.prompt) : 'no prompt'})`).join(', then ')}: reading the port from sys.argv works without anyone at the keyboard`)
    }
    if (outcome.kind === 'listening') {
      this.current = { host: '127.0.0.1', port, transport: this.options.transport }
      // Served from a process that left the server: graded there all the same, and told so
      return outcome.detached ? this.detachedProblem(outcome.detached, port) : undefined
    }
    // Listening, on the right transport, but on a port of its own choosing: graded there, and told so
    const elsewhere = outcome.kind === 'elsewhere' ? outcome.sockets.find((s) => s.transport === this.options.transport) : undefined
    if (elsewhere) {
      this.current = { host: '127.0.0.1', port: elsewhere.port, transport: this.options.transport }
      return this.explain(outcome, port, program)
    }
    await program.kill()
    return this.explain(outcome, port, program)
  }

  private detachedProblem(detached: DetachedListener, port: number): string {
    const what =
      detached.how === 'daemonized'
        ? 'a background process that left its session (forked, then setsid)'
        : 'a forked process whose parent had exited'
    return `The server listens on ${this.options.transport.toUpperCase()} port ${port} from ${what}, not from the program the grader started: the other checks talked to it there. Run the server in the foreground, without forking or daemonizing`
  }

  private explain(outcome: Exclude<ListenOutcome, { kind: 'listening' }>, port: number, program: RunningProgram): string {
    const wanted = `${this.options.transport.toUpperCase()} port ${port}`
    switch (outcome.kind) {
      case 'exited':
        if (outcome.daemonized) return `The server's first process exited (code ${outcome.exit.exitCode}) and left a background process listening on ${wanted}: run the server in the foreground, without forking or daemonizing`
        if (/Address already in use/.test(program.stderr.text())) {
          return `The server stopped: the port it tried to bind is in use by another program (OSError: Address already in use). The grader gave it ${wanted}, which was free: does it read the port from sys.argv[1] instead of a fixed number?`
        }
        return `The server stopped before listening on ${wanted}: it ${describeExit(outcome.exit, program.stderr.text())}`
      case 'elsewhere': {
        const sameTransport = outcome.sockets.filter((s) => s.transport === this.options.transport)
        if (sameTransport.length === 0) {
          const other = outcome.sockets[0]
          return `The server listens with ${other?.transport.toUpperCase()} on port ${other?.port}; the assignment asks for ${this.options.transport.toUpperCase()}`
        }
        const ports = sameTransport.map((s) => s.port).join(', ')
        const spec = this.options.specPort === port ? '' : ` (the assignment's port is ${this.options.specPort})`
        return `The server listens on ${this.options.transport.toUpperCase()} port ${ports}, not on port ${port} given on its command line${spec}: the other checks talked to it on port ${sameTransport[0]?.port}. Read the port from sys.argv[1], with ${this.options.specPort} as the default${this.options.elsewhereHint ?? ''}`
      }
      case 'nothing':
        if (outcome.leaderExit) {
          return `The server's first process exited (code ${outcome.leaderExit.exitCode}) and left a background process running that never listened on ${wanted} within ${this.options.startTimeoutMs} ms: run the server in the foreground, without forking or daemonizing`
        }
        // Without /proc (macOS, Windows) another port goes unseen: say what it would mean, not that there is none
        return `The server was still running after ${this.options.startTimeoutMs} ms but never listened on ${wanted}${procAvailable ? ' (nor on any other port)' : `: if it listens on a fixed port instead, read the port from sys.argv[1], with ${this.options.specPort} as the default (on macOS and Windows the grader cannot see which other port a server uses)`}`
    }
  }
}
