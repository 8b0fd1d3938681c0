import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import type { Assignment, ReferenceAnswer } from '../../assignments/assignment.js'
import { framingOf } from '../../assignments/framing.js'
import { inputsFor } from '../../inputs/inputs.js'
import { freePort } from '../../net/ports.js'
import { packageRoot } from '../../paths.js'
import { startProgram } from '../../process/start-program.js'
import type { Timing } from '../../timing.js'
import { ownNetworkArgv } from './own-network.js'
import { ReferenceServer, type RelayConfig } from './reference-server.js'

const relayPath = join(packageRoot, 'grader', 'answers', 'reference', 'relay.py')

/** The grading's reference server, and how to end it (its private copy removed) */
export interface GradingReference {
  readonly server: ReferenceServer
  /** The private copy it runs in, once started */
  readonly folder: string | undefined
  stop(): Promise<void>
}

// The assignment's reference server, when its answer is one: run from a private copy of its folder (broken variants
// left out), through the relay, on a port of its own, started on the first question. Host mode only for now
export function gradingReference(assignment: Assignment, options: { python: string; env: NodeJS.ProcessEnv; timing: Timing }): GradingReference | undefined {
  const { answer } = assignment
  if (typeof answer !== 'object' || !('reference' in answer)) return undefined
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
      const command = assignment.server.command.map((part) =>
        part.replaceAll('{python}', options.python).replaceAll('{file}', answer.reference).replaceAll('{port}', String(port)).replaceAll('{host}', '127.0.0.1'),
      )
      // In a network of its own where one can be had: no student program can reach the reference or take its port
      const isolated = ownNetworkArgv()
      const relayConfig = { ...config, ownNetwork: isolated.length > 0 }
      return startProgram([...isolated, options.python, relayPath, JSON.stringify(relayConfig), '--', ...command], { cwd: copy, env: options.env, family: true, talk: { onStdout } })
    },
  })
  return {
    server,
    get folder() {
      return copy
    },
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
