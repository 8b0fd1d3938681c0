// The package as a student's repository uses it: packed, installed with no registry, run with npx
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { referenceDir } from '../../paths.js'
import { npmEnvironment, packSockgrade } from './pack.js'

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

// Nothing may come from a registry: --offline, an empty cache, and a registry on a closed loopback port
function offline(cache: string): NodeJS.ProcessEnv {
  return { ...npmEnvironment(), npm_config_cache: cache, npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9/', npm_config_update_notifier: 'false', NO_COLOR: '1' }
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
      resolve({ code, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

const base = mkdtempSync(join(tmpdir(), 'sockgrade-package-'))
const student = join(base, 'student')
const env = offline(join(base, 'npm-cache'))
let installed: Run

beforeAll(async () => {
  const { filename } = await packSockgrade(base)
  mkdirSync(student)
  writeFileSync(join(student, 'package.json'), `${JSON.stringify({ name: 'my-socket-work', private: true, devDependencies: { sockgrade: `file:../${filename}` } }, null, 2)}\n`)
  for (const file of ['UDPClient.py', 'UDPServer.py']) copyFileSync(join(referenceDir, 'uppercase-udp', file), join(student, file))
  writeFileSync(join(student, 'sockgrade.yaml'), 'assignment: uppercase-udp\n')
  installed = await run('npm', ['install', '--offline', '--no-audit', '--no-fund'], student, env, 90_000)
}, 150_000)

describe('the packed package in a student repository', () => {
  test('installs with no registry, its dependencies bundled and no reference solutions', () => {
    expect(installed.code, installed.stderr).toBe(0)
    const sockgrade = join(student, 'node_modules', 'sockgrade')
    expect(existsSync(join(sockgrade, 'dist', 'grader', 'bin.js'))).toBe(true)
    expect(existsSync(join(sockgrade, 'node_modules', 'execa', 'package.json'))).toBe(true)
    expect(existsSync(join(sockgrade, 'reference'))).toBe(false)
  })

  test('npx sockgrade check gives the textbook UDP pair full marks', async () => {
    const checked = await run('npx', ['--offline', '--no-install', 'sockgrade', 'check'], student, env, 120_000)
    expect(checked.code, `${checked.stdout}\n${checked.stderr}`).toBe(0)
    expect(checked.stderr).toContain('as uppercase-udp')
  }, 150_000)

  test('npx sockgrade demo says it needs a clone, exit 2, no stack trace', async () => {
    const demo = await run('npx', ['--offline', '--no-install', 'sockgrade', 'demo'], student, env, 60_000)
    expect(demo.code).toBe(2)
    expect(demo.stderr).toContain('sockgrade demo needs a clone of the sockgrade repository')
    expect(demo.stderr).toContain('no\nreference solutions')
    expect(`${demo.stdout}${demo.stderr}`).not.toMatch(/^\s+at /m)
  }, 90_000)
})
