import { killAllCgroupsNow } from './grading-cgroup.js'
import { removeAllScratch } from './scratch.js'
import { killAllPrograms } from './start-program.js'

const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const

// Student programs run in their own process groups, so Ctrl-C or a CI cancel does not reach them:
// kill them all before the grader exits on a signal (exit handlers do not run on a fatal signal), and remove
// the temporary folders that finally blocks would have removed
export function killProgramsOnSignal(): void {
  for (const [signal, number] of Object.entries(SIGNAL_NUMBERS)) {
    process.once(signal as NodeJS.Signals, () => {
      killAllPrograms()
      killAllCgroupsNow()
      removeAllScratch()
      process.exit(128 + number)
    })
  }
}
