import { closeSync, openSync, readSync } from 'node:fs'

// A YAML file's text, read no further than one byte past `maxBytes`: a larger file is then refused by its size when
// parsed (parseBounded), without reading gigabytes first. Throws the file system's error, as readFileSync does
export function readYamlText(path: string, maxBytes: number): string {
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(maxBytes + 1)
    let length = 0
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null)
      if (read === 0) break
      length += read
    }
    return buffer.subarray(0, length).toString('utf8')
  } finally {
    closeSync(fd)
  }
}
