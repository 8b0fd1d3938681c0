// docs/prairielearn.md's first command and docs/prairielearn/Dockerfile, without Docker: the recipe's steps up to
// `docker build` run as written (the folder a temporary one), the Dockerfile read instruction by instruction, its
// COPY done by hand and its install RUN run as written with the image's /tmp and /usr/local in a temporary folder.
// Nothing comes from a registry: --offline, an empty cache and a registry on a closed loopback port. Then the
// entrypoint of the page's info.json, from that install, grades a job folder laid out as PrairieLearn lays it out.
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, delimiter, join } from 'node:path'
import { Ajv } from 'ajv'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { packageRoot, referenceDir } from '../../paths.js'
import { sockgradeVersion } from '../../version.js'
import { npmEnvironment, packSockgrade } from '../package/pack.js'
import { fenced } from '../../test-support/markdown-blocks.js'

const version = sockgradeVersion()
const page = readFileSync(join(packageRoot, 'docs', 'prairielearn.md'), 'utf8')


// The recipe: one line of commands joined by &&, each a plain list of words (no quotes, no globs)
const recipe = (fenced(page, 'sh')[0] ?? '').trim()
const steps = recipe.split(' && ').map((step) => step.trim().split(/\s+/))
const stepOf = (command: string, sub?: string) => steps.find((words) => words[0] === command && (sub === undefined || words[1] === sub))
const dockerBuild = stepOf('docker', 'build') ?? []
// The build context: docker build's last word
const context = dockerBuild.at(-1) ?? ''
const copyStep = stepOf('cp') ?? []
const shippedDockerfile = copyStep[1] ?? ''

// The Dockerfile's instructions: continuation lines joined, comments and blank lines left out
interface Instruction {
  readonly keyword: string
  readonly rest: string
}
function instructions(dockerfile: string): Instruction[] {
  const lines = dockerfile.split('\n').filter((line) => !line.trimStart().startsWith('#'))
  const joined = lines.join('\n').replace(/\\\n/g, ' ')
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/)
      return { keyword: keyword.toUpperCase(), rest: rest.join(' ') }
    })
}

