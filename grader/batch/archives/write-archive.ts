import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** One entry of an archive built for a fixture or a test: a file, a folder (name ends in '/'), or a link */
export type ArchiveEntrySpec = { readonly name: string; readonly text?: string } | { readonly name: string; readonly link: string } | { readonly name: string; readonly hardlink: string }

export type ArchiveFormat = 'zip' | 'tgz' | 'tar'

// Debian's interpreter starts in ~10 ms; the version-manager shim on PATH takes ~115 ms
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

// Python's zipfile and tarfile write what they are told (`../x`, `/etc/x`, links), as a hostile student's tool would
const SCRIPT = `
import io, json, sys, tarfile, zipfile
spec = json.loads(sys.argv[1])
path, fmt, entries = spec['path'], spec['format'], spec['entries']
if fmt == 'zip':
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for e in entries:
            info = zipfile.ZipInfo(e['name'], date_time=(2024, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            if 'link' in e:
                info.external_attr = 0o120777 << 16
                z.writestr(info, e['link'])
            elif e['name'].endswith('/'):
                info.external_attr = (0o40755 << 16) | 0x10
                z.writestr(info, '')
            else:
                info.external_attr = 0o100644 << 16
                z.writestr(info, e.get('text', ''))
else:
    with tarfile.open(path, 'w:gz' if fmt == 'tgz' else 'w', format=tarfile.PAX_FORMAT) as t:
        for e in entries:
            info = tarfile.TarInfo(e['name'])
            info.mtime = 1704067200
            if 'link' in e:
                info.type, info.linkname = tarfile.SYMTYPE, e['link']
                t.addfile(info)
            elif 'hardlink' in e:
                info.type, info.linkname = tarfile.LNKTYPE, e['hardlink']
                t.addfile(info)
            elif e['name'].endswith('/'):
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                t.addfile(info)
            else:
                data = e.get('text', '').encode()
                info.size, info.mode = len(data), 0o644
                t.addfile(info, io.BytesIO(data))
`

// Write an archive with exactly these entries, in this order, using Python's standard library (no dependency)
export function writeArchive(path: string, format: ArchiveFormat, entries: readonly ArchiveEntrySpec[]): void {
  execFileSync(PYTHON, ['-I', '-c', SCRIPT, JSON.stringify({ path, format, entries })], { stdio: ['ignore', 'ignore', 'pipe'] })
}

// Run a Python script with arguments (tests that need a hand-made zip: a bomb, a lying header)
export function runPython(script: string, args: readonly string[]): void {
  execFileSync(PYTHON, ['-I', '-c', script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
}
