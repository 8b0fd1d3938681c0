import type { Assignment } from '../assignments/assignment.js'
import { parseTemplate, templateFieldTypes } from '../inputs/template.js'
import type { Random } from '../random.js'

/** One step of `dialogue:` in assignment.yaml, as written */
export type DialogueStepSpec =
  | { readonly send: string; readonly printed?: boolean; readonly 'hold-ms'?: number }
  | ExpectStepSpec
  | { readonly repeat: number; readonly steps: readonly DialogueStepSpec[] }
  | { readonly 'start-tls': true }

/** An expect step as written: the pattern to go on with, and what checks can ask of the message beyond it */
export interface ExpectStepSpec {
  readonly expect: string
  readonly 'timeout-ms'?: number
  readonly optional?: boolean
  /** A name checks use to judge this step's message (client-dialogue-step, client-waits-its-turn, client-line-ends) */
  readonly name?: string
  /** The pattern ignores case (SMTP's commands, HTTP's header names) */
  readonly 'ignore-case'?: boolean
  /** The exact form the protocol writes, where `expect` accepts more: a check may ask for it */
  readonly strict?: string
  /** The message is lines up to and with one matching this pattern whole (lines framing: an SMTP message's ".") */
  readonly 'lines-until'?: string
  /** The other side may end the connection here instead: the dialogue then ends, as written */
  readonly 'or-close'?: boolean
  /** With optional: steps that run only when this one's message came and matched (a branch: SMTP's STARTTLS, AUTH) */
  readonly then?: readonly DialogueStepSpec[]
}

/** A step ready to run, named as the student will read it ("step 4", "step 5.2, round 2 of 3") */
export type DialogueStep =
  | { readonly kind: 'send'; readonly label: string; readonly text: string; readonly printed: boolean; readonly holdMs: number }
  | {
      readonly kind: 'expect'
      readonly label: string
      readonly pattern: string
      readonly timeoutMs: number | undefined
      readonly optional: boolean
      readonly name: string | undefined
      readonly ignoreCase: boolean
      readonly strict: string | undefined
      readonly linesUntil: string | undefined
      readonly orClose: boolean
      /** How many of the steps after this one run only when it matched (its then: steps, unrolled) */
      readonly then: number
    }
  | { readonly kind: 'start-tls'; readonly label: string }

// `{name}`: a capture of an earlier expect's named group, in a send or an expect
const CAPTURE_REF = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g

// Every step in the order it runs, repeats unrolled
export function unrolledSteps(spec: readonly DialogueStepSpec[], prefix = 'step ', rounds: readonly string[] = []): DialogueStep[] {
  const steps: DialogueStep[] = []
  spec.forEach((step, index) => {
    // Nested repeats: every enclosing round is named, the outermost first ("round 2 of 2, 1 of 3")
    const label = `${prefix}${index + 1}${rounds.length ? `, round ${rounds.join(', ')}` : ''}`
    if ('repeat' in step) {
      for (let n = 1; n <= step.repeat; n++) steps.push(...unrolledSteps(step.steps, `${prefix}${index + 1}.`, [...rounds, `${n} of ${step.repeat}`]))
    } else if ('send' in step) steps.push({ kind: 'send', label, text: step.send, printed: step.printed ?? false, holdMs: step['hold-ms'] ?? 0 })
    else if ('start-tls' in step) steps.push({ kind: 'start-tls', label })
    else {
      const then = step.then ? unrolledSteps(step.then, `${prefix}${index + 1}.`, rounds) : []
      steps.push(expectStep(step, label, then.length), ...then)
    }
  })
  return steps
}

function expectStep(step: ExpectStepSpec, label: string, then: number): DialogueStep {
  return {
    kind: 'expect',
    label,
    pattern: step.expect,
    timeoutMs: step['timeout-ms'],
    optional: step.optional ?? false,
    name: step.name,
    ignoreCase: step['ignore-case'] ?? false,
    strict: step.strict,
    linesUntil: step['lines-until'],
    orClose: step['or-close'] ?? false,
    then,
  }
}

// The steps of the named client dialogue, or of `client-dialogue:` (the rubric's rules made sure the name exists)
export function clientDialogueSteps(assignment: Assignment, name: string | undefined): readonly DialogueStepSpec[] {
  return (name === undefined ? assignment['client-dialogue'] : assignment['client-dialogues']?.[name]) ?? []
}

