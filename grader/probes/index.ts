import { clientExitsCleanly } from './client-exits-cleanly.js'
import { clientDialogueStep } from './client-dialogue-step.js'
import { clientFollowsDialogue } from './client-follows-dialogue.js'
import { clientPingCount } from './client-ping-count.js'
import { clientPingFormat } from './client-ping-format.js'
import { clientPingReplies } from './client-ping-replies.js'
import { clientPingRtts } from './client-ping-rtts.js'
import { clientPingTimeouts } from './client-ping-timeouts.js'
import { clientPingTimeoutWait } from './client-ping-timeout-wait.js'
import { clientPingRunTime } from './client-ping-run-time.js'
import { clientPingExit } from './client-ping-exit.js'
import { clientPingStats } from './client-ping-stats.js'
import { clientLineEnds } from './client-line-ends.js'
import { clientPrintsSends } from './client-prints-sends.js'
import { clientWaitsItsTurn } from './client-waits-its-turn.js'
import { clientPrintsDecoded } from './client-prints-decoded.js'
import { clientPrintsReplies } from './client-prints-replies.js'
import { clientSendsLines } from './client-sends-lines.js'
import { clientUsesOneConnection } from './client-uses-one-connection.js'
import { clientUsesTransport } from './client-uses-transport.js'
import type { Probe } from './probe.js'
import { serverAnswersLinesOnOneConnection } from './server-answers-lines-on-one-connection.js'
import { serverAnswers } from './server-answers.js'
import { serverHandlesConcurrentClients } from './server-handles-concurrent-clients.js'
import { serverHandlesEmptyDatagram } from './server-handles-empty-datagram.js'
import { serverHandlesLongMessage } from './server-handles-long-message.js'
import { serverHandlesSplitMessage } from './server-handles-split-message.js'
import { serverFollowsDialogue } from './server-follows-dialogue.js'
import { serverListens } from './server-listens.js'
import { serverReplyDigitsOnly } from './server-reply-digits-only.js'
import { serverServesInARow } from './server-serves-in-a-row.js'
import { serverSurvivesAbruptDisconnect } from './server-survives-abrupt-disconnect.js'
import { serverSurvivesInvalidUtf8 } from './server-survives-invalid-utf8.js'
import { httpContentType } from './http-content-type.js'
import { httpHeaderForm } from './http-header-form.js'
import { httpNotFound } from './http-not-found.js'
import { httpServesConcurrently } from './http-serves-concurrently.js'
import { httpServesFile } from './http-serves-file.js'
import { httpSurvivesMalformedRequest } from './http-survives-malformed-request.js'
import { proxyCacheStaysInside } from './proxy-cache-stays-inside.js'
import { proxyCachesPage } from './proxy-caches-page.js'
import { proxyForwardsPost } from './proxy-forwards-post.js'
import { proxyKeepsHostsApart } from './proxy-keeps-hosts-apart.js'
import { proxyPassesNotFound } from './proxy-passes-not-found.js'
import { proxyRelaysPage } from './proxy-relays-page.js'

/** Every probe a rubric check can name, by name */
export const probes = {
  'server-listens': serverListens,
  'server-answers': serverAnswers,
  'server-serves-in-a-row': serverServesInARow,
  'server-reply-digits-only': serverReplyDigitsOnly,
  'server-answers-lines-on-one-connection': serverAnswersLinesOnOneConnection,
  'server-survives-invalid-utf8': serverSurvivesInvalidUtf8,
  'server-handles-empty-datagram': serverHandlesEmptyDatagram,
  'server-survives-abrupt-disconnect': serverSurvivesAbruptDisconnect,
  'server-handles-long-message': serverHandlesLongMessage,
  'server-handles-split-message': serverHandlesSplitMessage,
  'server-handles-concurrent-clients': serverHandlesConcurrentClients,
  'server-follows-dialogue': serverFollowsDialogue,
  'http-serves-file': httpServesFile,
  'http-not-found': httpNotFound,
  'http-header-form': httpHeaderForm,
  'http-content-type': httpContentType,
  'http-survives-malformed-request': httpSurvivesMalformedRequest,
  'proxy-relays-page': proxyRelaysPage,
  'proxy-caches-page': proxyCachesPage,
  'proxy-passes-not-found': proxyPassesNotFound,
  'proxy-keeps-hosts-apart': proxyKeepsHostsApart,
  'proxy-cache-stays-inside': proxyCacheStaysInside,
  'proxy-forwards-post': proxyForwardsPost,
  'http-serves-concurrently': httpServesConcurrently,
  'client-sends-lines': clientSendsLines,
  'client-uses-transport': clientUsesTransport,
  'client-prints-replies': clientPrintsReplies,
  'client-prints-decoded': clientPrintsDecoded,
  'client-exits-cleanly': clientExitsCleanly,
  'client-uses-one-connection': clientUsesOneConnection,
  'client-follows-dialogue': clientFollowsDialogue,
  'client-ping-count': clientPingCount,
  'client-ping-format': clientPingFormat,
  'client-ping-replies': clientPingReplies,
  'client-ping-rtts': clientPingRtts,
  'client-ping-timeouts': clientPingTimeouts,
  'client-ping-timeout-wait': clientPingTimeoutWait,
  'client-ping-run-time': clientPingRunTime,
  'client-ping-exit': clientPingExit,
  'client-ping-stats': clientPingStats,
  'client-dialogue-step': clientDialogueStep,
  'client-waits-its-turn': clientWaitsItsTurn,
  'client-line-ends': clientLineEnds,
  'client-prints-sends': clientPrintsSends,
} satisfies Record<string, Probe>

export type ProbeName = keyof typeof probes

// The probe of that name; own properties only, so "toString" is an unknown probe rather than a crash
export function probeNamed(name: string): Probe | undefined {
  return Object.hasOwn(probes, name) ? (probes[name as keyof typeof probes] as Probe) : undefined
}
