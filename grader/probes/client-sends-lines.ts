import { clientParamsSchema, observeClient, type ClientParams } from './client-params.js'
import { neverContacted, unframed } from './client-outcome.js'
import { defineClientProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

// Each typed line reaches the server exactly, in order, one message each (a trailing newline is allowed,
// and required on multi-line TCP sessions where it is what separates the lines)
export const clientSendsLines = defineClientProbe<ClientParams>({
  name: 'client-sends-lines',
  description: 'Sends every typed line, exactly and in order, one message each',
  params: clientParamsSchema,
  transports: ['udp', 'tcp'],
  async run(ctx) {
    const session = await observeClient(ctx)
    const { messages, lines } = session
    if (messages.length === 0) return fail(neverContacted(session, ctx.assignment))
    const needsNewline = ctx.assignment.transport === 'tcp' && ctx.assignment.session === 'multiline'
    for (const [i, line] of lines.entries()) {
      const got = messages[i]
      if (!got) return fail(`Typed ${lines.length} lines, the server received ${messages.length} message(s): line ${i + 1} ${preview(line)} never arrived`, missingHint(ctx.assignment.session))
      if (unframed(got.text) !== line) return fail(`Line ${i + 1}: typed ${preview(line)}, the server received ${preview(got.text)}`, 'Send the line exactly as typed, encoded with .encode()')
      if (needsNewline && !got.terminated) return fail(`Line ${i + 1} ${preview(line)} was not followed by "\\n"`, 'On a multi-line TCP session the newline is what tells the server where each line ends')
    }
    if (messages.length > lines.length) return fail(`Typed ${lines.length} line(s), the server received ${messages.length} messages; extra: ${preview(messages[lines.length]?.text ?? '')}`)
    return pass()
  },
})

function missingHint(session: 'single' | 'multiline'): string | undefined {
  return session === 'multiline' ? 'Keep reading lines until input ends (input() raises EOFError), sending each one' : undefined
}
