import { execFile, execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { main } from '../cli.js'
import { sockgradeWorkflow, VENDOR_DIR, WORKFLOW_FILE } from '../integrations/github/workflow.js'
import { packageRoot, referenceDir } from '../paths.js'
import { sockgradeVersion } from '../version.js'

let repo: string
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'sockgrade-init-ci-'))
})
afterEach(() => rmSync(repo, { recursive: true, force: true }))

async function run(argv: string[], cwd = repo) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd })
  return { code, stdout, stderr }
}

// git in the temporary repository, with no user or system configuration and a committer of its own
const gitEnv = () => ({ ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Course', GIT_AUTHOR_EMAIL: 'course@example.invalid', GIT_COMMITTER_NAME: 'Course', GIT_COMMITTER_EMAIL: 'course@example.invalid' })
function exec(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: repo, env: gitEnv(), timeout: 20_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout: String(stdout), stderr: String(stderr) }),
    )
  })
}
const git = (args: string[]) => exec('git', args)
const shell = (line: string) => exec('bash', ['-c', line])

const workflowIn = (dir: string) => join(dir, WORKFLOW_FILE)
const written = (dir: string) => readFileSync(workflowIn(dir), 'utf8')
const expected = (assignment: string) => sockgradeWorkflow({ assignment, version: sockgradeVersion() })
// Every test but the first writes the registry form: packing sockgrade takes seconds

// The textbook's two programs of an assignment, as a student's repository holds them
function copyReference(assignment: string, to: string): void {
  for (const file of ['UDPServer.py', 'UDPClient.py', 'TCPServer.py', 'TCPClient.py']) {
    const from = join(referenceDir, assignment, file)
    if (existsSync(from)) cpSync(from, join(to, file))
  }
}

