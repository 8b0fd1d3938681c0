import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { findAssignment } from '../../assignments/load.js'
import { packageRoot, referenceDir } from '../../paths.js'
import { sockgradeVersion } from '../../version.js'
import { sockgradeWorkflow } from './workflow.js'

// docs/github-classroom.md and docs/ci.md: the command each starts with, the files they link, and the GitLab and
// Jenkins recipes: parsed where they can be, and their grading command run here as written in a student's folder
// (the pinned `npx --yes sockgrade@<version>` replaced by this checkout's build: no registry)

const page = (name: string) => readFileSync(join(packageRoot, 'docs', name), 'utf8')

// The fenced blocks of a Markdown page in the given language ('' for none), in order
function fenced(markdown: string, language: string): string[] {
  const blocks: { language: string; text: string }[] = []
  let open: { language: string; lines: string[] } | undefined
  for (const line of markdown.split('\n')) {
    if (open === undefined && line.startsWith('```')) open = { language: line.slice(3).trim(), lines: [] }
    else if (open !== undefined && line === '```') {
      blocks.push({ language: open.language, text: open.lines.map((l) => `${l}\n`).join('') })
      open = undefined
    } else open?.lines.push(line)
  }
  return blocks.filter((b) => b.language === language).map((b) => b.text)
}

describe.each(['github-classroom.md', 'ci.md'])('docs/%s', (name) => {
  test('links only files that exist', () => {
    const links = [...page(name).matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1] ?? '').filter((link) => !/^https?:/.test(link))
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) expect(existsSync(join(packageRoot, 'docs', link)), link).toBe(true)
  })

  test('pins the version of sockgrade this checkout is', () => {
    for (const pinned of page(name).matchAll(/sockgrade@(\d[\w.+-]*)/g)) expect(pinned[1]).toBe(sockgradeVersion())
  })
})