// A Dockerfile source pattern (`*` only) as a regular expression for one file name
const globRegExp = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`)

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout: String(stdout), stderr: String(stderr) }),
    )
  })
}

// PATH without any folder that holds a sockgrade command (an `npm link` on this machine): only the install runs
const pathWithoutSockgrade = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '' && !existsSync(join(dir, 'sockgrade'))).join(delimiter)

const base = mkdtempSync(join(tmpdir(), 'sockgrade-pl-image-'))
// Where the recipe's folder is made, and the image's file system: /tmp and /usr/local (npm's global prefix in node:20)
const contextDir = join(base, 'clone-side', context || 'no-context')
const image = join(base, 'image')
const usrLocal = join(image, 'usr', 'local')
const env: NodeJS.ProcessEnv = {
  ...npmEnvironment(),
  PATH: `${join(usrLocal, 'bin')}${delimiter}${pathWithoutSockgrade}`,
  npm_config_prefix: usrLocal,
  npm_config_cache: join(base, 'empty-npm-cache'),
  npm_config_offline: 'true',
  npm_config_registry: 'http://127.0.0.1:9/',
  npm_config_update_notifier: 'false',
  NO_COLOR: '1',
}
delete env.FORCE_COLOR

// A word of the recipe with its folder moved to the temporary one
const inTemp = (word: string) => (word === context ? contextDir : word === `${context}/` ? `${contextDir}/` : word)
// A path of the image moved into the temporary image
const inImage = (text: string) => text.replace(/(^|[\s=])\/(tmp|usr\/local)\//g, (_m, before: string, dir: string) => `${before}${join(image, dir)}/`)

const recipeRuns: Run[] = []
beforeAll(async () => {
  mkdirSync(join(base, 'clone-side'))
  // Each step before docker build, as written, in the clone; npm pack is packSockgrade, the same npm pack with --json
  for (const words of steps) {
    if (words[0] === 'docker') break
    if (words[0] === 'npm' && words[1] === 'pack') {
      const packed = await packSockgrade(contextDir)
      recipeRuns.push({ code: 0, stdout: packed.filename, stderr: '' })
      continue
    }
    const [command = '', ...args] = words.map(inTemp)
    recipeRuns.push(await run(command, args, packageRoot, env, 10_000))
  }
}, 90_000)
afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('docs/prairielearn.md: the first command', () => {
  test('packs into a fresh folder, copies the shipped Dockerfile there and builds from that folder', () => {
    expect(context).toMatch(/^[\w.-]+$/)
    expect(steps.map((words) => words.join(' '))).toEqual([
      `rm -rf ${context}`,
      `mkdir ${context}`,
      `npm pack --ignore-scripts --pack-destination ${context}`,
      `cp ${shippedDockerfile} ${context}/`,
      `docker build -t ${dockerBuild[3]} ${context}`,
    ])
    // The Dockerfile is a file of the repository, under the name docker build reads by default
    expect(shippedDockerfile).toBe('docs/prairielearn/Dockerfile')
    expect(existsSync(join(packageRoot, shippedDockerfile))).toBe(true)
    expect(basename(shippedDockerfile)).toBe('Dockerfile')
    // The image the question's info.json names
    const info = JSON.parse(fenced(page, 'json')[0] ?? '{}') as { externalGradingOptions: { image: string } }
    expect(dockerBuild[3]).toBe(info.externalGradingOptions.image)
  })

  test('the page quotes the shipped Dockerfile as it is, and links it', () => {
    expect(fenced(page, 'dockerfile')).toEqual([readFileSync(join(packageRoot, shippedDockerfile), 'utf8')])
    expect(page).toContain('](prairielearn/Dockerfile)')
  })

  test('the steps before docker build leave the Dockerfile and the tarball in the folder, nothing else', () => {
    for (const done of recipeRuns) expect(done.code, done.stderr).toBe(0)
    expect(readdirSync(contextDir).sort()).toEqual(['Dockerfile', `sockgrade-${version}.tgz`])
    // A second run starts from an empty folder: an older tarball never reaches the image
    expect(steps[0]).toEqual(['rm', '-rf', context])
  })

  test('the build folder and the tarball npm pack leaves in a clone are ignored by git', async () => {
    for (const path of [`${context}/`, `${context}/Dockerfile`, `sockgrade-${version}.tgz`]) {
      const ignored = await run('git', ['check-ignore', '--no-index', '-q', path], packageRoot, process.env, 10_000)
      // Not a clone (an unpacked copy of the repository): nothing to ignore
      if (ignored.code === 128 && /not a git repository/.test(ignored.stderr)) return
      expect(ignored.code, `${path}: ${ignored.stderr}`).toBe(0)
    }
  })
})

describe('docs/prairielearn/Dockerfile, built by hand from the folder the recipe made', () => {
  const dockerfile = instructions(readFileSync(join(packageRoot, 'docs', 'prairielearn', 'Dockerfile'), 'utf8'))
  const copies = dockerfile.filter((s) => s.keyword === 'COPY').map((s) => s.rest.split(/\s+/))
  const runs = dockerfile.filter((s) => s.keyword === 'RUN').map((s) => s.rest)
  const install = runs.find((r) => /\bnpm install\b/.test(r)) ?? ''

  test('starts from a Node.js image sockgrade runs on', () => {
    expect(dockerfile[0]?.keyword).toBe('FROM')
    const major = /^node:(\d+)/.exec(dockerfile[0]?.rest ?? '')?.[1]
    const engines = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node
    expect(engines).toMatch(new RegExp(`^>=${major}\\.`))
  })

  test('each COPY names files the recipe put in the folder, one tarball; each RUN names only files a COPY put in the image', () => {
    expect(copies.length).toBeGreaterThan(0)
    const inContext = readdirSync(contextDir)
    const placed: RegExp[] = []
    for (const words of copies) {
      const destination = words.at(-1) ?? ''
      expect(destination).toMatch(/^\/.*\/$/)
      for (const source of words.slice(0, -1)) {
        expect(source, 'a COPY from the build folder, not an option or a stage').not.toMatch(/^--|\//)
        expect(inContext.filter((name) => globRegExp(source).test(name)), source).toHaveLength(1)
        placed.push(globRegExp(`${destination}${source}`))
      }
    }
    expect(copies.flat()).toContain('sockgrade-*.tgz')
    for (const command of runs) {
      for (const path of command.match(/(?<=^|\s)\/tmp\/\S+/g) ?? []) expect(placed.some((p) => p.test(path)), `${path} in: RUN ${command}`).toBe(true)
    }
    expect(install).toMatch(/\/tmp\/sockgrade-\*\.tgz/)
  })

  test('the install RUN, as written, installs the tarball with no registry, removes it, and sockgrade --version runs', async () => {
    // COPY, by hand
    for (const words of copies) {
      const destination = inImage(words.at(-1) ?? '')
      mkdirSync(destination, { recursive: true })
      for (const source of words.slice(0, -1)) for (const name of readdirSync(contextDir).filter((n) => globRegExp(source).test(n))) copyFileSync(join(contextDir, name), join(destination, name))
    }
    mkdirSync(usrLocal, { recursive: true })
    // RUN is `/bin/sh -c` in a Dockerfile
    const installed = await run('sh', ['-e', '-c', inImage(install)], image, env, 60_000)
    expect(installed.code, `${installed.stdout}\n${installed.stderr}`).toBe(0)
    expect(installed.stdout.trim().split('\n').at(-1)).toBe(version)
    expect(existsSync(join(usrLocal, 'lib', 'node_modules', 'sockgrade', 'node_modules', 'execa', 'package.json'))).toBe(true)
    expect(readdirSync(join(image, 'tmp'))).toEqual([])
  }, 90_000)

  test('the entrypoint of the page\'s info.json, from that install, grades a job folder: a valid results.json, score 1', async () => {
    expect(existsSync(join(usrLocal, 'bin', 'sockgrade')), 'the install test ran first').toBe(true)
    const info = JSON.parse(fenced(page, 'json')[0] ?? '{}') as { externalGradingOptions: { entrypoint: string[] } }
    const [command = '', ...args] = info.externalGradingOptions.entrypoint
    // PrairieLearn's docs (docs/externalGrading.md) ask for an absolute path: the one the install RUN checks
    expect(command).toBe('/usr/local/bin/sockgrade')
    expect(install).toContain(`&& ${command} --version`)
    // /grade as PrairieLearn lays it out: the student's files and data/data.json, no results/
    const grade = join(base, 'grade')
    mkdirSync(join(grade, 'student'), { recursive: true })
    mkdirSync(join(grade, 'data'))
    for (const name of ['UDPClient.py', 'UDPServer.py']) copyFileSync(join(referenceDir, 'uppercase-udp', name), join(grade, 'student', name))
    writeFileSync(join(grade, 'data', 'data.json'), JSON.stringify({ params: {}, variant_seed: 7, submitted_answers: {}, gradable: true }))
    const graded = await run(inImage(command), [...args, '--grade-root', grade], base, env, 120_000)
    expect(graded.code, graded.stderr).toBe(0)
    const results = JSON.parse(readFileSync(join(grade, 'results', 'results.json'), 'utf8')) as { gradable: boolean; score: number }
    const schema = JSON.parse(readFileSync(join(packageRoot, 'grader', 'reporters', 'schemas', 'prairielearn-results.schema.json'), 'utf8')) as object
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)
    expect(validate(results), JSON.stringify(validate.errors)).toBe(true)
    expect(results).toMatchObject({ gradable: true, score: 1 })
  }, 150_000)
})
