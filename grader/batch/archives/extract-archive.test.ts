import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { ArchiveRefusedError } from './archive-refused-error.js'
import { studentBudget } from './budget.js'
import { ARCHIVE_CAPS } from './caps.js'
import { archiveKind, archiveStem, extractArchive } from './extract-archive.js'
import { runPython, writeArchive, type ArchiveEntrySpec, type ArchiveFormat } from './write-archive.js'

const temp = mkdtempSync(join(tmpdir(), 'sockgrade-archives-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

let counter = 0
function archive(format: ArchiveFormat, entries: readonly ArchiveEntrySpec[], name = `a${++counter}.${format}`): string {
  const path = join(temp, name)
  writeArchive(path, format, entries)
  return path
}
const dest = () => join(temp, `out${++counter}`)

// Every file under dir, '/'-separated, sorted; links listed as "name -> target"
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? [`${prefix}${e.name}/`, ...tree(join(dir, e.name), `${prefix}${e.name}/`)] : [`${prefix}${e.name}`]))
    .sort()
}

async function refusal(path: string, out = dest()): Promise<string> {
  const error = await extractArchive(path, out).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ArchiveRefusedError)
  expect(existsSync(out)).toBe(false)
  return (error as Error).message
}

// A zip of one deflated entry of `realBytes` zeros whose headers declare `declaredBytes`: the data is one 1 MiB deflate
// block (full flush, so it depends on nothing before it) repeated, so a 1 GiB bomb costs ~1 MiB on disk and no time
const BOMB = `
import struct, sys, zlib
path, mib, declared = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
c = zlib.compressobj(9, zlib.DEFLATED, -15)
block = c.compress(bytes(1 << 20)) + c.flush(zlib.Z_FULL_FLUSH)
data = block * mib + c.flush()
crc = 0  # yauzl does not check CRCs, and computing a real one over 1 GiB costs a second
name = b'zeros.bin'
local = struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0, crc, len(data), declared, len(name), 0) + name
central = struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 8, 0, 0, crc, len(data), declared, len(name), 0, 0, 0, 0, 0, 0) + name
end = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
open(path, 'wb').write(local + data + central + end)
`
function bomb(mib: number, declaredBytes: number): string {
  const path = join(temp, `bomb${++counter}.zip`)
  runPython(BOMB, [path, String(mib), String(declaredBytes)])
  return path
}

describe('archiveKind and archiveStem', () => {
  test.each([
    ['alice.zip', 'zip', 'alice'],
    ['Alice.ZIP', 'zip', 'Alice'],
    ['bob.tar.gz', 'tar', 'bob'],
    ['bob.tgz', 'tar', 'bob'],
    ['bob.tar', 'tar', 'bob'],
    ['notes.gz', undefined, 'notes.gz'],
    ['UDPServer.py', undefined, 'UDPServer.py'],
  ])('%s is %s, stem %s', (name, kind, stem) => {
    expect(archiveKind(name)).toBe(kind)
    expect(archiveStem(name)).toBe(stem)
  })
})

describe('extractArchive: honest archives', () => {
  test.each(['zip', 'tgz', 'tar'] as const)('a %s with a folder is extracted as it is', async (format) => {
    const out = dest()
    const result = await extractArchive(archive(format, [{ name: 'alice/' }, { name: 'alice/UDPServer.py', text: 'print(1)\n' }, { name: 'alice/UDPClient.py', text: 'print(2)\n' }]), out)
    expect(tree(out)).toEqual(['alice/', 'alice/UDPClient.py', 'alice/UDPServer.py'])
    expect(readFileSync(join(out, 'alice/UDPServer.py'), 'utf8')).toBe('print(1)\n')
    expect(result).toEqual({ files: 2, entries: 3, bytes: 18, notes: [] })
  })

  test('backslash separators and ./ prefixes are folders, as Windows tools mean them', async () => {
    const out = dest()
    await extractArchive(archive('zip', [{ name: 'hw2\\UDPServer.py', text: 'x' }, { name: './hw2/./UDPClient.py', text: 'y' }]), out)
    expect(tree(out)).toEqual(['hw2/', 'hw2/UDPClient.py', 'hw2/UDPServer.py'])
  })

  test('macOS metadata is left out, with a note', async () => {
    const out = dest()
    const result = await extractArchive(archive('zip', [{ name: 'UDPServer.py', text: 'x' }, { name: '__MACOSX/._UDPServer.py', text: 'junk' }, { name: '._UDPClient.py', text: 'junk' }]), out, { label: 'alice.zip' })
    expect(tree(out)).toEqual(['UDPServer.py'])
    expect(result.notes).toEqual(['left out of "alice.zip": 2 macOS metadata files (__MACOSX, ._*)'])
  })

  test('extracting again replaces what was there', async () => {
    const out = dest()
    const path = archive('zip', [{ name: 'UDPServer.py', text: 'x' }])
    await extractArchive(path, out)
    writeFileSync(join(out, 'stale.py'), 'old')
    await extractArchive(path, out)
    expect(tree(out)).toEqual(['UDPServer.py'])
  })
})

