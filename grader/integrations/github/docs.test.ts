import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { bundledAssignments, findAssignment } from '../../assignments/load.js'
import { packageRoot, referenceDir } from '../../paths.js'
import { sockgradeVersion } from '../../version.js'
import { npmEnvironment, packSockgrade } from '../package/pack.js'
import { INSTALL_MARKER, sockgradeWorkflow, VENDOR_DIR, WORKFLOW_FILE } from './workflow.js'
import { fenced } from '../../test-support/markdown-blocks.js'
import { expectJunitFileValid } from '../../test-support/junit-xsd.js'

// docs/github-classroom.md and docs/ci.md: the command each starts with, the files they link, the workflow's steps
// as the Classroom page tells them, and the GitLab and Jenkins recipes parsed where they can be. Then what the pages
// tell a course to run, run here as written: sockgrade installed from its tarball (packed from this checkout), then
// init-ci in a template repository, the GitLab job's script and the Jenkins stage's two sh steps in a student's
// folder. Nothing comes from a registry: every npm has --offline, an empty cache and a registry on a closed port.

const version = sockgradeVersion()
const page = (name: string) => readFileSync(join(packageRoot, 'docs', name), 'utf8')
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')


// The prose of a page, a paragraph or list at a time, and a table a row at a time; code blocks left out
function passages(markdown: string): string[] {
  let prose = markdown
  for (const block of fenced(markdown)) prose = prose.replace(block, '')
  return prose.split(/\n\s*\n/).flatMap((paragraph) => (paragraph.trimStart().startsWith('|') ? paragraph.split('\n') : [paragraph]))
}

// A command line of a shell block, its comment dropped
const commandLines = (block: string) => block.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter(Boolean)

describe.each(['github-classroom.md', 'ci.md'])('docs/%s', (name) => {
  test('links only files that exist', () => {
    const links = [...page(name).matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1] ?? '').filter((link) => !/^https?:/.test(link))
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) expect(existsSync(join(packageRoot, 'docs', link)), link).toBe(true)
  })

  test('pins the version of sockgrade this checkout is', () => {
    const pinned = [...page(name).matchAll(/sockgrade[@-](\d[\w.+-]*?)(\.tgz)?\b(?![.\w])/g)].map((m) => m[1])
    expect(pinned.length).toBeGreaterThan(0)
    for (const found of pinned) expect(found).toBe(version)
  })

  test('no command to copy asks the npm registry; the registry form is only for once sockgrade is published', () => {
    for (const block of fenced(page(name))) {
      expect(block).not.toMatch(/sockgrade@/)
      expect(block).not.toMatch(/\bnpx\b/)
    }
    const registry = passages(page(name)).filter((passage) => /sockgrade@|--from-registry|E404/.test(passage))
    expect(registry.length).toBeGreaterThan(0)
    for (const passage of registry) expect(passage).toMatch(/published/)
  })
})

// ---- docs/github-classroom.md ----

