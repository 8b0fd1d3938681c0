import { InternalError } from '../errors.js'
import { wholeNumber } from './compare.js'
import type { Oracle } from './oracle.js'

// The answers an instructor wrote down, one per input; a client is answered with the answer and a random tag
export function tableOracle(table: Readonly<Record<string, string>>): Oracle {
  const answers = Object.values(table)
  return {
    name: 'table',
    numeric: answers.every((answer) => wholeNumber(answer) !== undefined),
    async answers(inputs) {
      return inputs.map((input) => {
        // Loading checks that the inputs are the table's: a miss is the grader's own fault
        if (!Object.hasOwn(table, input)) throw new InternalError(`The answer table has no answer for ${JSON.stringify(input)}`)
        return table[input] as string
      })
    },
    clientReply: (input, random) => `${table[input.replace(/\r?\n$/, '')] ?? ''} [${random.int(1000, 9999)}]`,
    mistake: () => undefined,
  }
}
