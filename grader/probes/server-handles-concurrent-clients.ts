import { connectToServer } from './ask-server.js'
import { defineServerProbe } from './probe.js'
import { stillAnswers } from './still-answers.js'

// One idle client must not block everyone else: needs a thread (or selectors) per connection
export const serverHandlesConcurrentClients = defineServerProbe<Record<string, never>>({
  name: 'server-handles-concurrent-clients',
  description: 'Answers a second client while a first one is connected and silent',
  params: { type: 'object', additionalProperties: false, properties: {} },
  transports: ['tcp'],
  waits: () => 2,
  async run(ctx) {
    const idle = await connectToServer(ctx)
    if ('problem' in idle) return stillAnswers(ctx, 'a failed first connection', '')
    ctx.transcript.note('Client 1 connected and sends nothing; client 2 connects meanwhile')
    try {
      return await stillAnswers(
        ctx,
        'another client connected and stayed silent',
        'A server that waits in recv() for one client cannot accept another: serve each connection in its own thread (threading.Thread)',
        // A server that serves clients at once answers in milliseconds; one that does not never will, so a third of the usual wait
        { timeoutMs: Math.round(ctx.timing.replyTimeoutMs / 3) },
      )
    } finally {
      idle.end()
    }
  },
})
