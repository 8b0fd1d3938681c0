import { readdirSync, watch, type Dirent, type FSWatcher } from 'node:fs'
import { join } from 'node:path'

// Saving a file often writes it in several steps (editors write a temporary file, then rename): one run for all
export const DEBOUNCE_MS = 200

// Folders and files that are not the student's work: the grader's and Python's own, version control, editors' temporaries
const IGNORED_SEGMENTS = new Set(['__pycache__', '.git', 'node_modules', '.venv', 'venv', '.idea', '.vscode'])
const IGNORED_NAME = /\.sw[a-p]x?$|~$|^\.#|^#.*#$|^4913$|\.pyc$|\.tmp$/
// The grader's temporary folders (private copies, sandboxes), should the folder watched be where they are made
const GRADER_FOLDER = /^(submission-|sockgrade-)/

// True when a change to this path (relative to the watched folder) should not start a new run
export function isIgnoredChange(path: string): boolean {
  const segments = path.split(/[\\/]/)
  return segments.some((s) => IGNORED_SEGMENTS.has(s) || GRADER_FOLDER.test(s)) || IGNORED_NAME.test(segments.at(-1) ?? '')
}

/** A watched folder; `close` stops watching */
export interface FolderWatch {
  close(): void
}

// How deep below the watched folder saves are seen (submissions keep their programs a folder or two down at most)
const WATCH_DEPTH = 3

// Call `onChange` once per burst of saves in the folder and its subfolders, after DEBOUNCE_MS of quiet. Each folder
// gets a watcher of its own, not one recursive watcher: on Linux, Node 20's recursive watcher follows files by inode
// and misses every save after one that replaced a file (sed -i, editors' safe writes); a folder's watcher does not
export function watchFolder(dir: string, onChange: (paths: string[]) => void): FolderWatch {
  let timer: NodeJS.Timeout | undefined
  let changed = new Set<string>()
  const watchers = new Map<string, FSWatcher>()
  const listenerFor = (folder: string) => (_event: string, filename: string | Buffer | null) => {
    const path = filename === null ? folder : folder ? `${folder}/${filename.toString()}` : filename.toString()
    if (path && isIgnoredChange(path)) return
    changed.add(path)
    clearTimeout(timer)
    timer = setTimeout(() => {
      const paths = [...changed].filter(Boolean)
      changed = new Set()
      refresh()
      onChange(paths)
    }, DEBOUNCE_MS)
  }
  // Watch every folder there is now (new ones appear after a save), and stop watching those that went away
  const refresh = () => {
    const folders = new Set(foldersBelow(dir, '', WATCH_DEPTH))
    for (const [folder, watcher] of watchers) {
      if (folders.has(folder)) continue
      watcher.close()
      watchers.delete(folder)
    }
    for (const folder of folders) {
      if (watchers.has(folder)) continue
      try {
        const watcher = watch(join(dir, folder), listenerFor(folder))
        watcher.on('error', () => undefined)
        watchers.set(folder, watcher)
      } catch {
        // Gone meanwhile, or not readable: not the student's work
      }
    }
  }
  refresh()
  return {
    close: () => {
      clearTimeout(timer)
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
    },
  }
}

// The folder itself ('') and its subfolders that hold the student's work, as '/'-separated relative paths
function foldersBelow(root: string, relative: string, depth: number): string[] {
  const found = [relative]
  if (depth === 0) return found
  let entries: Dirent[]
  try {
    entries = readdirSync(join(root, relative), { withFileTypes: true })
  } catch {
    return found
  }
  for (const entry of entries) {
    const path = relative ? `${relative}/${entry.name}` : entry.name
    if (entry.isDirectory() && !isIgnoredChange(path)) found.push(...foldersBelow(root, path, depth - 1))
  }
  return found
}