const classroom = page('github-classroom.md')
const vendored = `${VENDOR_DIR}/sockgrade-${version}.tgz`
const [firstBlock = ''] = fenced(classroom, 'sh')
const [, initCi = '', commit = ''] = commandLines(firstBlock)
// The install from a packed sockgrade that the page gives for getting the command
const instructorInstall = /`(npm install --global [^`]*\.\/sockgrade-<version>\.tgz)`/.exec(classroom)?.[1] ?? ''

interface WorkflowStep {
  readonly name?: string
  readonly uses?: string
  readonly id?: string
  readonly run?: string
  readonly with?: Record<string, unknown>
}
interface WorkflowJob {
  readonly if?: string
  readonly 'runs-on': string
  readonly 'timeout-minutes': number
  readonly steps: WorkflowStep[]
}
const workflow = parse(sockgradeWorkflow({ assignment: 'uppercase-udp', version, tarball: vendored })) as { name: string; on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, WorkflowJob> }
const [jobName = '', job] = Object.entries(workflow.jobs)[0] ?? []
const steps = job?.steps ?? []
// A step's run script without its marker comments
const scriptOf = (step: WorkflowStep | undefined) => (step?.run ?? '').split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))

describe('docs/github-classroom.md', () => {
  test('starts with the one command a course runs first, in the template repository', () => {
    expect(classroom.split('\n')[0]).toBe("# GitHub Classroom: run `sockgrade init-ci --assignment <id>` in the assignment's template repository")
    expect(initCi).toMatch(/^sockgrade init-ci --assignment [a-z0-9-]+$/)
    expect(bundledAssignments().has(initCi.split(' ').at(-1) ?? '')).toBe(true)
    // Both files init-ci writes are committed
    expect(commit).toBe(`git add ${WORKFLOW_FILE} ${vendored} && git commit -m "Grade with sockgrade" && git push`)
  })

  test('says how to get the sockgrade command with no registry: a clone, or the packed tarball', () => {
    expect(classroom).toContain('`npm ci && npm link`')
    // As docs/ci.md installs it (with no registry), from a tarball packed as there (without a second build)
    expect(instructorInstall).toBe('npm install --global --offline --no-audit --no-fund ./sockgrade-<version>.tgz')
    expect(instructorInstall).toBe(gitlabInstall.replace(`./${committedTarball}`, './sockgrade-<version>.tgz'))
    expect(classroom).toContain('`npm pack --ignore-scripts`')
    expect(classroom).toContain(`\`${vendored.replace(version, '<version>')}\``)
    expect(classroom).toContain('`sockgrade init-ci --assignment <id> --force`')
  })

  test('names every step of the workflow as init-ci writes it, and the Classroom names and protected path it relies on', () => {
    for (const step of steps) expect(classroom).toContain(step.name ?? step.uses ?? '')
    expect(classroom.replace(/\s+/g, ' ')).toContain(`\`runs-on: ${job?.['runs-on']}\`, \`timeout-minutes: ${job?.['timeout-minutes']}\``)
    // The install step's command, the version as <version>
    const [install = ''] = scriptOf(steps.find((s) => s.run?.includes(INSTALL_MARKER)))
    expect(install).toContain('--offline')
    expect(classroom).toContain(`| Install sockgrade | \`${install.trim().replace(version, '<version>')}\``)
    // What the sandbox step does when it fails, as its row and the troubleshooting table say
    const setupFailure = /echo "::(\w+) title=sockgrade::([^:"]+)/.exec(steps.find((s) => s.name === 'Install bubblewrap')?.run ?? '')
    expect(classroom.split('\n').find((line) => line.startsWith('| Install bubblewrap |'))).toContain(`\`::${setupFailure?.[1]}\``)
    expect(classroom).toContain(`| "Install bubblewrap" fails with \`${setupFailure?.[2]}\``)
    // The grading command, and each reporter it names
    const grading = scriptOf(steps.find((s) => s.name === 'Grade'))
    for (const line of grading.slice(0, 2)) expect(classroom).toContain(`\`${line.trim().replace(/ \\$/, '').replace('uppercase-udp', '<id>')}\``)
    const gradeRow = classroom.split('\n').find((line) => line.startsWith('| Grade ')) ?? ''
    for (const reporter of grading.join('\n').matchAll(/--reporter (\w+)/g)) expect(gradeRow).toContain(`\`${reporter[1]}\``)
    for (const path of String(steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with?.path).trim().split('\n')) expect(classroom).toContain(`\`${path}\``)
    expect(classroom).toContain(`named \`${workflow.name}\``)
    expect(classroom).toContain(`one job, \`${jobName}\``)
    expect(classroom).toContain(`id is \`${steps.find((s) => s.id)?.id}\``)
    expect(fenced(classroom, '')).toContain('.github/**\n')
    expect(classroom).toContain('kernel.apparmor_restrict_unprivileged_userns=0')
  })

  // Inline code may wrap across lines in the page: compared with its whitespace folded
  test('states the triggers, the permissions and the job\'s condition as the workflow has them, and why each', () => {
    const folded = classroom.replace(/\s+/g, ' ')
    expect(folded).toContain(`\`on: ${Object.keys(workflow.on).join(', ')}\``)
    expect(folded).toContain(`\`permissions: ${Object.entries(workflow.permissions).map(([name, level]) => `${name}: ${level}`).join(', ')}\``)
    expect(folded).toContain(`\`if: ${job?.if}\``)
    const runs = classroom.slice(classroom.indexOf('## Runs and seeds'), classroom.indexOf('## What students and staff see'))
    for (const event of Object.keys(workflow.on)) expect(runs).toContain(`- \`${event}\`: `)
    expect(runs).toContain('- no `pull_request`: ')
  })

  test('says hyphens in step ids do not break Classroom\'s reporter: its pattern only picks an error message', () => {
    const folded = classroom.replace(/\s+/g, ' ')
    expect(folded).not.toMatch(/breaks? on hyphens/)
    expect(folded).toContain('Step ids with hyphens do not break Classroom\'s reporter action')
    expect(folded).toContain('`/^([a-zA-Z0-9]+,)*[a-zA-Z0-9]+$/`) is tested only after something else failed, and only chooses the error message')
  })

  test('troubleshooting: E404 only with --from-registry, and a tarball left out of the commit', () => {
    const rows = classroom.split('\n').filter((line) => line.startsWith('| "Install sockgrade" fails'))
    expect(rows.find((row) => row.includes('`E404`'))).toContain('`--from-registry`')
    expect(rows.find((row) => row.includes('`ENOENT`'))).toContain(`git add -f ${VENDOR_DIR}/`)
  })
})

