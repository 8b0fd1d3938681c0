// Entry of `npm run chaos`: see command.ts
import { killProgramsOnSignal } from '../process/cleanup-on-signal.js'
import { chaosMain } from './command.js'

// Ctrl-C or a kill stops every student program the run started and removes the grader's temporary folders
killProgramsOnSignal()

process.exitCode = await chaosMain(process.argv.slice(2))
