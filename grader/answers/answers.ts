import type { Assignment } from '../assignments/assignment.js'
import type { Random } from '../random.js'
import { builtinOracle, type BuiltinOracleName } from './builtin-oracles.js'
import { comparatorFor, type Comparator, type CompareSpec } from './compare.js'
import type { Oracle } from './oracle.js'
import { tableOracle } from './table-oracle.js'
import { referenceOracle } from './reference/reference-oracle.js'
import { InternalError } from '../errors.js'

/** How one reply compares with the answer: the answer, and when wrong, the likely reason */
export interface Judgement {
  readonly ok: boolean
  readonly expected: string
  readonly hint?: string
}

/** An assignment's oracle and comparison rule together: what probes ask "is this reply right?" */
export interface Answers {
  /** Every answer is a number */
  readonly numeric: boolean
  /** The answers to inputs sent one after another in one session */
  expected(inputs: readonly string[]): Promise<string[]>
  /** Judges a reply against an answer already known for that input */
  compare(input: string, expected: string, reply: string): Judgement
  /** Judges the reply to one input sent alone */
  judge(input: string, reply: string): Promise<Judgement>
  /** What the grader's server says to a student client that sent this input */
  clientReply(input: string, random: Random): string | Promise<string>
}

// The comparison each built-in oracle had before `compare:` existed; others compare trimmed
const DEFAULT_COMPARE: Record<BuiltinOracleName, CompareSpec> = { uppercase: 'trimmed', 'count-s': 'first-number' }

/** Asks the assignment's reference server one session (see reference/reference-server.ts) */
export type AskReference = (inputs: readonly string[]) => Promise<string[]>

// The answers of an assignment: its `answer:` oracle compared by its `compare:` rule. A reference oracle asks through
// `reference`, which the grading supplies (it runs the reference); without it, asking is the grader's bug
export function answersFor(assignment: Pick<Assignment, 'answer' | 'compare' | 'id'>, reference?: AskReference): Answers {
  const { answer } = assignment
  const oracle =
    answer === undefined
      ? noOracle(assignment.id)
      : typeof answer === 'string'
      ? builtinOracle(answer)
      : 'table' in answer
        ? tableOracle(answer.table)
        : referenceOracle(reference ?? (() => Promise.reject(new InternalError(`No reference server was started for "${assignment.id}"`))))
  return combine(oracle, comparatorFor(assignment.compare ?? (typeof answer === 'string' ? DEFAULT_COMPARE[answer] : 'trimmed')))
}

// The oracle of an assignment with no answer (its checks are dialogues): asking it is the grader's bug, since only
// probes that never ask fit such an assignment (probe-fit.ts)
function noOracle(id: string): Oracle {
  const unanswered = (): never => {
    throw new InternalError(`"${id}" has no answer: only checks that need none (dialogues) can grade it`)
  }
  return { name: 'none', numeric: false, answers: async () => unanswered(), clientReply: unanswered, mistake: () => undefined }
}

function combine(oracle: Oracle, comparator: Comparator): Answers {
  const compare = (input: string, expected: string, reply: string): Judgement => {
    const { ok, hint } = comparator(expected, reply)
    // The oracle knows the mistakes of its exercise; the rule knows the generic ones
    return ok ? { ok, expected } : { ok, expected, hint: oracle.mistake(input, reply) ?? hint }
  }
  return {
    numeric: oracle.numeric,
    expected: (inputs) => oracle.answers(inputs),
    compare,
    async judge(input, reply) {
      const [expected] = (await oracle.answers([input])) as [string]
      return compare(input, expected, reply)
    },
    clientReply: (input, random) => oracle.clientReply(input, random),
  }
}
