import { watch, type FSWatcher } from 'node:fs'

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

// Call `onChange` once per burst of saves in the folder (recursive where the platform supports it), after DEBOUNCE_MS of quiet
export function watchFolder(dir: string, onChange: (paths: string[]) => void): FolderWatch {
  let timer: NodeJS.Timeout | undefined
  let changed = new Set<string>()
  const listener = (_event: string, filename: string | Buffer | null) => {
    const path = filename === null ? '' : filename.toString()
    if (path && isIgnoredChange(path)) return
    changed.add(path)
    clearTimeout(timer)
    timer = setTimeout(() => {
      const paths = [...changed].filter(Boolean)
      changed = new Set()
      onChange(paths)
    }, DEBOUNCE_MS)
  }
  let watcher: FSWatcher
  try {
    watcher = watch(dir, { recursive: true }, listener)
  } catch {
    // Recursive watching is not supported everywhere: the top folder, where the programs are, is what matters
    watcher = watch(dir, listener)
  }
  watcher.on('error', () => undefined)
  return {
    close: () => {
      clearTimeout(timer)
      watcher.close()
    },
  }
}