// ---- docs/ci.md: the GitLab job and the Jenkinsfile ----

interface GitLabJob {
  readonly image: string
  readonly timeout: string
  readonly script: string[]
  readonly artifacts: { when: string; paths: string[]; reports: { junit: string } }
  readonly allow_failure?: { exit_codes: number[] }
}

const ci = page('ci.md')
const gitlabSection = ci.slice(ci.indexOf('## GitLab CI'), ci.indexOf('## Jenkins'))
const [gitlabJobText = '', allowFailureText = ''] = fenced(gitlabSection, 'yaml')
const gitlab = (parse(gitlabJobText) as Record<string, GitLabJob>).sockgrade as GitLabJob
const [gitlabInstall = '', gitlabGrading = ''] = gitlab.script
const jenkinsfile = fenced(ci.slice(ci.indexOf('## Jenkins')), 'groovy')[0] ?? ''
const jenkinsInstall = /^\s*sh '([^']+)'$/m.exec(jenkinsfile)?.[1] ?? ''
const jenkinsScript = /sh\(returnStatus: true, script: '([^']+)'\)/.exec(jenkinsfile)?.[1] ?? ''
// The Jenkinsfile's npm settings, as what follows the workspace's path: "@tmp/..." for a folder beside it
const jenkinsSetting = (name: string) => new RegExp(`^\\s*${name} = "\\$\\{env\\.WORKSPACE\\}([^"]+)"$`, 'm').exec(jenkinsfile)?.[1]
// The tarball the install line names, relative to the repository
const committedTarball = /^npm install --global --offline --no-audit --no-fund \.\/(\S+)$/.exec(gitlabInstall)?.[1] ?? ''

// The file a grading command's `--reporter junit=FILE` writes
const junitPath = (command: string) => /--reporter junit=(\S+)/.exec(command)?.[1]

