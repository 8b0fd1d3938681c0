import { connectToServer } from './ask-server.js'
import { FILE_PROBE, type FileParams } from '../http/file-probe.js'
import { servedFileNamed } from '../http/served-file-named.js'
import { httpStillServes } from './http-still-serves.js'
import { defineServerProbe } from './probe.js'

// A request line with no path (what a typo or a port scanner sends): message.split()[1] raises IndexError, which the
// usual except IOError does not catch, and the server dies
const MALFORMED = Buffer.from('HELLO\r\n\r\n')

// After a request line with no path, the server must still serve the next request
export const httpSurvivesMalformedRequest = defineServerProbe<FileParams>({
  ...FILE_PROBE,
  name: 'http-survives-malformed-request',
  description: 'Keeps serving after a request whose first line has no path (answering it 400 or closing are both fine)',
  waits: () => 2,
  async run(ctx) {
    const file = servedFileNamed(ctx, ctx.params.file)
    const connection = await connectToServer(ctx)
    if (!('problem' in connection)) {
      ctx.transcript.sent(JSON.stringify(MALFORMED.toString()))
      await connection.send(MALFORMED)
      await connection.read({ timeoutMs: ctx.timing.replyTimeoutMs, idleMs: ctx.timing.replyIdleMs, signal: ctx.signal })
      connection.end()
    }
    return httpStillServes(
      ctx,
      file,
      'a request line with no path ("HELLO")',
      'Requests can be malformed (or empty, when a browser opens a spare connection): catch IndexError (or any Exception) for one request and go on serving, maybe answering "HTTP/1.1 400 Bad Request"',
    )
  },
})
