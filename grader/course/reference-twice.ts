import type { Assignment } from '../assignments/assignment.js'
import { gradingReference } from '../answers/reference/start-reference.js'
import { ReferenceFailed } from '../answers/reference/reference-server.js'
import { inputsFor } from '../inputs/inputs.js'
import { resolvePython } from '../process/python.js'
import { seededRandom } from '../random.js'
import { programEnv } from '../submission/program-command.js'
import { scaledTiming } from '../timing.js'

const INPUTS = 6

// The sessions a grading would ask: each input alone, and for a multiline assignment all of them on one connection
function sessionsOf(assignment: Assignment, seed: number): string[][] {
  const inputs = inputsFor(assignment).draw(seededRandom(seed, 'reference-twice'), INPUTS)
  return [...inputs.map((input) => [input]), ...(assignment.session === 'multiline' ? [inputs] : [])]
}

// Ask the assignment's reference server the same sessions twice, started afresh each time, in two orders. An oracle must agree with
// itself: a reference that answers with the time, a random number or state left from an earlier connection would
// make one student's grade depend on luck. The first difference in words, or undefined when they agree (or when the
// reference fails outright, which the gradings report themselves)
export async function referenceDisagreement(assignment: Assignment, seed: number): Promise<string | undefined> {
  const sessions = sessionsOf(assignment, seed)
  const python = (await resolvePython()).executable
  const runs: string[][][] = []
  for (let run = 0; run < 2; run++) {
    const reference = gradingReference(assignment, { python, env: programEnv(process.env), timing: scaledTiming(1) })
    if (!reference) return undefined
    try {
      // The second time in the other order: a reference whose answer depends on what it was asked before (a count
      // kept across connections) answers differently, as it would in gradings that ask in their own order
      const order = run === 0 ? sessions.map((_, i) => i) : sessions.map((_, i) => sessions.length - 1 - i)
      const replies: string[][] = []
      for (const i of order) replies[i] = await reference.server.ask(sessions[i] as string[])
      runs.push(replies)
    } catch (error) {
      if (error instanceof ReferenceFailed) return undefined
      throw error
    } finally {
      await reference.stop()
    }
  }
  const [first, second] = runs as [string[][], string[][]]
  for (const [s, session] of sessions.entries()) {
    const i = session.findIndex((_, k) => first[s]?.[k] !== second[s]?.[k])
    if (i >= 0) {
      const where = session.length > 1 ? ` (line ${i + 1} of a session of ${session.length})` : ''
      return `the reference server for ${assignment.id} answered "${session[i]}"${where} with ${JSON.stringify(first[s]?.[i])}, then with ${JSON.stringify(second[s]?.[i])}: an oracle must give the same answer every time`
    }
  }
  return undefined
}
