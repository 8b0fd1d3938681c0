import { join, posix } from 'node:path'
import type { LaunchSpec } from './launch.js'
import { folderOf, isFile } from './list-files.js'

// Extensions tried after a word that names no file: `java UDPServer` reports UDPServer.java, `./server` server.c
const SOURCE_EXTENSIONS = ['.java', '.c', '.cpp', '.cc', '.js', '.mjs', '.cjs', '.ts', '.go', '.rs', '.py', '.rb', '.cs', '.kt']
const PYTHON = /^(?:python3?|\{python\})$/

// How to run a command declared in sockgrade.yaml: from that file's folder; `python`/`python3` become the
// grader's own interpreter ({python}), so Python programs get the same treatment as found ones
export function declaredLaunch(dir: string, yamlPath: string, words: readonly string[]): LaunchSpec {
  const cwd = folderOf(yamlPath)
  const python = PYTHON.test(words[0] ?? '')
  const command = python ? ['{python}', ...words.slice(1)] : [...words]
  return { command, cwd, file: reportedFile(dir, cwd, words) ?? words.join(' '), python }
}

// The first word that names a file (or a source file, once an extension is added), relative to the submission
function reportedFile(dir: string, cwd: string, words: readonly string[]): string | undefined {
  for (const word of words) {
    if (word.startsWith('-') || word.includes('{')) continue
    for (const candidate of [word, ...SOURCE_EXTENSIONS.map((ext) => word + ext)]) {
      const relative = posix.normalize(posix.join(cwd, candidate))
      if (!relative.startsWith('../') && isFile(join(dir, relative))) return relative
    }
  }
  return undefined
}
