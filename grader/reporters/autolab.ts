import { cleanText } from './clean.js'
import type { Reporter } from './reporter.js'
import { studentView } from './student-view.js'
import { terminal } from './terminal.js'

// Autolab shows the grader's standard output as feedback and reads its last line as the autoresult,
// {"scores": {"<problem>": points}}, the problem names exactly as the lab defines them (docs.autolabproject.com/lab,
// "Guide for Lab Authors"). One problem, named after the assignment id, gets the score, extra credit included:
// not one per check, because check ids change with the rubric and each would need its own problem in Autolab, and
// advisory checks carry no points. No "scoreboard": a custom scoreboard needs columns set up per course, and the
// default one shows the problem's score. The feedback is the plain terminal report, cleaned again so that nothing in
// it (a carriage return, a control character) can end up after the autoresult, which is printed last, once. Autolab
// shows that feedback to the student whatever command made it (grade, for a course rubric): it is the student view,
// hidden and after-due-date checks with their names and points only (Autolab has no due-date release of its own)
export const autolab: Reporter = {
  name: 'autolab',
  extension: 'txt',
  description: "Autolab feedback: the report, then the autoresult line {\"scores\": ...} Autolab reads last",
  render(report) {
    const feedback = cleanText(terminal.render(studentView(report, { afterDueDate: false }), { color: false })).replace(/\n*$/, '\n')
    return `${feedback}${JSON.stringify({ scores: { [report.assignment]: report.score } })}\n`
  },
}
