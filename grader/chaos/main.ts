// Entry of `npm run chaos`: see command.ts
import { chaosMain } from './command.js'

process.exitCode = await chaosMain(process.argv.slice(2))
