import type { Assignment } from '../assignments/assignment.js'
import { answersFor } from '../answers/answers.js'
import { noAnswer } from '../answers/oracle.js'
import { preview } from '../probes/transcript.js'
import { serverAsker } from './ask.js'
import { exchangeLine } from './exchange-line.js'

export interface PeerClientOptions {
  readonly assignment: Assignment
  readonly host: string
  readonly port: number
  /** The sentences to send, one at a time (seeded ones, or lines typed on stdin as they come) */
  readonly sentences: AsyncIterable<string> | Iterable<string>
  readonly write: (line: string) => void
}

/** How many replies were right, of how many sentences sent */
export interface PeerClientResult {
  readonly sent: number
  readonly right: number
}

// Send each sentence to the student's server as the assignment's client would, and say whether each reply is right
export async function runPeerClient(options: PeerClientOptions): Promise<PeerClientResult> {
  const { assignment, write } = options
  const target = { host: options.host, port: options.port, transport: assignment.transport }
  const asker = serverAsker(assignment, target)
  const answers = answersFor(assignment)
  const signal = new AbortController().signal
  let sent = 0
  let right = 0
  try {
    for await (const sentence of options.sentences) {
      sent++
      write(exchangeLine(new Date(), 'sent', sentence))
      const answer = await asker.ask(sentence, signal)
      if ('problem' in answer) {
        write(`  ✗ ${answer.problem}`)
        continue
      }
      const reply = answer.reply.toString('utf8')
      const judged = await answers.judge(sentence, reply).catch(noAnswer)
      if (!judged) {
        write(exchangeLine(new Date(), 'received', answer.reply, `? ${JSON.stringify(sentence)} has no answer to compare with`))
        continue
      }
      if (judged.ok) right++
      write(exchangeLine(new Date(), 'received', answer.reply, judged.ok ? '✓ right' : `✗ expected ${preview(judged.expected)}`))
    }
  } finally {
    asker.close()
  }
  write(sent === 0 ? 'No sentences to send' : `${right} of ${sent} replies right`)
  return { sent, right }
}
