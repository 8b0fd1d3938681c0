import { askServer } from './ask-server.js'
import { defineServerProbe } from './probe.js'
import { stillAnswers } from './still-answers.js'

// Bytes that are not UTF-8 make a bare .decode() raise; the server should survive them
export const serverSurvivesInvalidUtf8 = defineServerProbe<Record<string, never>>({
  name: 'server-survives-invalid-utf8',
  description: 'Keeps serving after a message that is not valid UTF-8',
  params: { type: 'object', additionalProperties: false, properties: {} },
  transports: ['udp', 'tcp'],
  waits: () => 2,
  async run(ctx) {
    await askServer(ctx, Buffer.from([0x68, 0x69, 0x20, 0xff, 0xfe, 0xc3]), { replyOptional: true })
    return stillAnswers(
      ctx,
      'a message with invalid UTF-8 bytes',
      'Anyone can send any bytes to a server: decode with message.decode(errors="replace") or catch UnicodeDecodeError',
    )
  },
})
