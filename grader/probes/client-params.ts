import type { ClientProbeContext } from './probe.js'
import type { ClientSession } from '../sessions/client-session.js'
import { clientEnded } from './client-outcome.js'
import { preview } from './transcript.js'

/** Every client probe takes the number of lines typed on the client's stdin */
export interface ClientParams {
  readonly lines: number
}

export const clientParamsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { lines: { type: 'integer', minimum: 1, maximum: 20 } },
  required: ['lines'],
}

// Run (or reuse) the client session and write what happened into the transcript
export async function observeClient(ctx: ClientProbeContext<ClientParams>): Promise<ClientSession> {
  const session = await ctx.runClient(ctx.params.lines)
  ctx.transcript.note(`Ran the client with host ${session.host}, port ${session.port}, stdin ${preview(session.lines.map((l) => `${l}\n`).join(''))}`)
  for (const message of session.messages) {
    const via = message.transport === 'tcp' ? `TCP connection ${message.connection}` : 'UDP'
    ctx.transcript.received(`${via}: ${preview(message.text + (message.terminated ? '\n' : ''))}`)
    ctx.transcript.sent(preview(message.reply))
  }
  if (session.droppedMessages > 0) ctx.transcript.note(`… and ${session.droppedMessages} more messages, not shown (the client kept sending)`)
  const cut = session.stdoutDroppedBytes > 0 ? ` (the first ${Buffer.byteLength(session.stdout)} bytes; ${session.stdoutDroppedBytes} more were cut)` : ''
  ctx.transcript.note(`Client stdout${cut}: ${preview(session.stdout)}`)
  const end = session.timedOut ? `still running after ${session.timeoutMs} ms, killed` : clientEnded(session)
  ctx.transcript.note(`Client ${end}`)
  return session
}