describe('docs/github-classroom.md', () => {
  const text = page('github-classroom.md')

  test('starts with the one command a course runs first, in the template repository', () => {
    expect(text.split('\n')[0]).toBe('# GitHub Classroom: run `npx sockgrade init-ci --assignment <id>` in the assignment\'s template repository')
  })

  test('names every step of the workflow, and the Classroom names and protected path it relies on', () => {
    const workflow = parse(sockgradeWorkflow({ assignment: 'uppercase-udp', version: sockgradeVersion() })) as { name: string; jobs: Record<string, { steps: { name?: string; uses?: string; id?: string }[] }> }
    const [jobName, job] = Object.entries(workflow.jobs)[0] ?? []
    for (const step of job?.steps ?? []) expect(text).toContain(step.name ?? step.uses ?? '')
    expect(text).toContain(`named \`${workflow.name}\``)
    expect(text).toContain(`one job, \`${jobName}\``)
    expect(text).toContain(`id is \`${job?.steps.find((s) => s.id)?.id}\``)
    expect(fenced(text, '')).toContain('.github/**\n')
    expect(text).toContain('kernel.apparmor_restrict_unprivileged_userns=0')
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
const jenkinsfile = fenced(ci.slice(ci.indexOf('## Jenkins')), 'groovy')[0] ?? ''
const jenkinsScript = /sh\(returnStatus: true, script: '([^']+)'\)/.exec(jenkinsfile)?.[1] ?? ''
const installed = `npx --yes sockgrade@${sockgradeVersion()}`

// The file a grading command's `--reporter junit=FILE` writes
const junitPath = (command: string) => /--reporter junit=(\S+)/.exec(command)?.[1]

describe('docs/ci.md', () => {
  test('starts with the command, whose JUnit path the recipes publish', () => {
    const first = ci.split('\n')[0] ?? ''
    expect(first).toMatch(/^# GitLab CI, Jenkins and other CI: run `sockgrade check \. --assignment <id> --reporter junit=sockgrade-results\/junit\.xml`$/)
    expect(fenced(ci, 'sh')[0]).toContain('--reporter junit=sockgrade-results/junit.xml')
  })

  test('GitLab: one grading command, the JUnit file as the job\'s junit report, artifacts kept whatever the exit', () => {
    expect(gitlab.image).toMatch(/^node:20(-[a-z]+)?$/)
    expect(gitlab.script).toHaveLength(1)
    expect(gitlab.script[0]).toMatch(new RegExp(`^${installed.replace(/[.+]/g, '\\$&')} check \\. --assignment \\S+ `))
    expect(findAssignment(/--assignment (\S+)/.exec(gitlab.script[0] ?? '')?.[1] ?? '')).toBeDefined()
    expect(gitlab.artifacts.when).toBe('always')
    expect(gitlab.artifacts.reports.junit).toBe(junitPath(gitlab.script[0] ?? ''))
    expect(gitlab.artifacts.paths).toEqual([`${dirname(gitlab.artifacts.reports.junit)}/`])
    // The optional allow_failure lets exit 1 (points lost) pass with a warning, never exit 2
    expect(parse(allowFailureText)).toEqual({ allow_failure: { exit_codes: [1] } })
  })

  test('Jenkins: the same command, exit 1 unstable and anything else but 0 an error, the JUnit file published always', () => {
    expect(jenkinsScript).toBe(gitlab.script[0])
    expect(jenkinsfile).toContain("if (status == 1) unstable(")
    expect(jenkinsfile).toContain('else if (status != 0) error(')
    const post = jenkinsfile.slice(jenkinsfile.indexOf('post {'))
    expect(post).toMatch(/always \{\s*junit testResults: '([^']+)'/)
    expect(/junit testResults: '([^']+)'/.exec(post)?.[1]).toBe(junitPath(jenkinsScript))
    expect(jenkinsfile).toMatch(/options \{ timeout\(time: \d+, unit: 'MINUTES'\) \}/)
  })
})

describe('the recipes\' grading command, run in a student\'s folder', () => {
  let scratch: string
  let bin: string
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'sockgrade-ci-docs-'))
    bin = join(scratch, 'bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'sockgrade'), `#!/bin/sh\nexec "${process.execPath}" "${join(packageRoot, 'dist', 'grader', 'bin.js')}" "$@"\n`)
    chmodSync(join(bin, 'sockgrade'), 0o755)
  })
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  // The command as the job's shell runs it, the pinned install swapped for this checkout's build
  function runCommand(command: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
    expect(command.startsWith(`${installed} `)).toBe(true)
    const local = `sockgrade ${command.slice(installed.length + 1)}`
    return new Promise((resolve) => {
      execFile('sh', ['-c', local], { cwd, env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, CI: 'true' }, timeout: 150_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      )
    })
  }

  test.each([
    { work: 'the textbook pair', from: [], code: 0, failures: 0 },
    { work: 'a server that lowercases', from: ['broken', 'server-lowercases'], code: 1, failures: 2 },
  ])('$work: the exit code, and the JUnit file where the job publishes it', async ({ from, code, failures }) => {
    const assignment = /--assignment (\S+)/.exec(gitlab.script[0] ?? '')?.[1] ?? ''
    const student = mkdtempSync(join(scratch, 'student-'))
    for (const file of ['UDPServer.py', 'UDPClient.py']) writeFileSync(join(student, file), readFileSync(join(referenceDir, assignment, ...from, file)))
    const result = await runCommand(gitlab.script[0] ?? '', student)
    expect(result.code, result.stderr).toBe(code)
    expect(result.stdout).toContain(assignment)
    const xml = readFileSync(join(student, gitlab.artifacts.reports.junit), 'utf8')
    expect(XMLValidator.validate(xml)).toBe(true)
    const suites = new XMLParser({ ignoreAttributes: false }).parse(xml) as { testsuites: { '@_failures': string } }
    expect(Number(suites.testsuites['@_failures'])).toBe(failures)
    expect(existsSync(join(student, 'sockgrade-results', 'report.html'))).toBe(true)
  }, 200_000)
})
