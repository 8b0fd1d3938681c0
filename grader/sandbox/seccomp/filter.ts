import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from '../../paths.js'
import { hostPlatform } from '../../process/host-platform.js'

// Shipped with the package (package.json "files"), not under dist/: the .bpf files are compile_filter.py's output
const folder = join(packageRoot, 'grader', 'sandbox', 'seccomp')

// The compiled seccomp filter for student programs on this process's architecture, or undefined where none is shipped
export function studentSeccompFilter(): string | undefined {
  if (!hostPlatform().hasNamespaces) return undefined
  const path = join(folder, `student-${process.arch}.bpf`)
  return existsSync(path) ? path : undefined
}

// The script that installs a filter and execs a command, for the backend without bubblewrap's --seccomp
export const seccompLoaderPath = join(folder, 'load_filter.py')
