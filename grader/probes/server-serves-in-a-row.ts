import { askServer } from './ask-server.js'
import { defineServerProbe, fail, pass } from './probe.js'

export interface Params {
  readonly clients: number
}

// Several clients one after another must each get an answer (whether it is right is graded elsewhere)
export const serverServesInARow = defineServerProbe<Params>({
  name: 'server-serves-in-a-row',
  description: 'Keeps running and answers several clients one after another',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { clients: { type: 'integer', minimum: 2, maximum: 20 } },
    required: ['clients'],
  },
  transports: ['udp', 'tcp'],
  waits: (params) => params.clients,
  async run(ctx) {
    const messages = ctx.inputs.draw(ctx.random, ctx.params.clients, ['basic'])
    for (const [i, message] of messages.entries()) {
      const answer = await askServer(ctx, message)
      if ('problem' in answer) {
        const hint = i > 0 ? 'A server answers clients in a loop (while True:) and never closes its listening socket' : undefined
        return fail(`Client ${i + 1} of ${messages.length} got no answer: ${answer.problem}`, hint)
      }
    }
    return pass()
  },
})
