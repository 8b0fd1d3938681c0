#!/usr/bin/env node
import { main } from './cli.js'
import { endQuietlyOnClosedPipe } from './cli/closed-pipe.js'
import { killProgramsOnSignal } from './process/cleanup-on-signal.js'

// The sockgrade command: everything happens in main(); this file only wires the real process to it
killProgramsOnSignal()
endQuietlyOnClosedPipe()
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
