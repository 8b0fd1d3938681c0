import { ArchiveRefusedError } from './archive-refused-error.js'

// The '/'-separated relative path an archive entry may be written to, or a refusal naming the entry: absolute paths,
// drive letters, `..` and NUL are refused (backslashes count as separators, as Windows zip tools write them)
export function safeEntryPath(archive: string, entryName: string): string {
  const name = entryName.replaceAll('\\', '/')
  if (name.includes('\0')) throw new ArchiveRefusedError(archive, `entry "${printable(entryName)}" has a NUL character in its name`)
  if (/^[A-Za-z]:/.test(name)) throw new ArchiveRefusedError(archive, `entry "${entryName}" names a drive: it would be written outside the student's folder`)
  if (name.startsWith('/')) throw new ArchiveRefusedError(archive, `entry "${entryName}" is an absolute path: it would be written outside the student's folder`)
  const parts = name.split('/').filter((part) => part !== '' && part !== '.')
  if (parts.includes('..')) throw new ArchiveRefusedError(archive, `entry "${entryName}" would be written outside the student's folder`)
  return parts.join('/')
}

// Archive files made on macOS carry Finder metadata (`__MACOSX/`, `._name`): never a program, and `._UDPServer.py`
// would pass for a second server
export function isMacMetadata(path: string): boolean {
  return path.split('/').some((part) => part === '__MACOSX' || part.startsWith('._') || part === '.DS_Store')
}

function printable(text: string): string {
  return text.replaceAll('\0', '\\0')
}
