import type { BatchResults } from '../batch/types.js'
import type { GradeReport } from '../report.js'

/** How a reporter may style text; the CLI decides whether colour is on (TTY, NO_COLOR, FORCE_COLOR) */
export interface RenderOptions {
  readonly color: boolean
}

/** Turns a report into text: a pure function that reads no clock, environment or file */
export interface Reporter {
  readonly name: string
  readonly description: string
  /** The file extension of what it renders, without the dot: names the files a batch writes per student */
  readonly extension: 'txt' | 'json' | 'xml' | 'md' | 'html'
  render(report: GradeReport, options: RenderOptions): string
  /** The whole class as one document, where the format has one (JUnit testsuites, a Markdown table); a batch writes
   * one file per student with `render` for the formats without */
  renderClass?(results: BatchResults, options: RenderOptions): string
}
