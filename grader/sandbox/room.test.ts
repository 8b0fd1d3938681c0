import { randomUUID } from 'node:crypto'
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { packageRoot } from '../paths.js'
import { resolvePython } from '../process/python.js'
import { startProgram } from '../process/start-program.js'
import { installPrefix } from './bwrap-argv.js'
import { detectIsolation } from './detect.js'
import { roomConfig, roomLaunch, type RoomConfig } from './room.js'
import { studentSeccompFilter } from './seccomp/filter.js'
import { newStudentUid } from './student-uid.js'

// The student's room seen from inside (issue 14), with each backend, as root (the only user that can build a room
// outside a sandbox; as an ordinary user rooms are built inside one, which attacks.test.ts covers end to end).
// The package is placed under /opt here, as the Docker image has it, where the room shows /opt whole
const asRoot = process.getuid?.() === 0
const backends = asRoot && process.platform === 'linux' ? (['bwrap', 'unshare'] as const).filter((b) => b === 'unshare' || existsSync('/usr/bin/bwrap')) : []
const sandboxAvailable = (await detectIsolation()).mode === 'sandbox'
const python = (await resolvePython()).executable
const scratch = mkdtempSync('/tmp/sockgrade-room-test-')
chmodSync(scratch, 0o755)
const optPackage = `/opt/sockgrade-room-test-${randomUUID()}`
const hostShm = `/dev/shm/sockgrade-room-test-${randomUUID()}`
afterAll(() => {
  for (const path of [scratch, optPackage, hostShm]) rmSync(path, { recursive: true, force: true })
})

interface Seen {
  pid: number
  pids: number[]
  tmp: string[]
  shm: string[]
  paths: Record<string, string[] | string>
  capEff: string
  capBnd: string
  noNewPrivs: string
  seccomp: string
  uid: number
}

async function look(config: RoomConfig, uid: number, paths: string[]): Promise<Seen> {
  const copy = mkdtempSync(join(scratch, 'copy-'))
  chmodSync(copy, 0o755)
  cpSync(join(import.meta.dirname, 'fixtures', 'room-probe', 'probe.py'), join(copy, 'probe.py'))
  const program = startProgram([python, '-I', 'probe.py', ...paths], { cwd: copy, env: { PATH: '/usr/bin:/bin' }, room: roomLaunch(config, copy, copy, uid) })
  const exit = await program.exited
  expect(exit, program.stderr.text()).toMatchObject({ exitCode: 0 })
  return JSON.parse(program.stdout.text()) as Seen
}

describe.runIf(backends.length > 0 && sandboxAvailable)('a student room, as root', () => {
  mkdirSync(join(optPackage, 'dist'), { recursive: true })
  writeFileSync(join(optPackage, 'dist', 'precompiled.json'), 'the rubric')
  writeFileSync(join(optPackage, 'rubric.yaml'), 'hidden checks')
  writeFileSync(hostShm, 'left by someone else')

  test.each(backends)('%s: its own pid namespace, /tmp and /dev/shm, nothing of sockgrade, no capability, the seccomp filter', async (backend) => {
    const config = roomConfig({ backend, asRoot: true, readOnlyPaths: [installPrefix(python)], hidden: [optPackage, packageRoot], tmpBytes: 8 * 1024 * 1024, python })
    const uid = newStudentUid()
    const seen = await look(config, uid, [optPackage, join(optPackage, 'dist', 'precompiled.json'), join(packageRoot, 'rubric.yaml'), join(packageRoot, 'dist')])
    // pid 1 is the room's own: the grader and this test do not exist there
    expect(seen.pid).toBe(2)
    expect(seen.pids).toEqual([1, 2])
    // The copy sits two folders down in the grader's /tmp (scratch/copy-*): only its way there is in the room's
    expect(seen.tmp).toEqual([basename(scratch)])
    expect(seen.shm).toEqual([])
    for (const [path, what] of Object.entries(seen.paths)) expect(what === 'error 2' || (Array.isArray(what) && what.length === 0), `${path}: ${JSON.stringify(what)}`).toBe(true)
    expect(seen.capEff).toBe('0000000000000000')
    expect(seen.capBnd).toBe('0000000000000000')
    expect(seen.noNewPrivs).toBe('1')
    expect(seen.seccomp).toBe(studentSeccompFilter() ? '2' : '0')
    expect(seen.uid).toBe(uid)
  })
})