describe('docs/ci.md', () => {
  test('starts with the install from the committed tarball and the command, whose JUnit path the recipes publish', () => {
    const first = ci.split('\n')[0] ?? ''
    expect(first).toMatch(/^# GitLab CI, Jenkins and other CI: run `sockgrade check \. --assignment <id> --reporter junit=sockgrade-results\/junit\.xml`$/)
    const [install, grading] = commandLines(fenced(ci, 'sh')[0] ?? '')
    expect(install).toBe(gitlabInstall)
    expect(grading).toMatch(/^sockgrade check \. --assignment \S+ .*--reporter junit=sockgrade-results\/junit\.xml/)
  })

  test('says where the tarball comes from: npm pack in a clone, committed where the jobs install it', () => {
    expect(committedTarball).toBe(`ci/sockgrade-${version}.tgz`)
    expect(ci).toContain('`npm pack --ignore-scripts`')
    expect(ci).toContain(`\`${committedTarball}\``)
  })

  test('GitLab: the install, then one grading command, the JUnit file as the job\'s junit report, artifacts kept whatever the exit', () => {
    expect(gitlab.image).toMatch(/^node:20(-[a-z]+)?$/)
    expect(gitlab.script).toHaveLength(2)
    expect(gitlabGrading).toMatch(/^sockgrade check \. --assignment \S+ /)
    expect(findAssignment(/--assignment (\S+)/.exec(gitlabGrading)?.[1] ?? '')).toBeDefined()
    expect(gitlab.artifacts.when).toBe('always')
    expect(gitlab.artifacts.reports.junit).toBe(junitPath(gitlabGrading))
    expect(gitlab.artifacts.paths).toEqual([`${dirname(gitlab.artifacts.reports.junit)}/`])
    // The optional allow_failure lets exit 1 (points lost) pass with a warning, never exit 2; npm's own exit 1 is
    // kept red by the advice that follows it
    expect(parse(allowFailureText)).toEqual({ allow_failure: { exit_codes: [1] } })
    expect(gitlabSection).toContain('end the install line with `|| exit 2`')
  })

  test('Jenkins: the same install, beside the workspace, then the same command by its path; exit 1 unstable, anything else but 0 an error', () => {
    expect(jenkinsInstall).toBe(gitlabInstall)
    expect(jenkinsfile.indexOf(`sh '${jenkinsInstall}'`)).toBeLessThan(jenkinsfile.indexOf('returnStatus'))
    // npm's cache and prefix out of the workspace, the folder graded: in its @tmp folder, which the Docker agent mounts
    expect(jenkinsSetting('npm_config_cache')).toMatch(/^@tmp\/[\w.-]+$/)
    expect(jenkinsSetting('npm_config_prefix')).toMatch(/^@tmp\/[\w.-]+$/)
    // The shell reads the prefix from the environment block
    expect(jenkinsScript).toBe(`"$npm_config_prefix/bin/sockgrade" ${gitlabGrading.replace(/^sockgrade /, '')}`)
    expect(jenkinsfile).toContain('if (status == 1) unstable(')
    expect(jenkinsfile).toContain('else if (status != 0) error(')
    const post = jenkinsfile.slice(jenkinsfile.indexOf('post {'))
    expect(post).toMatch(/always \{\s*junit testResults: '([^']+)'/)
    expect(/junit testResults: '([^']+)'/.exec(post)?.[1]).toBe(junitPath(jenkinsScript))
    expect(jenkinsfile).toMatch(/options \{ timeout\(time: \d+, unit: 'MINUTES'\) \}/)
  })
})

// ---- What the pages tell a course to run, run as written ----

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

function sh(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile('sh', ['-e', '-c', script], { cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    )
  })
}

// PATH without any folder that holds a sockgrade command (an `npm link` on this machine): only what a page installs runs
const pathWithoutSockgrade = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '' && !existsSync(join(dir, 'sockgrade'))).join(delimiter)

