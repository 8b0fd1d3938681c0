import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, expect, test } from 'vitest'
import { killSurvivors, pidsWithToken, survivorsAfterGrading } from '../chaos/survivors.js'
import { packageRoot } from '../paths.js'

const scratch = mkdtempSync(join(tmpdir(), 'sockgrade-watch-test-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  rmSync(scratch, { recursive: true, force: true })
})

// Every program re-execs itself once with the token as its last argument, so its processes can be found in /proc
const TOKEN_HEADER = `import os, sys
TOKEN = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "token.txt")).read().strip()
if sys.argv[-1] != TOKEN:
    os.execv("/proc/self/exe", sys.orig_argv + [TOKEN])
`
const withToken = (file: string) => TOKEN_HEADER + readFileSync(join(packageRoot, file), 'utf8').replace(/^import sys$/m, '').replaceAll('sys.argv) > ', 'sys.argv) - 1 > ')
// A server that binds and never answers: a run is still going on when Ctrl-C comes
const SILENT_SERVER = `${TOKEN_HEADER}from socket import *
s = socket(AF_INET, SOCK_DGRAM)
s.bind(('', int(sys.argv[1]) if len(sys.argv) - 1 > 1 else 12000))
while True:
    s.recvfrom(2048)
`

// Wait (at most `ms`) until the text shows up in what the process printed; the output so far otherwise
async function waitFor(output: () => string, text: string | RegExp, ms = 60_000): Promise<void> {
  const until = Date.now() + ms
  const found = () => (typeof text === 'string' ? output().includes(text) : text.test(output()))
  while (!found() && Date.now() < until) await delay(50)
  if (!found()) throw new Error(`Did not see ${String(text)} within ${ms} ms; output so far:\n${output()}`)
}

test('check --watch re-grades on save, says what is now passing, and Ctrl-C leaves nothing running', async () => {
  const dir = mkdtempSync(join(scratch, 'submission-folder-'))
  const graderTmp = mkdtempSync(join(scratch, 'grader-tmp-'))
  const token = `sockgrade-watch-${randomUUID()}`
  writeFileSync(join(dir, 'token.txt'), token)
  writeFileSync(join(dir, 'UDPServer.py'), withToken('reference/uppercase-udp/UDPServer.py'))
  writeFileSync(join(dir, 'UDPClient.py'), withToken('reference/uppercase-udp/broken/client-prints-own-uppercase/UDPClient.py'))
  const child = spawn(process.execPath, [join(packageRoot, 'dist/grader/bin.js'), 'check', dir, '--watch', '--assignment', 'uppercase-udp', '--seed', '5'], {
    env: { ...process.env, NO_COLOR: '1', TMPDIR: graderTmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const output = () => `${stdout}\n--- stderr ---\n${stderr}`
  try {
    await waitFor(() => stdout, "Fix first: Client prints the server's reply (client-prints-reply, 1 point)")
    await waitFor(() => stderr, 'Watching ')
    // The student fixes the client: the next report says so
    writeFileSync(join(dir, 'UDPClient.py'), withToken('reference/uppercase-udp/UDPClient.py'))
    await waitFor(output, /\nNow passing: client-prints-reply\nNothing to fix: full marks\n/)
    expect(stdout).toContain('Changed: UDPClient.py')
    expect(pidsWithToken(token)).toEqual([])
    // A server that never answers: press Ctrl-C while its run is going on
    writeFileSync(join(dir, 'UDPServer.py'), SILENT_SERVER)
    const until = Date.now() + 60_000
    while (pidsWithToken(token).length === 0 && Date.now() < until) await delay(25)
    expect(pidsWithToken(token).length, output()).toBeGreaterThan(0)
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(await survivorsAfterGrading(token)).toEqual([])
    expect(readdirSync(graderTmp)).toEqual([])
  } finally {
    killSurvivors(token)
  }
}, 180_000)
