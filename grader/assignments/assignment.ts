import type { BuiltinOracleName } from '../answers/builtin-oracles.js'
import type { CompareSpec } from '../answers/compare.js'
import type { FramingSpec } from './framing.js'
import type { DialogueStepSpec } from '../dialogue/dialogue.js'
import type { InputsSpec } from '../inputs/inputs.js'
import type { ServedFileSpec } from '../files/served-files.js'
import type { LossyServerSpec } from '../lossy-server/spec.js'
import type { OriginSpec } from '../origin/origin-pages.js'

/** What the grader needs to know about one program of an assignment */
export interface ProgramSpec {
  /** The file students hand in, for example `UDPServer.py` */
  readonly file: string
  /** argv template: `{python}`, `{file}`, `{host}` and `{port}` are substituted */
  readonly command: readonly string[]
  /** A Python server's second way to start, when the first dies binding its argument as an address (the proxy skeleton) */
  readonly 'address-command'?: readonly string[]
}

/** The instructor's reference server as the oracle: `reference/<id>/<file>` beside the assignment's folder */
export interface ReferenceAnswer {
  readonly reference: string
  /** The reference's folder, absolute (every file of it is copied for the reference's run) */
  readonly dir: string
}

// The reference server that answers the assignment, when its answer is one
export function referenceAnswerOf(assignment: Pick<Assignment, 'answer'>): ReferenceAnswer | undefined {
  const { answer } = assignment
  return typeof answer === 'object' && 'reference' in answer ? answer : undefined
}

// One program of an assignment, for code that works only on pairs (the textbook's exercises): a grader bug without it
export function programOf(assignment: Pick<Assignment, 'id' | 'server' | 'client'>, side: 'server' | 'client'): ProgramSpec {
  const spec = assignment[side]
  if (!spec) throw new Error(`Assignment "${assignment.id}" has no ${side} program`)
  return spec
}

// The files an assignment asks for, server's first: one for a lab with one program
export function programFiles(assignment: Pick<Assignment, 'server' | 'client'>): string[] {
  return [assignment.server?.file, assignment.client?.file].filter((file): file is string => file !== undefined)
}

/** One assignment, as declared in `assignments/<id>/assignment.yaml` */
export interface Assignment {
  readonly id: string
  readonly title: string
  readonly transport: 'udp' | 'tcp'
  /**
   * What a correct server answers (`transform:` is its older name): a built-in, a table of input → answer, or the
   * instructor's reference server (its file as written, and where loading found it)
   */
  readonly answer?: BuiltinOracleName | { readonly table: Readonly<Record<string, string>> } | ReferenceAnswer
  /**
   * The steps of a protocol the grader plays one side of (dialogue.ts); with a dialogue the answer may be left out,
   * and then only checks that need none fit (server-listens and the dialogue checks)
   */
  readonly dialogue?: readonly DialogueStepSpec[]
  /** The steps the grader plays as the server, against a student's client (client-follows-dialogue) */
  readonly 'client-dialogue'?: readonly DialogueStepSpec[]
  /** Files the grader writes, seeded, beside the student's server before it starts: what an HTTP server serves */
  readonly files?: readonly ServedFileSpec[]
  /** The UDP server the grader plays against a student's client, answering late or never (the client-ping checks) */
  readonly 'lossy-server'?: LossyServerSpec
  /** The web server the grader runs behind a student's proxy: its port and the pages every site has (origin/) */
  readonly origin?: OriginSpec
  /** Other client dialogues by name, each played in a run of its own when a check names it (a refusal ...) */
  readonly 'client-dialogues'?: Readonly<Record<string, readonly DialogueStepSpec[]>>
  /** Lines typed on the client's stdin in a client dialogue's run (clients that ask for addresses with input()) */
  readonly 'client-stdin'?: readonly string[]
  /** Ports the grader's server in a client dialogue also answers on (a protocol's usual ports, hard-coded) */
  readonly 'other-ports'?: readonly number[]
  /** Every host name a program looks up means the grader: a wildcard DNS in the sandbox, the shim on a shared host */
  readonly 'any-host'?: boolean
  /** What the grader sends; sentences of every kind when not given (a table's inputs for a table) */
  readonly inputs?: InputsSpec
  /** How a reply is compared with that answer; each oracle has its default */
  readonly compare?: CompareSpec
  /** `single`: one message per run of the client; `multiline`: lines until end of input */
  readonly session: 'single' | 'multiline'
  /** How messages and replies are delimited on the wire; what transport and session imply when not given (framing.ts) */
  readonly framing?: FramingSpec
  /** The spec's default port and host (the textbook's 12000 and localhost) */
  readonly port: number
  readonly host: string
  /** The student's programs: a lab may have only one (a client of a server the grader plays, a server alone) */
  readonly server?: ProgramSpec
  readonly client?: ProgramSpec
}
