import { json } from './json.js'
import type { Reporter } from './reporter.js'
import { terminal } from './terminal.js'

/** Every reporter by name */
export const reporters = { terminal, json } satisfies Record<string, Reporter>
export type { Reporter, RenderOptions } from './reporter.js'
