import { connectToServer } from './ask-server.js'
import { defineServerProbe } from './probe.js'
import { stillAnswers } from './still-answers.js'

// A client that vanishes (connection reset) makes recv() raise ConnectionResetError; the server should go on
export const serverSurvivesAbruptDisconnect = defineServerProbe<Record<string, never>>({
  name: 'server-survives-abrupt-disconnect',
  description: 'Keeps serving after a client resets its connection without sending anything',
  params: { type: 'object', additionalProperties: false, properties: {} },
  transports: ['tcp'],
  waits: () => 2,
  async run(ctx) {
    const connection = await connectToServer(ctx)
    if (!('problem' in connection)) {
      ctx.transcript.note('Connected, then reset the connection (RST) without sending')
      connection.reset()
    }
    return stillAnswers(
      ctx,
      'a client that reset its connection',
      'Clients crash and networks fail: wrap the work for one client in try/except OSError so one bad client cannot stop the server',
    )
  },
})
