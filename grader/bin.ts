#!/usr/bin/env node
import { main } from './cli.js'
import { killProgramsOnSignal } from './process/cleanup-on-signal.js'

// The sockgrade command: everything happens in main(); this file only wires the real process to it
killProgramsOnSignal()
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
