import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { findAssignment } from '../../assignments/load.js'
import { referenceDir } from '../../paths.js'
import { runPython, writeArchive } from '../archives/write-archive.js'
import { buildClass, workFiles } from '../class-fixture.js'
import type { LayoutName, LayoutScan } from '../types.js'
import { scanClass } from './index.js'

const assignment = findAssignment('uppercase-udp')!
const temp = mkdtempSync(join(tmpdir(), 'sockgrade-stage-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

let counter = 0
const PAIR = ['UDPClient.py', 'UDPServer.py']
const NOT_A_ZIP = 'cannot read it as a zip archive: End of central directory record signature not found. Either not a zip file, or file is truncated.'

// A fresh class folder and staging folder; `bob` hands in the reference pair, so the class always reads as its layout
function freshClass(layout: LayoutName): { root: string; staging: string } {
  const root = join(temp, `class${++counter}`)
  buildClass(layout, assignment, [{ id: layout === 'canvas' ? '1002' : 'bob', name: 'Bob Jones', work: 'solution' }], root)
  return { root, staging: join(temp, `staged${counter}`) }
}
const scan = (root: string, staging: string, layout: LayoutName | 'auto' = 'auto') => scanClass(root, { layout, stagingDir: staging, assignment })
const pairEntries = (prefix = '') => workFiles(assignment, 'solution').map((f) => ({ name: `${prefix}${f.name}`, text: f.text }))

function student(result: LayoutScan, id: string) {
  const s = result.students.find((x) => x.id === id)
  if (!s) throw new Error(`no student ${id} in ${result.students.map((x) => x.id).join(', ')}`)
  return { files: s.files, notes: s.notes, flags: s.flags, ...(s.notGradableReason ? { notGradableReason: s.notGradableReason } : {}) }
}

describe('a refused archive beside working programs is left out, the student graded on the rest', () => {
  test('a report.zip that is not a zip, beside the reference pair', async () => {
    const { root, staging } = freshClass('dirs')
    mkdirSync(join(root, 'alice'))
    cpSync(join(referenceDir, 'uppercase-udp', 'UDPServer.py'), join(root, 'alice', 'UDPServer.py'))
    cpSync(join(referenceDir, 'uppercase-udp', 'UDPClient.py'), join(root, 'alice', 'UDPClient.py'))
    writeFileSync(join(root, 'alice', 'report.zip'), 'not a zip\n')
    const result = await scan(root, staging)
    expect(student(result, 'alice')).toEqual({
      files: PAIR,
      notes: ['copied to the staging folder to extract its archives', `left out "report.zip", which was refused: ${NOT_A_ZIP}`],
      flags: ['archive-refused'],
    })
    expect(readdirSync(join(staging, 'alice')).sort()).toEqual(PAIR)
    expect(existsSync(join(root, 'alice', 'report.zip'))).toBe(true)
    expect(student(result, 'bob')).toEqual({ files: PAIR, notes: [], flags: [] })
  })

  test('a venv.zip over the entry cap, beside the reference pair in a subfolder', async () => {
    const { root, staging } = freshClass('dirs')
    mkdirSync(join(root, 'alice', 'src'), { recursive: true })
    for (const f of workFiles(assignment, 'solution')) writeFileSync(join(root, 'alice', 'src', f.name), f.text)
    writeArchive(join(root, 'alice', 'venv.zip'), 'zip', Array.from({ length: 2001 }, (_, i) => ({ name: `venv/lib/f${i}.py`, text: '' })))
    const result = await scan(root, staging)
    expect(student(result, 'alice')).toEqual({
      files: ['src/UDPClient.py', 'src/UDPServer.py'],
      notes: ['copied to the staging folder to extract its archives', 'left out "venv.zip", which was refused: it holds 2001 entries, more than 2000 (the cap for one student)'],
      flags: ['archive-refused'],
    })
  })

  test('a Canvas student whose programs come with a corrupt zip is graded; one with only the corrupt zip is not', async () => {
    const { root, staging } = freshClass('canvas')
    for (const f of workFiles(assignment, 'solution')) writeFileSync(join(root, `smithjohn_1001_50009_${f.name}`), f.text)
    writeFileSync(join(root, 'smithjohn_1001_50009_report.zip'), 'not a zip\n')
    writeFileSync(join(root, 'doejane_1003_50010_hw.zip'), 'not a zip\n')
    writeFileSync(join(root, 'doejane_1003_50010_notes.txt'), 'see the zip\n')
    const result = await scan(root, staging)
    expect(student(result, '1001')).toEqual({ files: PAIR, notes: [`left out "report.zip", which was refused: ${NOT_A_ZIP}`], flags: ['archive-refused'] })
    expect(student(result, '1003')).toEqual({
      files: [],
      notes: [`left out "hw.zip", which was refused: ${NOT_A_ZIP}`],
      flags: ['archive-refused'],
      notGradableReason: `Refused "hw.zip": ${NOT_A_ZIP}`,
    })
  })

  test('an archive nested in the student\'s archive is left out the same way; one that IS the whole submission is not', async () => {
    const { root, staging } = freshClass('archives')
    // Python's zipfile writes what it is given: the inner "zip" is an entry whose bytes are not a zip
    writeArchive(join(root, 'alice.zip'), 'zip', [...pairEntries('alice/'), { name: 'alice/docs/report.zip', text: 'not a zip\n' }])
    writeArchive(join(root, 'carol.zip'), 'zip', [{ name: 'carol/hw.zip', text: 'not a zip\n' }, { name: 'carol/README.md', text: 'hi\n' }])
    writeFileSync(join(root, 'dave.zip'), 'not a zip\n')
    const result = await scan(root, staging)
    expect(student(result, 'alice')).toEqual({
      files: PAIR,
      notes: ['took the files from "alice/" inside "alice.zip"', `left out "docs/report.zip", which was refused: ${NOT_A_ZIP}`],
      flags: ['archive-refused'],
    })
    expect(student(result, 'carol')).toEqual({
      files: [],
      notes: ['took the files from "carol/" inside "carol.zip"', `left out "hw.zip", which was refused: ${NOT_A_ZIP}`],
      flags: ['archive-refused'],
      notGradableReason: `Refused "hw.zip": ${NOT_A_ZIP}`,
    })
    expect(student(result, 'dave')).toEqual({ files: [], notes: [], flags: ['archive-refused'], notGradableReason: `Refused "dave.zip": ${NOT_A_ZIP}` })
  })
})

// Bytes of every file under dir
function du(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? du(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0)
}

// alice.zip, stored: the reference pair and four inner zips of one 40 MiB entry each; each 1 KiB of the entry is 24
// seeded random bytes and zeros, so it deflates about 35:1, inside the ratio cap
const NESTED = `
import io, json, random, sys, zipfile
path, mib, pair = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
r = random.Random(1)
data = b''.join(r.randbytes(24) + bytes(1000) for _ in range(mib * 1024))
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo('data.bin', date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
inner = buf.getvalue()
with zipfile.ZipFile(path, 'w', zipfile.ZIP_STORED) as z:
    for e in pair:
        z.writestr(zipfile.ZipInfo('alice/' + e['name'], date_time=(2024, 1, 1, 0, 0, 0)), e['text'])
    for i in range(1, 5):
        z.writestr(zipfile.ZipInfo('alice/part%d.zip' % i, date_time=(2024, 1, 1, 0, 0, 0)), inner)
`

describe('archive caps are for the student, not for each archive', () => {
  test('four 40 MiB zips inside a stored zip stage at most 50 MiB: the ones past the cap are left out', async () => {
    const { root, staging } = freshClass('archives')
    runPython(NESTED, [join(root, 'alice.zip'), '40', JSON.stringify(pairEntries())])
    const result = await scan(root, staging)
    const refusal = 'which was refused: entry "data.bin" declares 40 MiB, more than the 5.3 MiB left of the cap of 50 MiB for one student (44.7 MiB went to the student\'s other archives)'
    expect(student(result, 'alice')).toEqual({
      files: ['UDPClient.py', 'UDPServer.py', 'part1/data.bin'],
      notes: [
        'took the files from "alice/" inside "alice.zip"',
        'extracted "part1.zip" into "part1/"',
        `left out "part2.zip", ${refusal}`,
        `left out "part3.zip", ${refusal}`,
        `left out "part4.zip", ${refusal}`,
      ],
      flags: ['archive-refused'],
    })
    expect(du(join(staging, 'alice'))).toBeLessThanOrEqual(50 * 1024 * 1024)
    expect(du(join(staging, 'alice', 'part1'))).toBe(40 * 1024 * 1024)
  })
})

describe('copying a folder to extract its archives', () => {
  test('a named pipe and links are left out with notes, not a crash of the class', async () => {
    const { root, staging } = freshClass('dirs')
    mkdirSync(join(root, 'frank'))
    writeArchive(join(root, 'frank', 'hw.zip'), 'zip', pairEntries())
    execFileSync('mkfifo', [join(root, 'frank', 'pipe')])
    symlinkSync('/etc/passwd', join(root, 'frank', 'passwd.py'))
    const result = await scan(root, staging)
    expect(student(result, 'frank')).toEqual({
      files: ['hw/UDPClient.py', 'hw/UDPServer.py'],
      notes: ['copied to the staging folder to extract its archives', 'left out "passwd.py" (links are not followed)', 'left out "pipe" (not a regular file)', 'extracted "hw.zip" into "hw/"'],
      flags: [],
    })
    expect(student(result, 'bob')).toEqual({ files: PAIR, notes: [], flags: [] })
  })
})
