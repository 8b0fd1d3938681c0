// What students install: `npm pack --dry-run` lists the package's files, and none of them may be an answer
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { packageRoot } from '../../paths.js'
import { packSockgrade, type PackResult } from './pack.js'

let pack: PackResult

beforeAll(async () => {
  pack = await packSockgrade(mkdtempSync(join(tmpdir(), 'sockgrade-pack-')), { dryRun: true })
}, 60_000)

describe('the npm package', () => {
  test('carries no reference solution, broken variant, test, fixture, bench or chaos runner', () => {
    const ours = pack.files.filter((file) => !file.startsWith('node_modules/'))
    const forbidden = ours.filter((file) => /^reference\/|\/broken\/|expect\.yaml$|\.test\.|\/fixtures\/|test-support|^dist\/bench\/|^dist\/grader\/chaos\/|\.map$/.test(file))
    expect(forbidden).toEqual([])
    // A reference program's name anywhere (a stray copy) would be an answer too
    expect(ours.filter((file) => /(UDP|TCP)(Server|Client)\.py$/.test(file))).toEqual([])
  })

  test('carries what the installed command needs', () => {
    const needed = ['package.json', 'dist/grader/bin.js', 'dist/grader/cli.js', 'dist/grader/worker/worker-main.js', 'dist/grader/batch/pool-worker.js', 'dist/precompiled.json', 'rubric.yaml', 'grader/shim/sockgrade_run.py', 'grader/rubric/schema.json', 'grader/assignments/schema.json']
    for (const file of needed) expect(pack.files, file).toContain(file)
    for (const assignment of ['uppercase-udp', 'uppercase-tcp', 'count-s-udp', 'count-s-tcp', 'multiline-udp', 'multiline-tcp']) {
      expect(pack.files).toContain(`assignments/${assignment}/assignment.yaml`)
      expect(pack.files).toContain(`assignments/${assignment}/README.md`)
    }
  })

  test('carries every command the installed CLI lists, and their runtime dependencies', () => {
    const commandFiles = readFileSync(join(packageRoot, 'grader', 'cli', 'commands.ts'), 'utf8').match(/import\('\.\/[\w-]+\.js'\)/g) ?? []
    expect(commandFiles.length).toBeGreaterThan(5)
    for (const spec of commandFiles) expect(pack.files).toContain(`dist/grader/cli/${spec.slice(10, -2)}`)
    // Bundled: the tarball installs with no registry (a Gradescope zip carries it; CI may be offline)
    const { dependencies } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    for (const name of Object.keys(dependencies)) expect(pack.files).toContain(`node_modules/${name}/package.json`)
    expect(pack.files.filter((file) => /^node_modules\/(vitest|typescript|@types|playwright-core)\//.test(file))).toEqual([])
  })
})