describe('extractArchive: hostile archives are refused, naming the entry', () => {
  test.each([
    ['zip', '../../etc/x', 'Refused "evil.zip": entry "../../etc/x" would be written outside the student\'s folder'],
    ['zip', 'hw/../../x.py', 'Refused "evil.zip": entry "hw/../../x.py" would be written outside the student\'s folder'],
    ['zip', '..\\..\\x.py', 'Refused "evil.zip": entry "..\\..\\x.py" would be written outside the student\'s folder'],
    ['zip', '/etc/x', 'Refused "evil.zip": entry "/etc/x" is an absolute path: it would be written outside the student\'s folder'],
    ['zip', 'C:/Windows/x.py', 'Refused "evil.zip": entry "C:/Windows/x.py" names a drive: it would be written outside the student\'s folder'],
    ['tgz', '../evil.txt', 'Refused "evil.tgz": entry "../evil.txt" would be written outside the student\'s folder'],
    ['tar', '/tmp/evil.txt', 'Refused "evil.tar": entry "/tmp/evil.txt" is an absolute path: it would be written outside the student\'s folder'],
  ] as const)('%s entry %s', async (format, name, message) => {
    const dir = join(temp, `evil${++counter}`)
    const path = archive(format, [{ name: 'UDPServer.py', text: 'ok' }, { name, text: 'boom' }], `evil.${format}`)
    expect(await refusal(path, join(dir, 'student'))).toBe(message)
    expect(existsSync(join(dir, 'evil.txt'))).toBe(false)
    expect(existsSync(join(temp, 'evil.txt'))).toBe(false)
  })

  test.each(['zip', 'tgz'] as const)('a %s symlink to /etc/passwd is never created, and a file written "through" it stays inside', async (format) => {
    const out = dest()
    const result = await extractArchive(archive(format, [{ name: 'UDPServer.py', text: 'ok' }, { name: 'passwd', link: '/etc/passwd' }, { name: 'etc', link: '/etc' }, { name: 'etc/evil.txt', text: 'boom' }]), out, { label: 'links' })
    expect(tree(out)).toEqual(['UDPServer.py', 'etc/', 'etc/evil.txt'])
    expect(lstatSync(join(out, 'etc')).isDirectory()).toBe(true)
    expect(existsSync('/etc/evil.txt')).toBe(false)
    expect(result.notes).toEqual(['left out of "links": "passwd" → "/etc/passwd", "etc" → "/etc" (links are never extracted)'])
  })

  test('a tar hard link is left out too', async () => {
    const out = dest()
    const result = await extractArchive(archive('tar', [{ name: 'UDPServer.py', text: 'ok' }, { name: 'shadow', hardlink: '/etc/shadow' }], 'hard.tar'), out)
    expect(tree(out)).toEqual(['UDPServer.py'])
    expect(result.notes).toEqual(['left out of "hard.tar": "shadow" → "/etc/shadow" (links are never extracted)'])
  })

  test('a 1 GiB zip bomb that declares its size is refused from its header', async () => {
    const path = bomb(1024, 1024 * 1024 * 1024)
    expect(statSync(path).size).toBeLessThan(2 * 1024 * 1024)
    expect(await refusal(path)).toMatch(/^Refused "bomb\d+\.zip": entry "zeros\.bin" declares 1024 MiB, more than 50 MiB \(the cap for one student\)$/)
  })

  // Deflate's 1000:1 puts the ratio cap at ~100 MiB for this entry: the total cap stops it first, at 50 MiB written
  test('a 1 GiB zip bomb whose header lies (1,000 bytes) is stopped while it streams, at the total cap', async () => {
    const path = bomb(1024, 1000)
    const started = Date.now()
    expect(await refusal(path)).toMatch(/^Refused "bomb\d+\.zip": it unpacks to more than 50 MiB \(the cap for one student\), at "zeros\.bin"$/)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  test('a small bomb whose header lies is stopped at the ratio cap, long before the total cap', async () => {
    const path = bomb(20, 1000)
    expect(await refusal(path)).toMatch(/^Refused "bomb\d+\.zip": entry "zeros\.bin" expands more than 100 times its compressed size \(a zip bomb\?\)$/)
  })

  test('more entries than the cap are refused before anything is written', async () => {
    const entries = Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.py`, text: 'x' }))
    const out = dest()
    const message = await extractArchive(archive('zip', entries, 'many.zip'), out, { caps: { ...ARCHIVE_CAPS, maxEntries: 10 } }).catch((e: Error) => e.message)
    expect(message).toBe('Refused "many.zip": it holds 12 entries, more than 10 (the cap for one student)')
    expect(existsSync(out)).toBe(false)
  })

  test('a tar with more entries than the cap is refused while it is read', async () => {
    const entries = Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.py`, text: 'x' }))
    const message = await extractArchive(archive('tgz', entries, 'many.tgz'), dest(), { caps: { ...ARCHIVE_CAPS, maxEntries: 10 } }).catch((e: Error) => e.message)
    expect(message).toBe('Refused "many.tgz": it holds more than 10 entries (the cap for one student), at "f10.py"')
  })

  test('a .tar.gz bomb is refused on the whole stream\'s ratio', async () => {
    const path = join(temp, 'bomb.tar.gz')
    runPython(`import io, sys, tarfile\nwith tarfile.open(sys.argv[1], 'w:gz') as t:\n    i = tarfile.TarInfo('zeros.bin'); i.size = 8 << 20\n    t.addfile(i, io.BytesIO(bytes(8 << 20)))\n`, [path])
    expect(await refusal(path)).toBe('Refused "bomb.tar.gz": it expands more than 100 times its own size (a zip bomb?), at "zeros.bin"')
  })

  test.each([
    ['garbage.zip', Buffer.from('PK\x03\x04 this is not a zip at all'), /^Refused "garbage\.zip": cannot read it as a zip archive: End of central directory record signature not found\. Either not a zip file, or file is truncated\.$/],
    ['garbage.tgz', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), /^Refused "garbage\.tgz": the tar archive is corrupt: /],
  ])('a corrupt archive (%s) is refused', async (name, bytes, message) => {
    const path = join(temp, name)
    writeFileSync(path, bytes)
    expect(await refusal(path)).toMatch(message)
  })

  test('a zip cut short (its data truncated, its directory intact) is refused as corrupt', async () => {
    const good = archive('zip', [{ name: 'UDPServer.py', text: 'print("hello")\n'.repeat(200) }], 'cut.zip')
    const bytes = readFileSync(good)
    const dataStart = 30 + 'UDPServer.py'.length
    writeFileSync(good, Buffer.concat([bytes.subarray(0, dataStart + 5), Buffer.alloc(20, 0xff), bytes.subarray(dataStart + 25)]))
    expect(await refusal(good)).toMatch(/^Refused "cut\.zip": cannot extract entry "UDPServer\.py": /)
  })
})

