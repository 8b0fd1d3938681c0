import { lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs'
import { join, sep } from 'node:path'

/** A link in a student's folder: where it is (relative, '/'-separated) and what it points to, as written */
export interface FolderLink {
  readonly path: string
  readonly target: string
}

// As deep as listFiles looks
const MAX_DEPTH = 3

// The links under dir (not followed, dot-folders and __MACOSX skipped), sorted by path
export function linksIn(dir: string): FolderLink[] {
  const links: FolderLink[] = []
  const visit = (relative: string, depth: number) => {
    let entries
    try {
      entries = readdirSync(join(dir, relative), { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const path = relative ? `${relative}/${e.name}` : e.name
      if (e.isSymbolicLink()) links.push({ path, target: target(join(dir, path)) })
      else if (e.isDirectory() && depth < MAX_DEPTH && !e.name.startsWith('.') && e.name !== '__MACOSX') visit(path, depth + 1)
    }
  }
  visit('', 0)
  return links.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

// The link at dir/path when it leads out of dir (or nowhere): the grader copies a submission following links only
// within it, so such a file is never graded; undefined for a plain file or a link that stays inside
export function linkOut(dir: string, path: string): FolderLink | undefined {
  const full = join(dir, path)
  try {
    if (!lstatSync(full).isSymbolicLink()) return undefined
    const root = realpathSync(dir)
    if (realpathSync(full).startsWith(root + sep)) return undefined
  } catch {
    // A link that leads nowhere is not followed either
  }
  return { path, target: target(full) }
}

// '"UDPServer.py" → "/etc/passwd"', for notes and reasons
export function linkText(link: FolderLink): string {
  return `"${link.path}" → "${link.target}"`
}

function target(path: string): string {
  try {
    return readlinkSync(path)
  } catch {
    return '?'
  }
}