// The names of a dialogue's expect steps, in order (what checks may judge)
export function stepNames(spec: readonly DialogueStepSpec[]): string[] {
  return unrolledSteps(spec).flatMap((step) => (step.kind === 'expect' && step.name ? [step.name] : []))
}

// The text a send step sends: captures put in, then template fields ({int:1..9}, {word} ...) drawn
export function sendText(text: string, captures: ReadonlyMap<string, string>, random: Random): string {
  const withCaptures = text.replace(CAPTURE_REF, (whole, name: string) => {
    const value = captures.get(name)
    // Braces in a captured value are text, not fields
    return value === undefined ? whole : value.replace(/[{}]/g, (brace) => brace + brace)
  })
  return parseTemplate(withCaptures).fill(random)
}

// An expect step's pattern as a regular expression matching a whole message, captures put in literally
export function expectPattern(pattern: string, captures: ReadonlyMap<string, string>, ignoreCase = false): RegExp {
  const withCaptures = pattern.replace(CAPTURE_REF, (whole, name: string) => {
    const value = captures.get(name)
    // Only syntax characters are escaped: in a /u pattern an escaped "-" (or any other character) is an error
    return value === undefined ? whole : value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  })
  return new RegExp(`^(?:${withCaptures})$`, ignoreCase ? 'sui' : 'su')
}

/** Where a dialogue cannot be used, and why: a JSON pointer below /dialogue */
export interface DialogueProblem {
  readonly pointer: string
  readonly atKey?: boolean
  readonly problem: string
}

// The first problem of a dialogue, or undefined: a capture used before an expect names it, a template field of an
// unknown type, a pattern that does not compile, a repeat without steps. The schema has checked the shapes
export function dialogueProblem(spec: readonly DialogueStepSpec[], at = '/dialogue'): DialogueProblem | undefined {
  return stepsProblem(spec, at, new Set()) ?? startTlsProblem(spec, at)
}

// Under until-close the grader's one message ends with its half-close (or, as the server, its hang-up): a second
// send would go nowhere. Undefined when the dialogue sends at most once
export function untilCloseProblem(spec: readonly DialogueStepSpec[], at = '/dialogue'): DialogueProblem | undefined {
  const sends = unrolledSteps(spec).filter((step) => step.kind === 'send').length
  return sends > 1 ? { pointer: at, atKey: true, problem: `under framing: until-close the grader sends one message, ended by closing its side, but this dialogue sends ${sends}: use lines or a terminator` } : undefined
}

// Where a dialogue starts TLS (its first start-tls step), undefined when it never does
export function startTlsPointer(spec: readonly DialogueStepSpec[], at: string): string | undefined {
  return startTlsPointers(spec, at)[0]?.pointer
}

// Every start-tls step of a dialogue, and whether a repeat holds it
function startTlsPointers(spec: readonly DialogueStepSpec[], at: string, repeated = false): { pointer: string; repeated: boolean }[] {
  return spec.flatMap((step, index) => {
    if ('start-tls' in step) return [{ pointer: `${at}/${index}/start-tls`, repeated }]
    if ('repeat' in step) return startTlsPointers(step.steps, `${at}/${index}/steps`, true)
    return 'expect' in step && step.then ? startTlsPointers(step.then, `${at}/${index}/then`, repeated) : []
  })
}

// TLS starts once a connection: a second start-tls step, or one a repeat would run twice, cannot be played
export function startTlsProblem(spec: readonly DialogueStepSpec[], at: string): DialogueProblem | undefined {
  const found = startTlsPointers(spec, at)
  const repeated = found.find((tls) => tls.repeated)
  if (repeated) return { pointer: repeated.pointer, atKey: true, problem: 'TLS starts once a connection: take start-tls out of the repeat' }
  if (found.length > 1) return { pointer: (found[1] as { pointer: string }).pointer, atKey: true, problem: 'TLS starts once a connection: a dialogue has at most one start-tls step' }
  return undefined
}

