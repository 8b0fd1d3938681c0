import { neverContacted } from './client-outcome.js'
import { clientParamsSchema, observeClient, type ClientParams } from './client-params.js'
import { defineClientProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

const HINT = "print(reply) shows a bytes object as b'...': print the text it holds, print(reply.decode())"

// A reply printed as Python shows a bytes object, b'...' or b"...", instead of the text decoded from it. A client that
// never sent earns nothing here, as in every client check; a reply not printed at all is client-prints-replies' failure
export const clientPrintsDecoded = defineClientProbe<ClientParams>({
  name: 'client-prints-decoded',
  description: "Prints each reply as text, not as a bytes object (b'...')",
  params: clientParamsSchema,
  transports: ['udp', 'tcp'],
  async run(ctx) {
    const session = await observeClient(ctx)
    if (session.messages.length === 0) return fail(neverContacted(session, ctx.assignment))
    for (const [i, message] of session.messages.slice(0, session.lines.length).entries()) {
      const shown = bytesReprs(message.reply).find((repr) => session.stdout.includes(repr))
      if (shown) return fail(`Reply ${i + 1} was printed as a bytes object, ${preview(shown)}, not as the text ${preview(message.reply)}`, HINT)
    }
    return pass()
  },
})

// How Python's repr() may show the bytes of a reply: quoted with ' or ", line ends escaped (the grader's replies are
// text it chose, so other escapes do not occur)
function bytesReprs(reply: string): string[] {
  const text = reply.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
  return [`b'${text.replace(/'/g, "\\'")}'`, `b"${text}"`]
}
