/** What every proxy probe is: over TCP, against the grader's origin, never asking an oracle */
export const PROXY_PROBE = { transports: ['tcp'] as const, needsOrigin: true as const, answerFree: true as const }

// The params of a probe that asks for one page of one site: `host` (any name reaches the origin) and `page` (origin: pages)
export const HOST_PAGE_PARAMS = {
  type: 'object',
  additionalProperties: false,
  properties: { host: { type: 'string', minLength: 1 }, page: { type: 'string', minLength: 1 } },
  required: ['host', 'page'],
}