// npm with no registry: its own settings from the environment left out, --offline, an empty cache, a closed port
function offlineNpm(cache: string, prefix: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...npmEnvironment(), PATH: pathWithoutSockgrade, npm_config_cache: cache, npm_config_prefix: prefix, npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9/', npm_config_update_notifier: 'false', NO_COLOR: '1', CI: 'true', ...extra }
  delete env.FORCE_COLOR
  delete env.GITHUB_ACTIONS
  return env
}

const INSTALL_TIMEOUT_MS = 35_000
const GRADE_TIMEOUT_MS = 20_000
const TEST_TIMEOUT_MS = 59_000

let scratch: string
let packed: string
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'sockgrade-ci-docs-'))
  packed = (await packSockgrade(scratch)).path
}, 60_000)
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('docs/github-classroom.md run as written: sockgrade from its tarball, then init-ci in the template', () => {
  let template: string
  test('the tarball installs as the page says; its init-ci writes the workflow and the tarball, and the page\'s git line commits both', async () => {
    const instructor = join(scratch, 'instructor')
    const env = offlineNpm(join(scratch, 'instructor-cache'), join(instructor, 'prefix'))
    mkdirSync(instructor)
    copyFileSync(packed, join(instructor, `sockgrade-${version}.tgz`))
    const installed = await sh(instructorInstall.replace('<version>', version), instructor, env, INSTALL_TIMEOUT_MS)
    expect(installed.code, installed.stderr).toBe(0)

    template = join(scratch, 'hw1-template')
    mkdirSync(template)
    const git = { GIT_AUTHOR_NAME: 'Course', GIT_AUTHOR_EMAIL: 'course@example.invalid', GIT_COMMITTER_NAME: 'Course', GIT_COMMITTER_EMAIL: 'course@example.invalid', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' }
    const withCommand = { ...env, ...git, PATH: `${join(instructor, 'prefix', 'bin')}${delimiter}${env.PATH ?? ''}` }
    expect((await sh('git init -q', template, withCommand, 10_000)).code).toBe(0)
    const written = await sh(initCi, template, withCommand, 30_000)
    expect(written.code, written.stderr).toBe(0)
    // init-ci prints the same git line as the page (a push needs a remote: left out here)
    expect(written.stdout).toContain(`  ${commit}\n`)
    const committed = await sh(commit.replace(/ && git push$/, ''), template, withCommand, 10_000)
    expect(committed.code, committed.stderr).toBe(0)
    expect((await sh('git ls-files', template, withCommand, 10_000)).stdout.trim().split('\n').sort()).toEqual([vendored, WORKFLOW_FILE].sort())
  }, TEST_TIMEOUT_MS)

  test('the committed workflow\'s install step installs that tarball with no registry', async () => {
    expect(template).toBeDefined()
    // The workflow the page's steps table describes (a stale dist/ would differ: npm run build)
    const text = readFileSync(join(template, WORKFLOW_FILE), 'utf8')
    expect(text).toBe(sockgradeWorkflow({ assignment: initCi.split(' ').at(-1) ?? '', version, tarball: vendored }))
    const written = parse(text) as { jobs: Record<string, WorkflowJob> }
    const install = Object.values(written.jobs)[0]?.steps.find((s) => s.run?.includes(INSTALL_MARKER))
    const runner = join(scratch, 'runner')
    const env = offlineNpm(join(runner, 'cache'), join(runner, 'prefix'))
    const installed = await sh(install?.run ?? 'false', template, env, INSTALL_TIMEOUT_MS)
    expect(installed.code, installed.stderr).toBe(0)
    const checked = await sh(`${join(runner, 'prefix', 'bin', 'sockgrade')} --version`, template, env, 10_000)
    expect(checked.stdout.trim()).toBe(version)
  }, TEST_TIMEOUT_MS)
})

describe('docs/ci.md run as written in a student\'s folder, the tarball committed where the jobs install it', () => {
  // A student's repository: the assignment's two programs (from a reference folder) and the committed tarball
  function studentRepository(name: string, from: readonly string[]): { repo: string; assignment: string } {
    const assignment = /--assignment (\S+)/.exec(gitlabGrading)?.[1] ?? ''
    const repo = join(scratch, name)
    mkdirSync(dirname(join(repo, committedTarball)), { recursive: true })
    copyFileSync(packed, join(repo, committedTarball))
    for (const file of ['UDPServer.py', 'UDPClient.py']) copyFileSync(join(referenceDir, assignment, ...from, file), join(repo, file))
    return { repo, assignment }
  }

  function junitFailures(repo: string, file: string): number {
    const xml = readFileSync(join(repo, file), 'utf8')
    expect(XMLValidator.validate(xml)).toBe(true)
    expectJunitFileValid(join(repo, file))
    const suites = new XMLParser({ ignoreAttributes: false }).parse(xml) as { testsuites: { '@_failures': string } }
    return Number(suites.testsuites['@_failures'])
  }

  test.each([
    { work: 'the textbook pair', from: [], code: 0, failures: 0 },
    { work: 'a server that lowercases', from: ['broken', 'server-lowercases'], code: 1, failures: 2 },
  ])('GitLab, $work: the script as one shell runs it, its exit code, and the JUnit file where the job publishes it', async ({ work, from, code, failures }) => {
    const { repo, assignment } = studentRepository(`gitlab-${work.replace(/\W+/g, '-')}`, from)
    // The image's root user installs into /usr/local, on PATH: here a prefix of the test's own
    const usrLocal = join(repo, '..', `${work.replace(/\W+/g, '-')}-usr-local`)
    const env = offlineNpm(join(repo, '..', `${work.replace(/\W+/g, '-')}-cache`), usrLocal)
    env.PATH = `${join(usrLocal, 'bin')}${delimiter}${env.PATH ?? ''}`
    const result = await sh(gitlab.script.join('\n'), repo, env, INSTALL_TIMEOUT_MS + GRADE_TIMEOUT_MS)
    expect(existsSync(join(usrLocal, 'lib', 'node_modules', 'sockgrade', 'node_modules', 'execa')), result.stderr).toBe(true)
    expect(result.code, result.stderr).toBe(code)
    expect(result.stdout).toContain(assignment)
    expect(junitFailures(repo, gitlab.artifacts.reports.junit)).toBe(failures)
    expect(existsSync(join(repo, 'sockgrade-results', 'report.html'))).toBe(true)
  }, TEST_TIMEOUT_MS)

  test('Jenkins, a server that lowercases: the install step, then the grading step by its path, exit 1 (unstable)', async () => {
    const { repo } = studentRepository('jenkins-workspace', ['broken', 'server-lowercases'])
    const committed = readdirSync(repo).sort()
    // The environment block, ${env.WORKSPACE} the workspace; no PATH change reaches the container, WORKSPACE does
    const env = offlineNpm(`${repo}${jenkinsSetting('npm_config_cache') ?? ''}`, `${repo}${jenkinsSetting('npm_config_prefix') ?? ''}`, { WORKSPACE: repo })
    const installed = await sh(jenkinsInstall, repo, env, INSTALL_TIMEOUT_MS)
    expect(installed.code, installed.stderr).toBe(0)
    // Nothing of npm's in the folder graded
    expect(readdirSync(repo).sort()).toEqual(committed)
    const graded = await sh(jenkinsScript, repo, env, GRADE_TIMEOUT_MS)
    expect(graded.code, graded.stderr).toBe(1)
    expect(junitFailures(repo, junitPath(jenkinsScript) ?? '')).toBe(2)
    // The report leaves nothing out, and names nothing of npm's
    expect(`${graded.stdout}\n${graded.stderr}`).not.toMatch(/Not copied|npm-global|npm-cache|\.npm\b/)
    expect(readdirSync(repo).sort()).toEqual([...committed, dirname(junitPath(jenkinsScript) ?? '')].sort())
  }, TEST_TIMEOUT_MS)
})
