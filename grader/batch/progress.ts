import type { CliIo } from '../cli/io.js'
import { progressBar, progressLine, type ProgressState } from './progress-text.js'

const TTY_REDRAW_MS = 250
const PLAIN_EVERY_MS = 5000

/** Shows a batch's progress on stderr until stopped */
export interface ProgressDisplay {
  /** Clear the bar (a terminal) or print the last line (a log) */
  stop(): void
}

// A bar redrawn in place on a terminal; a plain line every few seconds elsewhere (CI logs keep every line)
export function showProgress(stderr: CliIo['stderr'], state: () => ProgressState): ProgressDisplay {
  const tty = stderr.isTTY === true
  // Some terminals (script, docker -t) report 0 columns
  const width = () => (stderr as { columns?: number }).columns || 100
  const draw = () => (tty ? stderr.write(`\r\x1b[2K${progressBar(state(), Date.now(), width())}`) : stderr.write(`${progressLine(state(), Date.now())}\n`))
  const timer = setInterval(draw, tty ? TTY_REDRAW_MS : PLAIN_EVERY_MS)
  timer.unref()
  if (tty) draw()
  return {
    stop() {
      clearInterval(timer)
      if (tty) stderr.write('\r\x1b[2K')
      else draw()
    },
  }
}