describe('sockgrade init-ci', () => {
  test('--assignment: writes the workflow and sockgrade packed beside it, and says what to commit', async () => {
    const tarball = `${VENDOR_DIR}/sockgrade-${sockgradeVersion()}.tgz`
    mkdirSync(join(repo, VENDOR_DIR), { recursive: true })
    writeFileSync(join(repo, VENDOR_DIR, 'sockgrade-0.0.1.tgz'), 'an older one')
    const { code, stdout, stderr } = await run(['init-ci', '--assignment', 'uppercase-udp'])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(written(repo)).toBe(sockgradeWorkflow({ assignment: 'uppercase-udp', version: sockgradeVersion(), tarball }))
    expect(readdirSync(join(repo, VENDOR_DIR))).toEqual([`sockgrade-${sockgradeVersion()}.tgz`])
    expect(statSync(join(repo, tarball)).size).toBeGreaterThan(500_000)
    expect(stdout).toContain(`Wrote ${WORKFLOW_FILE}: grades uppercase-udp (as asked) with sockgrade ${sockgradeVersion()}`)
    expect(stdout).toContain(`  git add ${WORKFLOW_FILE} ${tarball} && git commit -m "Grade with sockgrade" && git push\n`)
    expect(stdout).toContain('protected paths')
  }, 60_000)

  test('in a git repository whose .gitignore has *.tgz: git add -f, saying why, and that line commits both files', async () => {
    const tarball = `${VENDOR_DIR}/sockgrade-${sockgradeVersion()}.tgz`
    await git(['init', '-q'])
    writeFileSync(join(repo, '.gitignore'), 'node_modules/\n*.tgz\n')
    const { code, stdout, stderr } = await run(['init-ci', '--assignment', 'uppercase-udp'])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    const line = `git add -f ${WORKFLOW_FILE} ${tarball} && git commit -m "Grade with sockgrade" && git push`
    expect(stdout).toContain(`  ${line}\n(-f because git ignores ${tarball} there, by a rule such as *.tgz: git add refuses it without -f)\n`)
    // The printed line as a course runs it (a push needs a remote: left out here)
    const committed = await shell(line.replace(/ && git push$/, ''))
    expect(committed.code, committed.stderr).toBe(0)
    expect((await git(['ls-files'])).stdout.trim().split('\n').sort()).toEqual([tarball, WORKFLOW_FILE].sort())
    // The same line without -f fails there: the reason for it
    rmSync(join(repo, '.git'), { recursive: true, force: true })
    await git(['init', '-q'])
    expect((await shell(line.replace(' -f', '').replace(/ && git push$/, ''))).code).not.toBe(0)
  }, 60_000)

  test('no git on PATH: the plain git add line', async () => {
    await git(['init', '-q'])
    writeFileSync(join(repo, '.gitignore'), '*.tgz\n')
    // PATH with node and npm (to pack sockgrade) and no git
    const bin = join(repo, '..', `${repo.split('/').at(-1)}-bin`)
    mkdirSync(bin)
    symlinkSync(process.execPath, join(bin, 'node'))
    symlinkSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim(), join(bin, 'npm'))
    vi.stubEnv('PATH', bin)
    try {
      const { code, stdout } = await run(['init-ci', '--assignment', 'uppercase-udp'])
      expect(code).toBe(0)
      expect(stdout).toContain(`  git add ${WORKFLOW_FILE} ${VENDOR_DIR}/sockgrade-${sockgradeVersion()}.tgz && git commit`)
      expect(stdout).not.toContain('-f because')
    } finally {
      vi.unstubAllEnvs()
      rmSync(bin, { recursive: true, force: true })
    }
  }, 60_000)

  test('--from-registry: the workflow installs sockgrade@version from the npm registry, nothing packed', async () => {
    const { code, stdout } = await run(['init-ci', '--assignment', 'uppercase-udp', '--from-registry'])
    expect(code).toBe(0)
    expect(written(repo)).toBe(expected('uppercase-udp'))
    expect(existsSync(join(repo, VENDOR_DIR))).toBe(false)
    expect(stdout).toContain(`  git add ${WORKFLOW_FILE} && git commit -m "Grade with sockgrade" && git push\n`)
  })

  test('without --assignment: the assignment as sockgrade check finds it from the programs', async () => {
    copyReference('count-s-tcp', repo)
    const { code, stdout } = await run(['init-ci', '--from-registry'])
    expect(code).toBe(0)
    expect(written(repo)).toBe(expected('count-s-tcp'))
    expect(stdout).toMatch(/grades count-s-tcp \(inferred: .*TCPServer\.py counts letters.*\) with sockgrade/)
  })

  test('without --assignment: the assignment sockgrade.yaml names', async () => {
    writeFileSync(join(repo, 'sockgrade.yaml'), 'assignment: multiline-udp\n')
    const { code, stdout } = await run(['init-ci', '--from-registry'])
    expect(code).toBe(0)
    expect(written(repo)).toBe(expected('multiline-udp'))
    expect(stdout).toContain('grades multiline-udp (from sockgrade.yaml)')
  })

  // The repository must hold what grades the course's exercise: its assignment.yaml and its checks, nothing else
  test('--course: the course\'s assignment and checks are committed beside the workflow, which grades with them', async () => {
    const course = join(packageRoot, 'grader', 'answers', 'fixtures', 'status-course')
    for (const name of ['status_server.py', 'status_client.py']) cpSync(join(course, 'reference', 'status-udp', name), join(repo, name))
    const { code, stdout } = await run(['init-ci', '-a', 'status-udp', '--course', course, '--from-registry'])
    expect(code).toBe(0)
    const committed = join(repo, VENDOR_DIR, 'course')
    expect(written(repo)).toBe(sockgradeWorkflow({ assignment: 'status-udp', version: sockgradeVersion(), course: `${VENDOR_DIR}/course` }))
    expect(written(repo)).toContain(`sockgrade check . --assignment status-udp --course ${VENDOR_DIR}/course --isolation sandbox`)
    expect(readdirSync(committed, { recursive: true }).map(String).sort()).toEqual(['assignments', 'assignments/status-udp', 'assignments/status-udp/README.md', 'assignments/status-udp/assignment.yaml', 'rubric.yaml'])
    expect(stdout).toContain(`  git add ${WORKFLOW_FILE} ${VENDOR_DIR}/course && git commit`)
    // The grading step's check, on the repository as committed: the reference pair gets full marks from those files
    const graded = await run(['check', '.', '--assignment', 'status-udp', '--course', `${VENDOR_DIR}/course`, '--isolation', 'host', '--reporter', 'json'])
    expect(graded.code).toBe(0)
    expect(JSON.parse(graded.stdout)).toMatchObject({ assignment: 'status-udp', score: 9, maxScore: 9 })
  }, 120_000)

  test('--course with an assignment answered by a reference server: refused (the repository is the student\'s), nothing written', async () => {
    const { code, stderr } = await run(['init-ci', '-a', 'reverse-udp', '--course', join(packageRoot, 'docs', 'example-course'), '--from-registry'])
    expect(code).toBe(2)
    expect(stderr).toContain('"reverse-udp" is answered by a reference server, which cannot go there: the workflow grades in the student\'s own repository, where the student can read every file')
    expect(existsSync(workflowIn(repo))).toBe(false)
  })

  test('a folder argument is read from the working folder, and the git commands name it', async () => {
    mkdirSync(join(repo, 'my template'))
    const { code, stdout } = await run(['init-ci', 'my template', '-a', 'uppercase-tcp', '--from-registry'])
    expect(code).toBe(0)
    expect(written(join(repo, 'my template'))).toBe(expected('uppercase-tcp'))
    expect(stdout).toContain(`Wrote my template/${WORKFLOW_FILE}`)
    expect(stdout).toContain(`git -C 'my template' add ${WORKFLOW_FILE} && git -C 'my template' commit`)
  })

  test('refuses to replace a workflow file without --force, and replaces it with --force', async () => {
    mkdirSync(join(repo, '.github', 'workflows'), { recursive: true })
    writeFileSync(workflowIn(repo), 'name: mine\n')
    expect(await run(['init-ci', '-a', 'uppercase-udp'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `sockgrade: ${WORKFLOW_FILE} exists already: add --force to replace it\nRun "sockgrade init-ci --help" for usage.\n`,
    })
    expect(written(repo)).toBe('name: mine\n')
    expect((await run(['init-ci', '-a', 'uppercase-udp', '--force', '--from-registry'])).code).toBe(0)
    expect(written(repo)).toBe(expected('uppercase-udp'))
  })

  test.each([
    { name: 'no programs and no --assignment', argv: ['init-ci'], message: 'Cannot tell the assignment: no ' },
    { name: 'an unknown assignment', argv: ['init-ci', '-a', 'uppercase-sctp'], message: 'Unknown assignment "uppercase-sctp" (known: ' },
    { name: 'a folder that does not exist', argv: ['init-ci', 'nowhere', '-a', 'uppercase-udp'], message: 'Cannot find the folder "nowhere"' },
    { name: 'two folders', argv: ['init-ci', '.', '.', '-a', 'uppercase-udp'], message: 'Expected at most one folder, got 2' },
    { name: 'an unknown option', argv: ['init-ci', '--forse'], message: 'Unknown option "--forse": did you mean "--force"?' },
  ])('$name: a usage error, exit 2, nothing written', async ({ argv, message }) => {
    const { code, stdout, stderr } = await run(argv)
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' })
    expect(stderr).toContain(`sockgrade: ${message}`)
    expect(stderr).toContain('Run "sockgrade init-ci --help" for usage.')
    expect(existsSync(join(repo, '.github'))).toBe(false)
  })

  test('no programs: the message asks for --assignment', async () => {
    expect((await run(['init-ci'])).stderr).toContain('add --assignment <id>')
  })

  test('a file where the .github folder should be: exit 2 saying why, no stack', async () => {
    writeFileSync(join(repo, '.github'), '')
    expect(await run(['init-ci', '-a', 'uppercase-udp'])).toEqual({ code: 2, stdout: '', stderr: `sockgrade: Cannot write ${WORKFLOW_FILE}: a part of the path is not a folder\n` })
  })
})
