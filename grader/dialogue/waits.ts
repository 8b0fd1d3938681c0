import { DEFAULT_TIMING } from '../timing.js'
import type { DialogueStep } from './dialogue.js'

// How many reply waits a dialogue's expect steps make, a step with a long timeout-ms counting as several: what a
// check's deadline is made of
export function expectWaits(steps: readonly DialogueStep[]): number {
  const expects = steps.filter((step) => step.kind === 'expect')
  return Math.max(1, expects.reduce((sum, step) => sum + Math.max(1, Math.ceil((step.timeoutMs ?? 0) / DEFAULT_TIMING.replyMs)), 0))
}
