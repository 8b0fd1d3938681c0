import type { Assignment } from '../assignments/assignment.js'
import { framingOf } from '../assignments/framing.js'
import { clientParamsSchema, observeClient, type ClientParams } from './client-params.js'
import { neverContacted, unframed } from './client-outcome.js'
import { defineClientProbe, fail, pass } from './probe.js'
import { preview } from './transcript.js'

// Each typed line reaches the server exactly, in order, one message each (a trailing newline is allowed; what ends a
// message on a stream is required: the newline of multi-line TCP sessions, a fixed terminator, the end of sending)
export const clientSendsLines = defineClientProbe<ClientParams>({
  name: 'client-sends-lines',
  description: 'Sends every typed line, exactly and in order, one message each',
  params: clientParamsSchema,
  transports: ['udp', 'tcp'],
  async run(ctx) {
    const session = await observeClient(ctx)
    const { messages, lines } = session
    if (messages.length === 0) return fail(neverContacted(session, ctx.assignment))
    const ending = messageEnding(ctx.assignment)
    for (const [i, line] of lines.entries()) {
      const got = messages[i]
      if (!got) return fail(`Typed ${lines.length} lines, the server received ${messages.length} message(s): line ${i + 1} ${preview(line)} never arrived`, missingHint(ctx.assignment.session))
      if (unframed(got.text) !== line) return fail(`Line ${i + 1}: typed ${preview(line)}, the server received ${preview(got.text)}`, 'Send the line exactly as typed, encoded with .encode()')
      if (ending && !got.terminated) return fail(`Line ${i + 1} ${preview(line)} was not followed by ${ending.what}`, ending.hint)
    }
    if (messages.length > lines.length) return fail(`Typed ${lines.length} line(s), the server received ${messages.length} messages; extra: ${preview(messages[lines.length]?.text ?? '')}`)
    return pass()
  },
})

function missingHint(session: 'single' | 'multiline'): string | undefined {
  return session === 'multiline' ? 'Keep reading lines until input ends (input() raises EOFError), sending each one' : undefined
}

// What must end each message on a TCP stream of this assignment (framing.ts), and the hint when it is missing;
// undefined where the end of a datagram, or of a connection, or a pause, says it
function messageEnding(assignment: Assignment): { what: string; hint: string } | undefined {
  if (assignment.transport !== 'tcp') return undefined
  const framing = framingOf(assignment)
  if (framing.halfClose) return { what: 'the end of sending', hint: 'The server reads the message until the client shuts down its sending side: call shutdown(SHUT_WR) after sending it' }
  if (framing.perConnection || !framing.terminator) return undefined
  if (framing.name === 'lines') return { what: '"\\n"', hint: 'On a multi-line TCP session the newline is what tells the server where each line ends' }
  return { what: JSON.stringify(framing.terminator.toString()), hint: `Every message of this assignment ends with ${JSON.stringify(framing.terminator.toString())}: it is what tells the server where each one ends` }
}
