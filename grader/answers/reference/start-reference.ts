import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { referenceAnswerOf, type Assignment, type ReferenceAnswer } from '../../assignments/assignment.js'
import { framingOf } from '../../assignments/framing.js'
import { inputsFor } from '../../inputs/inputs.js'
import { freePort } from '../../net/ports.js'
import { packageRoot } from '../../paths.js'
import { startProgram } from '../../process/start-program.js'
import type { Timing } from '../../timing.js'
import type { Limits } from '../../sandbox/limits.js'
import type { RoomConfig } from '../../sandbox/room.js'
import { ReferenceServer, type RelayConfig } from './reference-server.js'

const relayPath = join(packageRoot, 'grader', 'answers', 'reference', 'relay.py')

/** The grading's reference server, and how to end it (its private copy removed) */
export interface GradingReference {
  readonly server: ReferenceServer
  /** The private copy it runs in, once started */
  readonly folder: string | undefined
  /** The relay's pid while it runs (everything of the reference descends from it) */
  pids(): number[]
  stop(): Promise<void>
}

/**
 * How the reference is held: in the sandbox, in a room as a student program is (`room`); on the host as root, as a uid
 * of its own (`uid`, not the students'); either way under the student limits
 */
export interface ReferenceConfinement {
  readonly room?: RoomConfig
  readonly limits: Limits
  readonly uid?: number
}

// The assignment's reference server, when its answer is one: run from a private copy of its folder (broken variants
// left out), through the relay, in a network of its own (required in the sandbox, where it also gets a room; on the
// host where one can be made), held as `confine` says, started on the first question
export function gradingReference(assignment: Assignment, options: { python: string; env: NodeJS.ProcessEnv; timing: Timing; confine?: ReferenceConfinement }): GradingReference | undefined {
  const answer = referenceAnswerOf(assignment)
  if (!answer) return undefined
  let copy: string | undefined
  const relay = { startMs: options.timing.serverStartMs, replyMs: options.timing.replyMs, idleMs: options.timing.replyIdleMs }
  const server = new ReferenceServer({
    label: `the reference server for ${assignment.id} (${answer.reference})`,
    relay,
    encode: inputsFor(assignment).encode,
    start: async (onStdout) => {
      copy = privateCopyOf(answer)
      const port = await freePort()
      const framing = framingOf(assignment)
      const config: RelayConfig = { ...relay, transport: assignment.transport, framing: framing.name, terminator: framing.terminator?.toString('base64'), port }
      const template = assignment.server?.command ?? ['{python}', '{file}', '{port}']
      const command = template.map((part) =>
        part.replaceAll('{python}', options.python).replaceAll('{file}', answer.reference).replaceAll('{port}', String(port)).replaceAll('{host}', '127.0.0.1'),
      )
      // `{python} {file}` with a Python file: the relay runs it in a fork of its own interpreter, one Python start
      const inProcess = template[0] === '{python}' && template[1] === '{file}' && answer.reference.endsWith('.py')
      const { confine } = options
      const held = confine && {
        room: confine.room !== undefined,
        hide: confine.room?.hidden ?? [],
        tmpBytes: confine.room?.tmpBytes ?? 0,
        seccomp: confine.room?.seccompFilter ?? null,
        uid: confine.uid ?? null,
        copy,
        limits: confine.limits,
        // As a student program is limited (launcher.ts): address space for a Python one
        limitAddressSpace: template[0] === '{python}',
      }
      // A network of its own, so no student program can reach the reference or take its port: required in the sandbox,
      // where the reference also gets a room; on the host, where one cannot be had, it shares the host's
      const relayConfig = { ...config, network: confine?.room ? 'own' : 'own-if-possible', inProcess, confine: held ?? null }
      return startProgram([options.python, relayPath, JSON.stringify(relayConfig), '--', ...command], { cwd: copy, env: options.env, family: true, talk: { onStdout } })
    },
  })
  return {
    server,
    get folder() {
      return copy
    },
    pids: () => server.pids(),
    async stop() {
      await server.stop()
      if (copy) rmSync(copy, { recursive: true, force: true })
    },
  }
}

function privateCopyOf(answer: ReferenceAnswer): string {
  const copy = mkdtempSync(join(tmpdir(), 'sockgrade-reference-'))
  const broken = join(answer.dir, 'broken')
  cpSync(answer.dir, copy, { recursive: true, filter: (source) => source !== broken && !source.startsWith(`${broken}${sep}`) })
  return copy
}
