import type { CheckResult, TranscriptLine } from '../../report.js'
import { html, type Markup } from './escape.js'

/** The student's side of a check: the program the grader talked to */
export type StudentLane = 'student server' | 'student client'

// A client check runs the student's client against the grader playing server; the rubric names client checks
// "client-…", and the client probes' transcripts start by saying how the client was run
export function studentLane(check: Pick<CheckResult, 'id' | 'transcript'>): StudentLane {
  if (/^client[-_]/i.test(check.id)) return 'student client'
  return check.transcript.some((l) => l.dir === 'note' && /^(Ran the client|Client stdout)/.test(l.text)) ? 'student client' : 'student server'
}

// A transcript as a sequence diagram drawn with CSS (see styles.ts), as Submitty shows one: a lane for the grader on
// the left, one for the student's program on the right, an arrow per message labelled with its bytes, notes between
// the lanes. The lines must already be cleaned and capped; the direction is also written out for screen readers
export function sequenceDiagram(lines: readonly TranscriptLine[], lane: StudentLane): Markup {
  const arrow = { sent: 'grader sent: ', received: `${lane.replace('student ', '')} sent: `, note: 'note: ' }
  return html`<figure class="seq" aria-label="${`Transcript between the grader and the ${lane}`}">
<div class="lanes" aria-hidden="true"><span>grader</span><span>${lane}</span></div>
<ol>${lines.map((l) => html`<li class="${l.dir}"><span class="sr">${arrow[l.dir]}</span><code>${l.text}</code></li>`)}</ol>
</figure>`
}