// What a step holds that goes with another kind of step, or that its kind lacks (the schema checks each key alone)
function shapeProblem(step: Record<string, unknown>, pointer: string): DialogueProblem | undefined {
  const kinds = ['send', 'expect', 'repeat', 'start-tls'].filter((key) => key in step)
  if (kinds.length === 0) return { pointer, problem: 'a step needs one of send, expect, repeat or start-tls' }
  if (kinds.length > 1) return { pointer: `${pointer}/${kinds[1]}`, atKey: true, problem: `a step is one of send, expect, repeat or start-tls, not ${kinds.join(' and ')}: make them steps of their own` }
  const onlyWith: Record<string, string> = {
    'timeout-ms': 'expect',
    optional: 'expect',
    name: 'expect',
    'ignore-case': 'expect',
    strict: 'expect',
    'lines-until': 'expect',
    'or-close': 'expect',
    then: 'expect',
    steps: 'repeat',
    printed: 'send',
    'hold-ms': 'send',
  }
  const stray = Object.keys(step).find((key) => onlyWith[key] !== undefined && onlyWith[key] !== kinds[0])
  if (stray) return { pointer: `${pointer}/${stray}`, atKey: true, problem: `${stray} goes with ${onlyWith[stray]}, not with ${kinds[0]}` }
  if (kinds[0] === 'repeat' && !('steps' in step)) return { pointer: `${pointer}/repeat`, atKey: true, problem: 'repeat needs the steps it repeats (steps: [...])' }
  if ('then' in step && step.optional !== true) return { pointer: `${pointer}/then`, atKey: true, problem: 'then: steps run only when an optional step matched: give this step optional: true (or make them steps of their own)' }
  return undefined
}

function stepsProblem(spec: readonly DialogueStepSpec[], at: string, captures: Set<string>, names = new Set<string>()): DialogueProblem | undefined {
  for (const [index, step] of spec.entries()) {
    const pointer = `${at}/${index}`
    const shape = shapeProblem(step as Record<string, unknown>, pointer)
    if (shape) return shape
    if ('repeat' in step) {
      const inner = stepsProblem(step.steps, `${pointer}/steps`, captures, names)
      if (inner) return inner
    } else if ('send' in step) {
      const problem = sendProblem(step.send, captures)
      if (problem) return { pointer: `${pointer}/send`, problem }
    } else if ('expect' in step) {
      const problem = patternProblem(step.expect, captures)
      if (problem) return { pointer: `${pointer}/expect`, problem }
      const extra = expectExtrasProblem(step, pointer, names)
      if (extra) return extra
      // An optional step may not run: what it captures cannot be counted on later, but its own then: steps may
      if (step.then) {
        const inner = stepsProblem(step.then, `${pointer}/then`, new Set([...captures, ...groupNames(step.expect)]), names)
        if (inner) return inner
      }
      if (!step.optional) for (const name of groupNames(step.expect)) captures.add(name)
    }
  }
  return undefined
}

// A step name used twice (checks could not tell which message they judge), or a strict or lines-until pattern that does
// not compile
function expectExtrasProblem(step: ExpectStepSpec, pointer: string, names: Set<string>): DialogueProblem | undefined {
  if (step.name !== undefined) {
    if (names.has(step.name)) return { pointer: `${pointer}/name`, problem: `the name "${step.name}" is given to an earlier step too: names tell checks which message to judge` }
    names.add(step.name)
  }
  for (const key of ['strict', 'lines-until'] as const) {
    const pattern = step[key]
    if (pattern === undefined) continue
    try {
      new RegExp(pattern, 'su')
    } catch (error) {
      return { pointer: `${pointer}/${key}`, problem: `not a valid regular expression: ${(error as Error).message}` }
    }
  }
  return undefined
}

function sendProblem(text: string, captures: ReadonlySet<string>): string | undefined {
  for (const [, name] of text.matchAll(CAPTURE_REF)) {
    if (!captures.has(name as string) && !(templateFieldTypes as readonly string[]).includes(name as string)) {
      return `{${name}} is neither a capture of an earlier expect (a named group, as (?<${name}>...), in a step that is not optional) nor a template field (${templateFieldTypes.join(', ')})`
    }
  }
  try {
    parseTemplate(text.replace(CAPTURE_REF, (whole, name: string) => (captures.has(name) ? 'x' : whole)))
  } catch (error) {
    return (error as Error).message
  }
  return undefined
}

function patternProblem(pattern: string, captures: ReadonlySet<string>): string | undefined {
  for (const [, name] of pattern.matchAll(CAPTURE_REF)) {
    if (!captures.has(name as string)) return `{${name}} is not a capture of an earlier expect (a named group, as (?<${name}>...), in a step that is not optional)`
  }
  try {
    // Alone too: "a)|(b" compiles once wrapped, but would then match more than a whole message
    new RegExp(pattern.replace(CAPTURE_REF, 'x'), 'su')
    expectPattern(pattern, new Map([...captures].map((name) => [name, 'x'])))
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`
  }
  return undefined
}

// The names of a pattern's named groups, (?<name>...)
function groupNames(pattern: string): string[] {
  return [...pattern.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((match) => match[1] as string)
}
