import type { GradeReport } from '../report.js'
import { describeChanges } from './changes.js'
import { watchFolder } from './watch-folder.js'

// Clears the screen and its scrollback, and puts the cursor at the top (as vitest's watch mode redraws)
const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H'

export interface WatchChecksOptions {
  readonly dir: string
  // Grade the folder once (the student-facing report)
  readonly grade: () => Promise<GradeReport>
  // The report as text, with what changed since the previous run (when there was one), ending with what to fix first
  readonly render: (report: GradeReport, changes: string | undefined) => string
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  /** Redraw from the top of the screen (stdout is a terminal) */
  readonly clear: boolean
  /** Stops watching; the command itself runs until Ctrl-C */
  readonly signal?: AbortSignal
}

// Grade now, then again after every burst of saves, one run at a time (saves during a run start one more run after it);
// each run prints the report and what changed since the previous one
export async function watchChecks(options: WatchChecksOptions): Promise<void> {
  let previous: GradeReport | undefined
  let running: Promise<void> | undefined
  let again: string[] | undefined
  const runOnce = async (changed: string[]) => {
    const report = await options.grade().catch((error: unknown) => {
      options.stderr.write(`sockgrade: could not grade: ${error instanceof Error ? error.message : String(error)}\n`)
      return undefined
    })
    if (options.signal?.aborted || !report) return
    const head = changed.length ? `Changed: ${changed.join(', ')}\n\n` : ''
    const changes = previous ? describeChanges(previous, report) : undefined
    options.stdout.write(`${options.clear ? CLEAR_SCREEN : ''}${head}${options.render(report, changes)}`)
    options.stderr.write(`Watching ${options.dir} for changes; press Ctrl-C to stop\n`)
    previous = report
  }
  const schedule = (changed: string[]) => {
    if (running) {
      again = [...new Set([...(again ?? []), ...changed])]
      return
    }
    running = (async () => {
      for (let next: string[] | undefined = changed; next; ) {
        again = undefined
        await runOnce(next)
        next = again
      }
      running = undefined
    })()
  }
  const watcher = watchFolder(options.dir, schedule)
  schedule([])
  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) return resolve()
    options.signal?.addEventListener('abort', () => resolve(), { once: true })
  })
  watcher.close()
  await running
}
