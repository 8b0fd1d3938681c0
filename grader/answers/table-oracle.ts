import { NoAnswer, type Oracle } from './oracle.js'

// The answers an instructor wrote down, one per input; a client is answered with the answer and a random tag
export function tableOracle(table: Readonly<Record<string, string>>): Oracle {
  const answers = Object.values(table)
  return {
    name: 'table',
    // Counts, as a check of bare digits expects them
    numeric: answers.every((answer) => /^\d+$/.test(answer)),
    async answers(inputs) {
      return inputs.map((input) => {
        // The grader sends only the table's inputs (loading checks them); a client or a person may type others
        if (!Object.hasOwn(table, input)) throw new NoAnswer(`${JSON.stringify(input)} is not an input of the answer table`)
        return table[input] as string
      })
    },
    clientReply: (input, random) => `${table[input.replace(/\r?\n$/, '')] ?? ''} [${random.int(1000, 9999)}]`,
    mistake: () => undefined,
  }
}
