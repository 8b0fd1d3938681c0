import { resultsJson } from '../batch/results-json.js'
import type { Reporter } from './reporter.js'

// The report exactly as graded, one JSON document (`sockgrade grade --json | jq .score`)
export const json: Reporter = {
  name: 'json',
  extension: 'json',
  description: 'The GradeReport as one JSON document',
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
  // A batch's results.json: its settings, the class summary and every report
  renderClass: (results) => resultsJson(results),
}
