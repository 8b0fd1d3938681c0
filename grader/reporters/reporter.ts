import type { GradeReport } from '../report.js'

/** How a reporter may style text; the CLI decides whether colour is on (TTY, NO_COLOR, FORCE_COLOR) */
export interface RenderOptions {
  readonly color: boolean
}

/** Turns a report into text: a pure function that reads no clock, environment or file */
export interface Reporter {
  readonly name: string
  readonly description: string
  render(report: GradeReport, options: RenderOptions): string
}
