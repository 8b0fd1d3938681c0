import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { listFiles } from './list-files.js'
import { findSockgradeYaml } from './sockgrade-yaml.js'

// True when the submission's sockgrade.yaml (if any) has a build line: its deadline then counts the build. A cheap
// look that never throws: a folder that cannot be read is reported by the grading itself
export function declaresBuild(dir: string): boolean {
  try {
    const yamlPath = findSockgradeYaml(listFiles(dir, dir))
    return yamlPath !== undefined && /^build\s*:/m.test(readFileSync(join(dir, yamlPath), 'utf8'))
  } catch {
    return false
  }
}
