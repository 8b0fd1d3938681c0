// A file-system error in words instead of an errno code ("no such file or folder" for ENOENT)
export function fileErrorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const words: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EISDIR: 'it is a folder, not a file',
    ENOTDIR: 'a part of the path is not a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
  }
  return (code && words[code]) ?? (error instanceof Error ? error.message : String(error))
}
