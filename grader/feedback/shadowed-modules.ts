import { readdirSync, realpathSync, statSync } from 'node:fs'
import { readStudentFile } from '../submission/read-student-file.js'
import { dirname, isAbsolute, join, relative, sep } from 'node:path'
import { withoutShimLines } from '../process/describe-exit.js'
import { isInsideScratch } from '../process/scratch.js'
import { LOADED_BEFORE_PROGRAM, STANDARD_MODULES } from './standard-modules.js'

/** What to tell a student whose program's folder holds files named like standard modules the program uses */
export interface ShadowingHint {
  readonly text: string
  /** True when the files explain the crash: the hint then replaces the one for the error */
  readonly cause: boolean
}

/** A file or package in the program's folder named like a standard module */
interface Shadow {
  readonly module: string
  /** As the student sees it: "socket.py" or "socket/" */
  readonly name: string
  readonly path: string
}

const MAX_SOURCE_BYTES = 1024 * 1024
// What a module that lacks the real module's names does to the code that uses them
const MISSING_NAME = /^(NameError|AttributeError|ImportError|ModuleNotFoundError)\b/m

// Python puts a program's own folder first on sys.path, so `import socket` finds a socket.py there before the standard
// module. The folder is the one of the outermost frame of the traceback (Python 3.9+ writes the program's absolute
// path), read only inside the grading's private copy; undefined when no such file is there, or the program does not use it
export function shadowingHint(stderr: string): ShadowingHint | undefined {
  const own = withoutShimLines(stderr)
  const files = tracebackFiles(own)
  const script = files[0]
  if (!script) return undefined
  const ran = (shadow: Shadow) => files.some((file) => file === shadow.path || isWithin(shadow.path, file))
  const used = new Set(files.flatMap((file) => importedModules(sourceOf(file))))
  const shadows = shadowsIn(dirname(script)).filter((s) => used.has(s.module) || ran(s))
  if (!shadows.length) return undefined
  // A crash inside the file, or a name the program needs missing from it, when the module is one Python imports late enough
  const causes = shadows.filter((s) => ran(s) || (!LOADED_BEFORE_PROGRAM.has(s.module) && MISSING_NAME.test(own)))
  if (causes.length) {
    return { cause: true, text: `Rename ${renameList(causes)} in the program's folder ${example(causes)}: Python imports ${causes.length > 1 ? 'them' : 'it'} instead of the standard ${modules(causes)} the program uses` }
  }
  return { cause: false, text: `Rename ${renameList(shadows)} in the program's folder ${example(shadows)}: ${shadows.length > 1 ? 'they are' : 'it is'} named like the standard ${modules(shadows)} the program uses` }
}

// The files a Python traceback names (SyntaxError locations too), outermost first, that lie in the grading's own copy
function tracebackFiles(stderr: string): string[] {
  const files: string[] = []
  for (const match of stderr.matchAll(/^\s*File "([^"\n]+)", line \d+/gm)) {
    const file = match[1] as string
    const real = isAbsolute(file) && isInsideScratch(file) ? realPath(file) : undefined
    if (real !== undefined && !files.includes(real)) files.push(real)
  }
  return files
}

// The modules a Python source imports by name: `import a.b, c as d` and `from a.b import x` (not relative imports)
export function importedModules(source: string): string[] {
  const modules: string[] = []
  for (const match of source.matchAll(/(?:^|;)[ \t]*import[ \t]+([^\n#;]+)/gm)) {
    for (const part of (match[1] as string).split(',')) modules.push(part.trim().split(/[\s.]/)[0] as string)
  }
  for (const match of source.matchAll(/(?:^|;)[ \t]*from[ \t]+([A-Za-z_]\w*)/gm)) modules.push(match[1] as string)
  return modules.filter(Boolean)
}

// Modules Python would find in the folder: name.py, or a package name/__init__.py (a folder without it is passed over)
function shadowsIn(folder: string): Shadow[] {
  let entries: string[]
  try {
    entries = readdirSync(folder)
  } catch {
    return []
  }
  const found: Shadow[] = []
  for (const entry of entries.sort()) {
    const module = entry.endsWith('.py') ? entry.slice(0, -3) : entry
    if (!STANDARD_MODULES.has(module)) continue
    const path = join(folder, entry)
    if (entry.endsWith('.py') && isFile(path)) found.push({ module, name: entry, path })
    else if (!entry.endsWith('.py') && isFile(join(path, '__init__.py'))) found.push({ module, name: `${entry}/`, path })
  }
  return found
}

// Read after the program ran, which may have made the file a FIFO or a link: read only a small regular file
function sourceOf(file: string): string {
  return file.endsWith('.py') ? (readStudentFile(file, MAX_SOURCE_BYTES) ?? '') : ''
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function isWithin(folder: string, file: string): boolean {
  const inside = relative(folder, file)
  return inside !== '' && !inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside)
}

function renameList(shadows: readonly Shadow[]): string {
  return listed(shadows.map((s) => `"${s.name}"`))
}

// A new name for the first file: its name with _test, which no standard module has
function example(shadows: readonly Shadow[]): string {
  const first = shadows[0] as Shadow
  const renamed = first.name.endsWith('/') ? `${first.module}_test/` : `${first.module}_test.py`
  return shadows.length > 1 ? `(for example "${first.name}" to "${renamed}")` : `(for example to "${renamed}")`
}

function modules(shadows: readonly Shadow[]): string {
  return `${listed(shadows.map((s) => s.module))} module${shadows.length > 1 ? 's' : ''}`
}

function listed(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '')
}
