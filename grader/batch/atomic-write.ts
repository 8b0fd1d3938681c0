import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

// Write a file so that a crash leaves either the old file or the whole new one, never half of it: write a
// temporary file beside it, fsync it, rename it over the target (atomic within a folder on POSIX), then fsync the
// folder so the rename itself survives a power cut
export function writeFileAtomic(path: string, data: string): void {
  const dir = dirname(path)
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`)
  const fd = openSync(temporary, 'wx')
  try {
    const bytes = Buffer.from(data, 'utf8')
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(temporary, { force: true })
    throw error
  }
  closeSync(fd)
  try {
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
  fsyncFolder(dir)
}

// Some file systems refuse to open or fsync a folder (EISDIR, EINVAL, EPERM): the file is already in place then
function fsyncFolder(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
