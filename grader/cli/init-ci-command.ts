import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { bundledAssignments, findAssignment } from '../assignments/load.js'
import { findAssignmentFor } from '../check/find-assignment.js'
import { UsageError } from '../errors.js'
import { fileErrorText } from '../fs-errors.js'
import { sockgradeWorkflow, VENDOR_DIR, WORKFLOW_FILE } from '../integrations/github/workflow.js'
import { packSockgrade } from '../integrations/package/pack.js'
import { sockgradeVersion } from '../version.js'
import type { CliIo } from './io.js'
import { parseCommandArgs } from './options.js'

export const INIT_CI_USAGE = `Usage: sockgrade init-ci [dir] [options]

Writes ${WORKFLOW_FILE} into a repository (for GitHub Classroom: the assignment's template
repository), and sockgrade itself packed beside it in ${VENDOR_DIR}/ (about 1.5 MB, its dependencies inside), so
the workflow installs it with no registry. On every push and pull request GitHub Actions then grades the work with
sockgrade check, annotates the failed checks, writes the job summary, uploads the JUnit file and the HTML report,
and reports the points in the form GitHub Classroom records.

Options:
  -a, --assignment <id>   the assignment to grade (default: as sockgrade check finds it, from sockgrade.yaml or
                          the programs in the folder)
  -f, --force             replace the workflow file (and the packed sockgrade) when there is one already
  --from-registry         install sockgrade@<this version> from the npm registry instead of packing it
  -h, --help              show this help

Examples:
  sockgrade init-ci --assignment uppercase-udp
  sockgrade init-ci my-template -a multiline-tcp --force

Exit codes: 0 written, 2 bad usage (no folder, an unknown or undecidable assignment, a workflow file there
already without --force) or a file that could not be written.
`

// `sockgrade init-ci [dir]`: writes the grading workflow into the folder and says what to commit
export async function initCiCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    assignment: { type: 'string', short: 'a' },
    force: { type: 'boolean', short: 'f' },
    'from-registry': { type: 'boolean' },
  })
  if (positionals.length > 1) throw new UsageError(`Expected at most one folder, got ${positionals.length}`)
  const label = positionals[0] ?? '.'
  const dir = resolve(io.cwd ?? process.cwd(), label)
  if (!isFolder(dir)) throw new UsageError(`Cannot find the folder "${label}"`)
  const found = values.assignment ? { id: values.assignment, how: 'as asked' } : findAssignmentFor(dir, label)
  if (!findAssignment(found.id)) throw new UsageError(`Unknown assignment "${found.id}" (known: ${[...bundledAssignments().keys()].join(', ')})`)
  const path = join(dir, WORKFLOW_FILE)
  const shown = label === '.' ? WORKFLOW_FILE : join(label, WORKFLOW_FILE)
  if (existsSync(path) && !values.force) throw new UsageError(`${shown} exists already: add --force to replace it`)
  const version = sockgradeVersion()
  let tarball: string | undefined
  try {
    mkdirSync(dirname(path), { recursive: true })
    if (!values['from-registry']) tarball = await vendorSockgrade(dir)
    writeFileSync(path, sockgradeWorkflow({ assignment: found.id, version, tarball }))
  } catch (error) {
    io.stderr.write(`sockgrade: Cannot write ${shown}: ${fileErrorText(error)}\n`)
    return 2
  }
  const git = label === '.' ? 'git' : `git -C ${quoted(label)}`
  // A .gitignore with *.tgz (GitHub's Node.js one) makes a plain git add refuse the tarball
  const force = tarball !== undefined && (await gitIgnores(dir, tarball))
  io.stdout.write(
    `Wrote ${shown}: grades ${found.id} (${found.how}) with sockgrade ${version} on every push and pull request\n` +
      (tarball ? `and the packed sockgrade it installs in ${tarball}\n` : '') +
      `Commit and push ${tarball ? 'them' : 'it'}:\n` +
      `  ${git} add ${force ? '-f ' : ''}${tarball ? `${WORKFLOW_FILE} ${tarball}` : WORKFLOW_FILE} && ${git} commit -m "Grade with sockgrade" && ${git} push\n` +
      (force ? `(-f because git ignores ${tarball} there, by a rule such as *.tgz: git add refuses it without -f)\n` : '') +
      `For GitHub Classroom, commit it in the assignment's template repository and list .github/** in the\n` +
      `assignment's protected paths (see docs/github-classroom.md in sockgrade's repository).\n`,
  )
  return 0
}

// sockgrade packed into the repository's VENDOR_DIR, the only tarball there (an older version's is removed);
// returns its path relative to the repository
async function vendorSockgrade(repository: string): Promise<string> {
  const folder = join(repository, VENDOR_DIR)
  mkdirSync(folder, { recursive: true })
  const packed = await packSockgrade(folder)
  for (const name of readdirSync(folder)) if (/^sockgrade-.*\.tgz$/.test(name) && name !== packed.filename) rmSync(join(folder, name))
  return `${VENDOR_DIR}/${packed.filename}`
}

const GIT_TIMEOUT_MS = 10_000

// True when `path` (relative to `repository`) is in a git work tree and ignored there (git check-ignore exits 0);
// false outside a work tree (exit 128), with no git on PATH, or when git cannot answer in time
function gitIgnores(repository: string, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('git', ['check-ignore', '-q', '--', path], { cwd: repository, timeout: GIT_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error) => resolve(error === null))
  })
}

// A folder name as the shell reads it: as it is when plain, else in single quotes
function quoted(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
