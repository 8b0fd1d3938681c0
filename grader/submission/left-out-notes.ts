import type { LeftOut, LeftOutReason } from './copy-plan.js'

// A note names this many paths, then counts the rest
const PATHS_NAMED = 5

const MiB = 1024 * 1024

// One note per reason, in this order, each naming the first few paths: "Not copied for grading (...): ".venv""
export function leftOutNotes(leftOut: readonly LeftOut[], limits: { maxFileBytes: number; maxCopyBytes: number }): string[] {
  const why: Record<LeftOutReason, string> = {
    'virtualenv': 'a Python virtualenv or installed packages: the programs run with the grader\'s Python 3',
    'tool-folder': 'tool and archive folders, not part of the programs',
    'too-large': `larger than ${mib(limits.maxFileBytes)}, the limit for one file`,
    'no-room': `past ${mib(limits.maxCopyBytes)} in all, the room the grading copy has`,
    'disk-full': 'no space left where the grading copy is made',
    'link-outside': 'links that lead out of the submission, or nowhere',
    'link-repeat': 'links to a folder copied already',
    'unreadable': 'could not be read',
  }
  const notes: string[] = []
  for (const reason of Object.keys(why) as LeftOutReason[]) {
    const items = leftOut.filter((item) => item.reason === reason)
    if (items.length === 0) continue
    const named = items.slice(0, PATHS_NAMED).map((item) => `"${item.path}"${reason === 'too-large' && item.bytes !== undefined ? ` (${mib(item.bytes)})` : ''}`)
    const more = items.length > PATHS_NAMED ? ` and ${items.length - PATHS_NAMED} more` : ''
    notes.push(`Not copied for grading (${why[reason]}): ${named.join(', ')}${more}`)
  }
  return notes
}

function mib(bytes: number): string {
  const value = bytes / MiB
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`
}
