import { autolab } from './autolab.js'
import { github } from './github.js'
import { gradescope } from './gradescope.js'
import { html } from './html.js'
import { json } from './json.js'
import { junit } from './junit.js'
import { markdown } from './markdown.js'
import { prairielearn } from './prairielearn.js'
import type { Reporter } from './reporter.js'
import { terminal } from './terminal.js'

/** Every reporter by name */
export const reporters = { terminal, json, junit, markdown, gradescope, prairielearn, autolab, github, html } satisfies Record<string, Reporter>
export type { Reporter, RenderOptions } from './reporter.js'