describe('extractArchive: one budget shared by every archive of a student', () => {
  const caps = { ...ARCHIVE_CAPS, maxEntries: 10, maxTotalBytes: 1000 }
  const files = (n: number, bytes: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}.txt`, text: 'x'.repeat(bytes) }))

  test('entries: a second zip is refused on what the first one used, up front', async () => {
    const budget = studentBudget()
    expect(await extractArchive(archive('zip', files(6, 1, 'a')), dest(), { caps, budget })).toEqual({ files: 6, entries: 6, bytes: 6, notes: [] })
    expect(budget).toEqual({ entries: 6, bytes: 6 })
    const out = dest()
    const message = await extractArchive(archive('zip', files(6, 1, 'b'), 'second.zip'), out, { caps, budget }).catch((e: Error) => e.message)
    expect(message).toBe('Refused "second.zip": it holds 6 entries, more than the 4 left of the cap of 10 for one student (6 went to the student\'s other archives)')
    expect(existsSync(out)).toBe(false)
    expect(budget).toEqual({ entries: 6, bytes: 6 })
  })

  test('entries: a tar is refused while it is read, on what the others used', async () => {
    const budget = studentBudget()
    await extractArchive(archive('zip', files(6, 1, 'a')), dest(), { caps, budget })
    const message = await extractArchive(archive('tgz', files(6, 1, 'b'), 'second.tgz'), dest(), { caps, budget }).catch((e: Error) => e.message)
    expect(message).toBe('Refused "second.tgz": it holds more than the 4 entries left of the cap of 10 for one student (6 went to the student\'s other archives), at "b4.txt"')
  })

  test('bytes: counted across archives while they stream; a refused archive uses none of the budget', async () => {
    const budget = studentBudget()
    await extractArchive(archive('tgz', files(1, 600, 'a')), dest(), { caps, budget })
    expect(budget).toEqual({ entries: 1, bytes: 600 })
    const message = await extractArchive(archive('zip', files(1, 500, 'b'), 'big.zip'), dest(), { caps, budget }).catch((e: Error) => e.message)
    expect(message).toBe('Refused "big.zip": entry "b0.txt" declares 500 bytes, more than the 400 bytes left of the cap of 1000 bytes for one student (600 bytes went to the student\'s other archives)')
    const streamed = await extractArchive(archive('tgz', files(1, 500, 'c'), 'big.tgz'), dest(), { caps, budget }).catch((e: Error) => e.message)
    expect(streamed).toBe('Refused "big.tgz": it unpacks to more than the 400 bytes left of the cap of 1000 bytes for one student (600 bytes went to the student\'s other archives), at "c0.txt"')
    expect(budget).toEqual({ entries: 1, bytes: 600 })
    expect(await extractArchive(archive('zip', files(1, 400, 'd')), dest(), { caps, budget })).toEqual({ files: 1, entries: 1, bytes: 400, notes: [] })
    expect(budget).toEqual({ entries: 2, bytes: 1000 })
  })
})
