import type { Oracle } from '../oracle.js'

const withoutLineEnd = (text: string) => text.replace(/\r?\n$/, '')

// The instructor's reference server as the oracle: each session asked once per grading (a session asked again gets
// the same answers, as one replayed on a fresh reference would); a client is answered with the reference's answer and
// a random tag
export function referenceOracle(ask: (inputs: readonly string[]) => Promise<string[]>): Oracle {
  const sessions = new Map<string, Promise<string[]>>()
  const answers = (inputs: readonly string[]): Promise<string[]> => {
    const key = JSON.stringify(inputs)
    let asked = sessions.get(key)
    if (!asked) sessions.set(key, (asked = ask(inputs)))
    return asked
  }
  return {
    name: 'reference',
    numeric: false,
    answers,
    async clientReply(input, random) {
      // Drawn before the wait: the tags stay in message order however the reference's answers interleave
      const tag = random.int(1000, 9999)
      const [answer = ''] = await answers([withoutLineEnd(input)])
      return `${withoutLineEnd(answer)} [${tag}]`
    },
    mistake: () => undefined,
  }
}
