import { cpSync, existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { NotGradableError } from '../errors.js'
import { runBuild } from './build.js'
import { programEnv } from './program-command.js'

const fixtures = join(import.meta.dirname, 'fixtures')
const options = { env: programEnv(process.env), timeoutMs: 30_000 }

// A private copy: a build writes into the submission
function copyOf(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-build-'))
  cpSync(join(fixtures, fixture), dir, { recursive: true })
  return dir
}

async function buildError(shell: string, timeoutMs = 30_000): Promise<NotGradableError> {
  const error = await runBuild({ shell, cwd: '' }, copyOf('node-uppercase-udp'), { ...options, timeoutMs }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(NotGradableError)
  return error as NotGradableError
}

describe('runBuild', () => {
  test('compiles the Java example with javac', async () => {
    const dir = copyOf('java-uppercase-udp')
    await runBuild({ shell: 'javac *.java', cwd: '' }, dir, options)
    expect([existsSync(join(dir, 'UDPServer.class')), existsSync(join(dir, 'UDPClient.class'))]).toEqual([true, true])
  })

  test('runs in the folder of sockgrade.yaml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockgrade-build-'))
    cpSync(join(fixtures, 'node-uppercase-udp'), join(dir, 'lab'), { recursive: true })
    await runBuild({ shell: 'test -f server.js && touch built', cwd: 'lab' }, dir, options)
    expect(existsSync(join(dir, 'lab', 'built'))).toBe(true)
  })

  test('a compile error is not gradable, with the compiler message and no stack trace', async () => {
    const error = await runBuild({ shell: 'javac *.java', cwd: '' }, copyOf('java-syntax-error'), options).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NotGradableError)
    const message = (error as Error).message
    expect(message).toMatch(/^The build step "javac \*\.java" failed \(exit code 1\):\n/)
    expect(message).toContain("UDPServer.java:6: error: ';' expected")
    expect(message).toContain('1 error')
    expect(message).not.toMatch(/\n\s+at /)
  })

  test('only the last 20 lines are kept, stdout then stderr', async () => {
    const error = await buildError('for i in $(seq 1 30); do echo "line $i"; done; echo "compiler: fatal" >&2; exit 2')
    const lines = Array.from({ length: 19 }, (_, i) => `line ${i + 12}`)
    expect(error.message).toBe(`The build step "for i in $(seq 1 30); do echo "line $i"; done; echo "compiler: fatal" >&2; exit 2" failed (exit code 2):\n${[...lines, 'compiler: fatal'].join('\n')}`)
  })

  test('a failure without output says so', async () => {
    expect((await buildError('exit 3')).message).toBe('The build step "exit 3" failed (exit code 3), with no output')
  })

  test('a build that never ends is killed at its deadline', async () => {
    const started = Date.now()
    const error = await buildError('echo compiling; sleep 60', 500)
    expect(error.message).toBe('The build step "echo compiling; sleep 60" did not finish within 0.5 s:\ncompiling')
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
