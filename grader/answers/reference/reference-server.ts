import type { Framing } from '../../assignments/framing.js'
import { InternalError } from '../../errors.js'
import type { RunningProgram } from '../../process/start-program.js'

/** How the relay (relay.py) talks to the reference: the framing of one session, and its deadlines */
export interface RelayConfig extends RelayTiming {
  readonly transport: 'udp' | 'tcp'
  /** The assignment's framing (framing.ts): `datagram`: one per input; `connection`: a TCP connection per input, the
   * reply until close or a pause; `until-close`: a connection per input, half-closed after it, the reply until close;
   * `lines` and `terminator`: one connection for the whole session, each input and reply ending with the terminator */
  readonly framing: Framing['name']
  /** The terminator's bytes in base64 (lines, terminator) */
  readonly terminator?: string
  readonly port: number
}

/** The relay's deadlines: for the reference to listen, for each reply, and the pause that ends an unclosed reply */
export interface RelayTiming {
  readonly startMs: number
  readonly replyMs: number
  readonly idleMs: number
}

/** The instructor's reference failed (crashed, hung, never listened): the grader's or rubric's fault, never the student's */
export class ReferenceFailed extends InternalError {
  override name = 'ReferenceFailed'
}

// What the relay says: ready (or why not) once, then the replies to each session (or what went wrong, at which input)
type RelayLine = { ready: true } | { replies: string[] } | { error: string; input?: number }

/** The instructor's reference server behind its relay: started on the first question, asked one session at a time */
export class ReferenceServer {
  private program: RunningProgram | undefined
  private ready: Promise<void> | undefined
  private pending = ''
  private readonly waiting: ((line: RelayLine | Error) => void)[] = []
  private turn: Promise<unknown> = Promise.resolve()
  // Set by stop(): a question asked after it (a check still running past the grading's deadline) starts nothing
  private stopped = false

  /**
   * `label`: the reference in messages ("the reference server for calc-tcp"); `start`: starts relay.py (with the
   * reference command after it) handing its stdout to the listener; `relay`: the deadlines the relay was given
   */
  constructor(
    private readonly options: {
      readonly label: string
      readonly relay: RelayTiming
      readonly start: (onStdout: (chunk: Buffer) => void) => Promise<RunningProgram>
      /** The bytes an input is sent as (inputs.ts); UTF-8 when not given */
      readonly encode?: (input: string) => Buffer
    },
  ) {}

  // The replies of the reference to these inputs, sent in order in one session (see RelayConfig.framing)
  ask(inputs: readonly string[]): Promise<string[]> {
    const asked = this.turn.then(() => this.session(inputs))
    this.turn = asked.catch(() => undefined)
    return asked
  }

  /** The relay's pid while the relay itself runs (once it has ended, its pid may be another process's) */
  pids(): number[] {
    return this.program && !this.program.leaderExit && this.program.alive ? [this.program.pid] : []
  }

  async stop(): Promise<void> {
    this.stopped = true
    // A relay waiting to say ready ends at once (its start then fails); a start still launching it sees the flag as
    // it returns and kills it: wait for that, so nothing is started once stop() is done
    await this.program?.kill()
    await this.ready?.catch(() => undefined)
    await this.program?.kill()
  }

  private async session(inputs: readonly string[]): Promise<string[]> {
    if (this.stopped) throw new ReferenceFailed(`${this.options.label}: asked after the grading stopped it`)
    await (this.ready ??= this.start())
    const program = this.program as RunningProgram
    program.stdin?.write(`${JSON.stringify({ inputs: inputs.map((input) => (this.options.encode?.(input) ?? Buffer.from(input)).toString('base64')) })}\n`)
    const { relay } = this.options
    // The relay's own deadlines bound the session; this one only catches a relay that itself stopped answering
    const line = await this.nextLine(relay.startMs + inputs.length * (relay.replyMs * 2 + relay.idleMs * 5) + 2000)
    if ('replies' in line) return line.replies.map((reply) => Buffer.from(reply, 'base64').toString('utf8'))
    const input = 'error' in line && line.input !== undefined ? inputs[line.input] : undefined
    throw new ReferenceFailed(`${this.options.label}: ${'error' in line ? line.error : 'no reply'}${input === undefined ? '' : ` (on input ${JSON.stringify(input)})`}`)
  }

  private async start(): Promise<void> {
    const program = await this.options.start((chunk) => this.received(chunk))
    this.program = program
    if (this.stopped) {
      await program.kill()
      throw new ReferenceFailed(`${this.options.label}: asked after the grading stopped it`)
    }
    void program.exited.then(() => this.settleAll(new ReferenceFailed(`${this.options.label}: its relay ended (${program.stderr.text().trim().split('\n').pop() || 'no message'})`)))
    const line = await this.nextLine(this.options.relay.startMs + 5000)
    if (!('ready' in line)) throw new ReferenceFailed(`${this.options.label}: ${'error' in line ? line.error : 'it did not start'}`)
  }

  private received(chunk: Buffer): void {
    this.pending += chunk.toString('utf8')
    for (let end = this.pending.indexOf('\n'); end >= 0; end = this.pending.indexOf('\n')) {
      const text = this.pending.slice(0, end)
      this.pending = this.pending.slice(end + 1)
      let line: RelayLine | Error
      try {
        line = JSON.parse(text) as RelayLine
      } catch {
        line = new ReferenceFailed(`${this.options.label}: its relay said something unreadable: ${text.slice(0, 200)}`)
      }
      this.waiting.shift()?.(line)
    }
  }

  private settleAll(error: Error): void {
    for (const settle of this.waiting.splice(0)) settle(error)
  }

  private nextLine(timeoutMs: number): Promise<RelayLine> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(settle)
        if (at >= 0) this.waiting.splice(at, 1)
        // A late line would answer the next session with this one's replies: the relay goes, and every later
        // question fails as the grader's error instead
        this.stopped = true
        void this.program?.kill()
        reject(new ReferenceFailed(`${this.options.label}: no answer within ${timeoutMs} ms`))
      }, timeoutMs)
      const settle = (line: RelayLine | Error) => {
        clearTimeout(timer)
        if (line instanceof Error) reject(line)
        else resolve(line)
      }
      if (this.program && !this.program.alive) settle(new ReferenceFailed(`${this.options.label}: its relay ended`))
      else this.waiting.push(settle)
    })
  }
}
