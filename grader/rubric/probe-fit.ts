import { answersFor } from '../answers/answers.js'
import type { Assignment } from '../assignments/assignment.js'
import { framingOf } from '../assignments/framing.js'
import { inputsFor } from '../inputs/inputs.js'
import type { Probe } from '../probes/probe.js'

// Why a probe cannot test an assignment ("a UDP assignment", ...), or undefined when it can
export function probeMisfit(probe: Probe, assignment: Assignment): string | undefined {
  if (!assignment[probe.side]) return `an assignment with no ${probe.side} program (assignment.yaml declares no ${probe.side}:)`
  if (!probe.transports.includes(assignment.transport)) return `a ${assignment.transport.toUpperCase()} assignment`
  if (probe.sessions && !probe.sessions.includes(assignment.session)) return `${assignment.session === 'single' ? 'a single-message' : 'a multi-line'} assignment`
  const framing = framingOf(assignment).name
  if (probe.framings && !probe.framings.includes(framing)) return `an assignment framed by ${framing === 'connection' ? 'one message per connection' : framing}`
  if (probe.needsDialogue === 'server' && !assignment.dialogue) return 'an assignment with no dialogue: (give its steps in assignment.yaml)'
  if (probe.needsDialogue === 'client' && !assignment['client-dialogue']) return 'an assignment with no client-dialogue: (give its steps in assignment.yaml)'
  if (probe.needsOrigin && !assignment.origin) return 'an assignment with no origin: (the web server the grader runs behind a proxy)'
  if (probe.needsFiles && !assignment.files) return 'an assignment with no files: (list the files the grader writes for the server to serve)'
  if (probe.needsLossyServer && !assignment['lossy-server']) return 'an assignment with no lossy-server: (give it in assignment.yaml)'
  const { answer } = assignment
  if (answer === undefined) return probe.answerFree ? undefined : 'an assignment with no answer: (only server-listens and the dialogue checks fit it)'
  if (probe.numericAnswers && !answersFor(assignment).numeric) return `an assignment whose answers are not numbers (answer: ${typeof answer === 'string' ? answer : 'table' in answer ? 'a table' : 'a reference server'})`
  if (probe.sentenceInputs && !inputsFor(assignment).sentences) return 'an assignment whose inputs are not sentences'
  // A client is given its inputs to type: bytes that are not text cannot be typed
  if (probe.side === 'client' && inputsFor(assignment).bytes) return 'an assignment whose inputs are bytes (a client is given text to type)'
  return undefined
}
