import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { evaluateBpf, type Endianness } from './fixtures/evaluate-bpf.js'

// Every shipped blob, run through a BPF interpreter with the kernel's own system call numbers (arch/*/unistd*.h,
// syscall.tbl) rather than libseccomp's, so arches this machine cannot run are checked too, on any OS
const ALLOW = 0x7fff0000
const EPERM = 0x00050000 | 1
const ENOSYS = 0x00050000 | 38
const KILL_PROCESS = 0x80000000
const AUDIT_ARCH_I386 = 0x40000003

interface Arch {
  readonly token: number
  readonly endianness: Endianness
  /** Which clone argument holds the flags */
  readonly cloneFlags: number
  readonly nr: { getpid: number; ptrace: number; unshare: number; ioUringSetup: number; clone: number; clone3: number; ioctl: number; personality: number }
}

const generic = { getpid: 172, ptrace: 117, unshare: 97, ioUringSetup: 425, clone: 220, clone3: 435, ioctl: 29, personality: 92 }
const ARCHES: Record<string, Arch> = {
  x64: { token: 0xc000003e, endianness: 'LE', cloneFlags: 0, nr: { getpid: 39, ptrace: 101, unshare: 272, ioUringSetup: 425, clone: 56, clone3: 435, ioctl: 16, personality: 135 } },
  arm64: { token: 0xc00000b7, endianness: 'LE', cloneFlags: 0, nr: generic },
  riscv64: { token: 0xc00000f3, endianness: 'LE', cloneFlags: 0, nr: generic },
  arm: { token: 0x40000028, endianness: 'LE', cloneFlags: 0, nr: { getpid: 20, ptrace: 26, unshare: 337, ioUringSetup: 425, clone: 120, clone3: 435, ioctl: 54, personality: 136 } },
  ppc64: { token: 0xc0000015, endianness: 'LE', cloneFlags: 0, nr: { getpid: 20, ptrace: 26, unshare: 282, ioUringSetup: 425, clone: 120, clone3: 435, ioctl: 54, personality: 136 } },
  s390x: { token: 0x80000016, endianness: 'BE', cloneFlags: 1, nr: { getpid: 20, ptrace: 26, unshare: 303, ioUringSetup: 425, clone: 120, clone3: 435, ioctl: 54, personality: 136 } },
}

const SIGCHLD = 17n
const PTHREAD_CREATE_FLAGS = 0x3d0f00n
const NAMESPACE_FLAGS = { CLONE_NEWTIME: 0x80n, CLONE_NEWNS: 0x20000n, CLONE_NEWCGROUP: 0x2000000n, CLONE_NEWUTS: 0x4000000n, CLONE_NEWIPC: 0x8000000n, CLONE_NEWUSER: 0x10000000n, CLONE_NEWPID: 0x20000000n, CLONE_NEWNET: 0x40000000n }
const TIOCSTI = 0x5412n
const TIOCLINUX = 0x541cn
const TCGETS = 0x5401n

const folder = import.meta.dirname
const shipped = readdirSync(folder).filter((name) => /^student-.+\.bpf$/.test(name)).map((name) => name.slice('student-'.length, -'.bpf'.length))

test('a filter is shipped for each architecture checked here, and no other', () => {
  expect(shipped.sort()).toEqual(Object.keys(ARCHES).sort())
})

describe.each(Object.entries(ARCHES))('student-%s.bpf', (name, arch) => {
  const program = readFileSync(join(folder, `student-${name}.bpf`))
  const verdict = (nr: number, args: bigint[] = []) => evaluateBpf(program, { arch: arch.token, nr, args }, arch.endianness)
  const clone = (flags: bigint, position = arch.cloneFlags) => verdict(arch.nr.clone, position === 0 ? [flags, 0n] : [0n, flags])

  test('allows what is not listed, refuses what is, with EPERM (clone3: ENOSYS)', () => {
    expect(verdict(arch.nr.getpid)).toBe(ALLOW)
    expect([verdict(arch.nr.ptrace), verdict(arch.nr.unshare), verdict(arch.nr.ioUringSetup)]).toEqual([EPERM, EPERM, EPERM])
    expect(verdict(arch.nr.clone3)).toBe(ENOSYS)
  })

  test('clone: fork and threads pass, each namespace flag is refused, read from the right argument', () => {
    expect([clone(SIGCHLD), clone(PTHREAD_CREATE_FLAGS)]).toEqual([ALLOW, ALLOW])
    for (const [flag, value] of Object.entries(NAMESPACE_FLAGS)) expect(clone(value | SIGCHLD), flag).toBe(EPERM)
    // The same bit in the argument that is not the flags is a stack address, not a namespace
    expect(clone(NAMESPACE_FLAGS.CLONE_NEWNET, 1 - arch.cloneFlags)).toBe(ALLOW)
  })

  test('ioctl: TIOCSTI and TIOCLINUX refused, with the upper 32 bits ignored as the kernel ignores them', () => {
    const ioctl = (request: bigint) => verdict(arch.nr.ioctl, [1n, request])
    expect([ioctl(TIOCSTI), ioctl(TIOCLINUX), ioctl(0x1_0000_0000n | TIOCSTI)]).toEqual([EPERM, EPERM, EPERM])
    expect(ioctl(TCGETS)).toBe(ALLOW)
  })

  test('personality: only PER_LINUX and the query', () => {
    const personality = (value: bigint) => verdict(arch.nr.personality, [value])
    expect([0n, 0xffffffffn].map(personality)).toEqual([ALLOW, ALLOW])
    const others = [8n, 0x0040000n, 0x0400000n, 0x80000000n, 0xfffffffen, 0x7fffffffn, 1n]
    expect(others.map(personality)).toEqual(others.map(() => EPERM))
    // The kernel reads an unsigned int: upper bits cannot smuggle PER_LINUX32 (8) in
    expect(personality(0x1_0000_0008n)).toBe(EPERM)
  })

  test("another architecture's calls kill the process", () => {
    const foreign = arch.token === AUDIT_ARCH_I386 ? ARCHES.x64!.token : AUDIT_ARCH_I386
    expect(evaluateBpf(program, { arch: foreign, nr: 20 }, arch.endianness)).toBe(KILL_PROCESS)
    // x32: x86_64's own arch token, with bit 30 set in the number
    if (name === 'x64') expect(verdict(0x40000000 | arch.nr.getpid)).toBe(KILL_PROCESS)
  })
})
