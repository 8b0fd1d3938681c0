import type { Random } from '../random.js'
import { firstNumber } from './compare.js'
import type { Oracle } from './oracle.js'

/** The oracles `answer:` names without a program: the textbook's two exercises */
export const builtinOracleNames = ['uppercase', 'count-s'] as const
export type BuiltinOracleName = (typeof builtinOracleNames)[number]

// How many times s or S appears
export function countS(message: string): number {
  return [...message].filter((c) => c === 's' || c === 'S').length
}

const withoutLineEnd = (text: string) => text.replace(/\r?\n$/, '')

// The sentence in capitals; a client is answered with a random tag added, which it can only print by reading it
const uppercase: Oracle = {
  name: 'uppercase',
  numeric: false,
  answers: async (inputs) => inputs.map((input) => input.toUpperCase()),
  clientReply: (input, random) => `${withoutLineEnd(input).toUpperCase()} [${random.int(1000, 9999)}]`,
  mistake(input, reply) {
    const got = reply.trim()
    // An all-lowercase sentence comes back the same when unchanged and when lowercased: name both, not a guess
    const lowered = got === input.toLowerCase()
    if (lowered && input === input.toLowerCase()) return 'The reply is the sentence as sent, in lowercase: send back message.upper() (not lower(), not the message unchanged)'
    if (lowered) return 'The reply is in lowercase: use upper(), not lower()'
    if (got === input) return 'The reply is the message unchanged: is the transformed text the one sent back?'
    return undefined
  },
}

// How many s and S; a client is answered with a random five-digit number that is not the true count
const countSOracle: Oracle = {
  name: 'count-s',
  numeric: true,
  answers: async (inputs) => inputs.map((input) => String(countS(input))),
  clientReply(input, random) {
    const truth = countS(withoutLineEnd(input))
    let fake = random.int(10_000, 99_999)
    if (fake === truth) fake += 1
    return String(fake)
  },
  mistake(input, reply) {
    if (reply.trim() === input) return 'The reply is the message unchanged: is the transformed text the one sent back?'
    if (firstNumber(reply) === [...input].filter((c) => c === 's').length) return 'Only lowercase s was counted: count S too (message.lower().count("s"))'
    return undefined
  },
}

// The built-in oracle of that name
export function builtinOracle(name: BuiltinOracleName): Oracle {
  return name === 'uppercase' ? uppercase : countSOracle
}
