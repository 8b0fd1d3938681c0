import { readdirSync, realpathSync, type Dirent } from 'node:fs'
import { join } from 'node:path'
import { nameSide } from './file-names.js'
import { IGNORED_FOLDERS, MAX_DEPTH } from './list-files.js'
import type { Side } from './python-content.js'

// How far below the programs' depth a misplaced program is still looked for, and how many entries at most
const SEARCH_DEPTH = 12
const SEARCH_ENTRIES = 20_000
// A not-gradable reason names this many of them
const NAMED = 3

/** A program side that was not found, and the file name the assignment gives it */
export interface Wanted {
  readonly side: Side
  readonly file: string
}

// What the submission holds for a side that was not found, and why it was not used: a link that leads out of the
// submission (the private copy keeps such a link, leading nowhere: private-copy.ts), or a program deeper than programs
// are looked for. A candidate is the assignment's file name (any letter case), or a .py file whose name says the side
export function unusedPrograms(dir: string, wanted: readonly Wanted[]): string[] {
  const links: string[] = []
  const deep = new Map<string, string[]>()
  let entries = 0
  const isCandidate = (name: string) => wanted.some((w) => name.toLowerCase() === w.file.toLowerCase() || (/\.py$/i.test(name) && [w.side, 'both'].includes(nameSide(name) ?? '')))
  const visit = (relative: string, depth: number) => {
    let found: Dirent[]
    try {
      found = readdirSync(join(dir, relative), { withFileTypes: true })
    } catch {
      return
    }
    found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const folders: string[] = []
    for (const entry of found) {
      if (++entries > SEARCH_ENTRIES) return
      const path = relative ? `${relative}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (!IGNORED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) folders.push(path)
      } else if (!isCandidate(entry.name)) continue
      else if (entry.isSymbolicLink() && leadsOut(dir, path)) links.push(`${path} is a link to a file outside the submission: links are not followed`)
      else if (depth > MAX_DEPTH) deep.set(relative, [...(deep.get(relative) ?? []), entry.name])
    }
    if (depth < SEARCH_DEPTH) for (const folder of folders) visit(folder, depth + 1)
  }
  visit('', 0)
  return [...links, ...[...deep].map(([folder, names]) => tooDeep(folder, names))].slice(0, NAMED)
}

// "found UDPServer.py 5 folders deep (a/b/c/d/e/UDPServer.py): ...", or for several files of one folder
// "found UDPClient.py and UDPServer.py 4 folders deep (in a/b/c/d): ..."
function tooDeep(folder: string, names: readonly string[]): string {
  const depth = folder.split('/').length
  const what = names.length === 1 ? `${names[0]} ${depth} folders deep (${folder}/${names[0]})` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} ${depth} folders deep (in ${folder})`
  return `found ${what}: programs are looked for at most ${MAX_DEPTH} folders deep: move ${names.length === 1 ? 'it' : 'them'} up`
}

// A link to nothing, or to something outside the folder
function leadsOut(dir: string, path: string): boolean {
  try {
    return !realpathSync(join(dir, path)).startsWith(`${realpathSync(dir)}/`)
  } catch {
    return true
  }
}
