import { askServer } from './ask-server.js'
import { defineServerProbe } from './probe.js'
import { stillAnswers } from './still-answers.js'

// A zero-length datagram is legal UDP: the server must not treat it as the end of the world
export const serverHandlesEmptyDatagram = defineServerProbe<Record<string, never>>({
  name: 'server-handles-empty-datagram',
  description: 'Keeps serving after an empty datagram',
  params: { type: 'object', additionalProperties: false, properties: {} },
  transports: ['udp'],
  waits: () => 2,
  async run(ctx) {
    await askServer(ctx, Buffer.alloc(0), { replyOptional: true })
    return stillAnswers(ctx, 'an empty datagram', 'UDP can carry empty datagrams; recvfrom() returns b"" for them, which is not an error')
  },
})
