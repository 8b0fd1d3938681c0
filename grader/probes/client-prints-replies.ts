import { noAnswer } from '../answers/oracle.js'
import { clientParamsSchema, observeClient, type ClientParams } from './client-params.js'
import { clientEnded, neverContacted, unframed } from './client-outcome.js'
import { defineClientProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

const FLOOD_HINT = 'Print each reply once: a loop that keeps printing after the input ends (or prints in a busy loop) floods the output'

// Every reply the server sent appears in the client's stdout, in order (prompts and prefixes around it are fine)
export const clientPrintsReplies = defineClientProbe<ClientParams>({
  name: 'client-prints-replies',
  description: "Prints every reply the server sent, in order",
  params: clientParamsSchema,
  transports: ['udp', 'tcp'],
  async run(ctx) {
    const session = await observeClient(ctx)
    if (session.messages.length === 0) return fail(neverContacted(session, ctx.assignment))
    let from = 0
    // Only the replies to the typed lines count: what a client sends after its input ended is judged elsewhere
    for (const [i, message] of session.messages.slice(0, session.lines.length).entries()) {
      const at = session.stdout.indexOf(message.reply, from)
      if (at < 0) {
        if (session.stdoutOverflowed) return fail(`The client ${clientEnded(session)}: reply ${i + 1}, ${preview(message.reply)}, is not in what it printed before that`, FLOOD_HINT)
        // What the client would print had it worked the answer out itself (none when what it sent has no answer)
        const ownAnswer = await ctx.answers.expected([unframed(message.text)]).then(([answer]) => answer, noAnswer)
        const ownWork = ownAnswer !== undefined && session.stdout.includes(ownAnswer)
        const cut = printedPrefix(session.stdout.slice(from), message.reply)
        const hint = ownWork
          ? 'The client printed its own computation: print what recv()/recvfrom() returned (the grader\'s server answers with text only it knows)'
          : cut
            ? `The client printed only the first ${cut} bytes of the reply: recv(n) returns at most n bytes, so give it a buffer as large as any reply (recv(2048))`
            : undefined
        return fail(`Reply ${i + 1}: the server sent ${preview(message.reply)}, which is not in the client's output ${preview(session.stdout.slice(from))}`, hint)
      }
      from = at + message.reply.length
    }
    if (session.messages.length < session.lines.length) return fail(`Only ${session.messages.length} of ${session.lines.length} lines reached the server, so only their replies could be printed`)
    return pass()
  },
})

// How many bytes of the reply's start the client printed, when it printed a start of it but not all of it (a recv
// buffer too small); undefined when it printed no such start
function printedPrefix(stdout: string, reply: string): number | undefined {
  const bytes = Buffer.from(reply)
  for (let n = bytes.length - 1; n >= MIN_PREFIX_BYTES; n--) {
    const start = bytes.subarray(0, n).toString('utf8').replace(/\uFFFD$/, '')
    if (start.length >= MIN_PREFIX_BYTES && stdout.includes(start)) return n
  }
  return undefined
}

const MIN_PREFIX_BYTES = 4
