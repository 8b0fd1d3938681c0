import { readdir, readFile } from 'node:fs/promises'
import { setTimeout as delay } from 'node:timers/promises'
import { allThreadsAsleep, procAvailable } from './proc-sockets.js'
import type { RunningProgram } from './start-program.js'

/** An answer the grader typed for a program that asked on its standard input */
export interface TypedAnswer {
  /** The program's last unfinished line of output when it asked ("Enter port: "), empty when it printed none */
  readonly prompt: string
  readonly typed: string
}

// The number of the read system call, by architecture: a thread blocked in read(0, ...) shows "<nr> 0x0 ..."
const READ_SYSCALL: Partial<Record<string, string>> = { x64: '0', arm64: '63' }
const POLL_MS = 15
// Without /proc/PID/syscall: a program asleep this long after printing a line it did not end is taken to be asking
const QUIET_PROMPT_MS = 200
// A program that asks more than this is not asking for its port
const MAX_ANSWERS = 3

// Whether a thread of the process is blocked reading fd 0; undefined when the kernel will not say (no /proc, no right)
export async function readingStdin(pid: number, arch: string = process.arch): Promise<boolean | undefined> {
  const read = READ_SYSCALL[arch]
  if (!procAvailable || read === undefined) return undefined
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[])
  let known = false
  for (const task of tasks) {
    const line = await readFile(`/proc/${pid}/task/${task}/syscall`, 'utf8').catch(() => undefined)
    if (line === undefined) continue
    known = true
    if (line.startsWith(`${read} 0x0 `)) return true
  }
  return known ? false : undefined
}

// What a server's prompt asks for: an address to bind or reach gets the loopback address, anything else the port
export function answerFor(prompt: string, values: { readonly port: number; readonly host: string }): string {
  const asksHost = /host|address|\bip\b|direcci[oó]n|server name|servidor/i.test(prompt) && !/port|puerto/i.test(prompt)
  return asksHost ? values.host : String(values.port)
}

// Watch a starting program until `signal` aborts: each time it waits on its standard input, type what its prompt asks
// for (the port, or an address), at most a few times; returns what was typed, in order, as it grows
export function answerPrompts(program: RunningProgram, values: { readonly port: number; readonly host: string }, signal: AbortSignal, arch: string = process.arch): readonly TypedAnswer[] {
  const typed: TypedAnswer[] = []
  const stdin = program.stdin
  if (!stdin || !procAvailable) return typed
  void (async () => {
    let quietSince: number | undefined
    let lastOutput = -1
    // What was printed before the last answer typed is not part of the next prompt (an answer typed is not echoed)
    let answeredAt = 0
    while (!signal.aborted && program.alive && typed.length < MAX_ANSWERS) {
      await delay(POLL_MS)
      const pid = program.starterPid()
      if (pid === undefined || signal.aborted) continue
      const output = program.stdout.text()
      const prompt = output.slice(Math.max(output.lastIndexOf('\n') + 1, answeredAt)).trim().slice(0, 80)
      let asking = await readingStdin(pid, arch)
      if (asking === undefined) {
        // The kernel will not say: a line left unfinished, then quiet and asleep, is a prompt
        if (output.length !== lastOutput) [quietSince, lastOutput] = [Date.now(), output.length]
        asking = prompt !== '' && Date.now() - (quietSince ?? Date.now()) >= QUIET_PROMPT_MS && (await allThreadsAsleep(pid))
      }
      if (!asking || signal.aborted) continue
      // The prompt was written before the read began, but its bytes may still be in the pipe: let them arrive
      await delay(POLL_MS)
      const shown = program.stdout.text()
      const asked = shown.slice(Math.max(shown.lastIndexOf('\n') + 1, answeredAt)).trim().slice(0, 80)
      const answer = answerFor(asked, values)
      typed.push({ prompt: asked, typed: answer })
      stdin.write(`${answer}\n`)
      answeredAt = shown.length
      // The read returns and the program goes on: give it a moment before looking again
      await delay(POLL_MS * 4)
      lastOutput = -1
    }
  })()
  return typed
}
