import { connectToServer } from './ask-server.js'
import { FILE_PROBE, type FileParams } from '../http/file-probe.js'
import { servedFileNamed } from '../http/served-file-named.js'
import { httpStillServes } from './http-still-serves.js'
import { defineServerProbe } from './probe.js'

// One slow client must not hold up the rest: a thread per connection (the lab's optional multithreaded server)
export const httpServesConcurrently = defineServerProbe<FileParams>({
  ...FILE_PROBE,
  name: 'http-serves-concurrently',
  description: 'Serves a request while another client is connected and has sent nothing yet',
  waits: () => 2,
  async run(ctx) {
    const file = servedFileNamed(ctx, ctx.params.file)
    const idle = await connectToServer(ctx)
    if (!('problem' in idle)) ctx.transcript.note('Client 1 connected and sends nothing; client 2 asks for the file meanwhile')
    try {
      return await httpStillServes(
        ctx,
        file,
        'another client connected and stayed silent',
        'A server that waits in recv() for one client cannot serve another: handle each connection in its own thread (threading.Thread)',
        // A server that serves clients at once answers in milliseconds; one that does not never will
        { timeoutMs: Math.round(ctx.timing.replyTimeoutMs / 3) },
      )
    } finally {
      if (!('problem' in idle)) idle.end()
    }
  },
})
