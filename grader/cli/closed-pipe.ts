import { removeAllScratch } from '../process/scratch.js'
import { killAllPrograms } from '../process/start-program.js'

// 128 + SIGPIPE, what a shell reports for a program that wrote to a pipe nobody reads (`| head`)
const CLOSED_PIPE_EXIT = 141

// A reader that went away (`sockgrade demo | head -2`) ends the command quietly, as SIGPIPE ends a C program:
// no stack trace, the student programs stopped and the scratch folders removed, as on Ctrl-C
export function endQuietlyOnClosedPipe(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error
      killAllPrograms()
      removeAllScratch()
      process.exit(CLOSED_PIPE_EXIT)
    })
  }
}
