// Sources, build files and run scripts: what the programs need to be found, built and run
const PROGRAM_EXTENSIONS = new Set([
  'py', 'java', 'js', 'mjs', 'cjs', 'ts', 'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'go', 'rs', 'rb', 'kt', 'scala', 'cs', 'sh', 'pl', 'php', 'swift', 'jar',
])
const PROGRAM_FILES = new Set(['sockgrade.yaml', 'sockgrade.yml', 'Makefile', 'makefile', 'package.json', 'pom.xml', 'build.gradle', 'Cargo.toml', 'go.mod'])

// Programs are looked for this many folders below the submission's top, no deeper (see list-files.ts)
const PROGRAM_DEPTH = 3

// True for a file that is likely part of the programs (copied before anything else, so size never crowds it out):
// a source, build file or script, no deeper than programs are looked for
export function isLikelyProgram(path: string): boolean {
  if (path.split('/').length - 1 > PROGRAM_DEPTH) return false
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  return PROGRAM_FILES.has(name) || (dot > 0 && PROGRAM_EXTENSIONS.has(name.slice(dot + 1).toLowerCase()))
}
