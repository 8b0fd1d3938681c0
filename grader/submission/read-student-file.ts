import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'

// A file a student's program may have written or replaced, read without trusting it: a FIFO or device (which would
// block the grader), a link (which would lead out of the copy) or a file past `maxBytes` gives undefined
export function readStudentFile(path: string, maxBytes: number): string | undefined {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW)
  } catch {
    return undefined
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile() || stat.size > maxBytes) return undefined
    const buffer = Buffer.alloc(stat.size)
    let read = 0
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read)
      if (n === 0) break
      read += n
    }
    return buffer.subarray(0, read).toString('utf8')
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}
