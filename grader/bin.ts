#!/usr/bin/env node
import { main } from './cli.js'

// The sockgrade command: everything happens in main(); this file only wires the real process to it
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
