import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, describe, expect, test } from 'vitest'
import { findAssignment } from '../assignments/load.js'
import { freePort } from '../net/ports.js'
import { openTcpConnection } from '../net/tcp.js'
import { packageRoot } from '../paths.js'
import { startProgram, type RunningProgram } from '../process/start-program.js'
import { fixtureEnv, pythonFixtureArgv } from '../test-support/python.js'
import { runPeerBrowser } from './peer-browser.js'

const assignment = findAssignment('web-server')!
const temp = mkdtempSync(join(tmpdir(), 'sockgrade-peer-browser-'))
const servers: RunningProgram[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill()))
  rmSync(temp, { recursive: true, force: true })
})

// A web server of reference/web-server (the reference or a broken variant), with a page of the student's own beside it
async function webServer(variant: string): Promise<number> {
  const dir = join(temp, variant.replaceAll('/', '-'))
  cpSync(join(packageRoot, 'reference/web-server', variant), dir, { recursive: true })
  writeFileSync(join(dir, 'HelloWorld.html'), '<html><body>mine</body></html>\n')
  const port = await freePort()
  servers.push(startProgram(await pythonFixtureArgv(join(dir, 'WebServer.py'), String(port)), { cwd: dir, env: fixtureEnv }))
  for (let i = 0; i < 300; i++) {
    const connection = await openTcpConnection({ host: '127.0.0.1', port, transport: 'tcp' }, { timeoutMs: 500, signal: AbortSignal.timeout(500) })
    if (!('error' in connection)) return (connection.end(), port)
    await delay(20)
  }
  throw new Error(`${variant} never listened`)
}

async function browse(port: number, paths: string[]): Promise<{ lines: string[]; right: number; sent: number }> {
  const lines: string[] = []
  const result = await runPeerBrowser({ assignment, host: '127.0.0.1', port, paths, write: (line) => lines.push(line) })
  return { lines, ...result }
}

describe('sockgrade peer client for a web server: the grader as the browser', () => {
  test('shows each response with CR and LF visible, and judges its form', async () => {
    const run = await browse(await webServer('.'), ['HelloWorld.html', '/no-such-file.html'])
    const text = run.lines.join('\n')
    expect(text).toContain('"HTTP/1.1 200 OK\\r\\nContent-Type: text/html')
    expect(text).toContain('"<html><body>mine</body></html>\\n"  (body, 31 bytes)')
    expect(text).toContain('✓ a well-formed 200 response')
    expect(text).toContain('✓ a well-formed 404 response')
    expect(run).toMatchObject({ sent: 2, right: 2 })
  })

  test('names what is wrong with a response that is not well formed', async () => {
    const run = await browse(await webServer('broken/newline-line-ends'), ['HelloWorld.html'])
    expect(run.lines.join('\n')).toContain('✗ header lines ended with "\\n" alone')
    expect(run).toMatchObject({ sent: 1, right: 0 })
  })

  test('says so when nothing listens', async () => {
    const run = await browse(await freePort(), ['HelloWorld.html'])
    expect(run.lines[0]).toMatch(/could not connect .*ECONNREFUSED \(is your server running\?\)/)
  })
})
