import type { HeardStep } from '../dialogue/play.js'
import type { ClientDialogueRun } from '../sessions/client-dialogue.js'
import { neverContacted } from './client-outcome.js'
import { defineClientProbe, fail, type ClientProbe, type ClientProbeContext, type ProbeOutcome } from './probe.js'

/** The `dialogue` param every client-dialogue probe takes: a name of `client-dialogues:`, `client-dialogue:` without it */
export const dialogueParam = { type: 'string', minLength: 1, description: "A name of client-dialogues: (the assignment's client-dialogue: when left out)" } as const

// The client's run against the named dialogue, its transcript shown with the check; a failure when it never talked
export async function dialogueRun(ctx: ClientProbeContext<unknown>, dialogue: string | undefined): Promise<ClientDialogueRun | ProbeOutcome> {
  const run = await ctx.runClientDialogue(dialogue)
  for (const line of run.transcript) ctx.transcript[line.dir === 'sent' ? 'sent' : line.dir === 'received' ? 'received' : 'note'](line.text)
  if (!run.played) return fail(neverContacted(run, ctx.assignment))
  return run
}

// The heard steps of those names, in the order they came (a repeated step once a round)
export function heardNamed(run: ClientDialogueRun, names: readonly string[]): HeardStep[] {
  return run.heard.filter((step) => step.name !== undefined && names.includes(step.name))
}

// How the step is named to a student: its name and where it is ("mail-from" (step 10))
export function stepName(step: Pick<HeardStep, 'name' | 'label'>): string {
  return step.name ? `"${step.name}" (${step.label})` : step.label
}

/** A probe that judges one run of the client against a client dialogue: its own params, and `dialogue` for all */
export interface ClientDialogueProbeSpec<P> {
  readonly name: string
  readonly description: string
  readonly properties: Record<string, unknown>
  readonly required?: readonly string[]
  judge(run: ClientDialogueRun, ctx: ClientProbeContext<P>): ProbeOutcome
}

// A client probe over TCP, fit for an assignment with a client dialogue and no answer, whose run (of the dialogue its
// `dialogue` param names) is judged by `judge` once the client has talked at all
export function defineClientDialogueProbe<P extends { readonly dialogue?: string }>(spec: ClientDialogueProbeSpec<P>): ClientProbe<P> {
  return defineClientProbe<P>({
    name: spec.name,
    description: spec.description,
    params: { type: 'object', additionalProperties: false, ...(spec.required ? { required: spec.required } : {}), properties: { ...spec.properties, dialogue: dialogueParam } },
    transports: ['tcp'],
    needsDialogue: 'client',
    answerFree: true,
    async run(ctx) {
      const run = await dialogueRun(ctx, ctx.params.dialogue)
      return 'status' in run ? run : spec.judge(run, ctx)
    },
  })
}
