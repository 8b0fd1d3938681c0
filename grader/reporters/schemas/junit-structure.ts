// Test-only: what a JUnit XML document must hold, checked on the parsed document. Written from the JUnit schema the
// Jenkins xUnit plugin publishes (jenkinsci/xunit-plugin, src/main/resources/org/jenkinsci/plugins/xunit/types/model/
// xsd/junit-10.xsd, MIT): <testsuites> holds only <testsuite>; a testsuite needs name, tests, failures and errors, its
// time matches SUREFIRE_TIME, it holds properties, testcases, system-out and system-err; a testcase needs a name and
// holds skipped, error, failure, system-out and system-err; a property needs name and value. The counts must also
// match the testcases, as GitLab and Jenkins show them
import { XMLParser, XMLValidator } from 'fast-xml-parser'

type Element = Record<string, unknown>

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ['testsuite', 'testcase', 'property', 'failure', 'error', 'skipped', 'system-out', 'system-err'].includes(name),
})

// Characters XML 1.0 allows (its Char production)
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u
const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/

/** A parsed JUnit document, or the reasons it is not one */
export function parseJunit(xml: string): { doc: Element; problems: string[] } {
  const problems: string[] = []
  if (NOT_XML_CHAR.test(xml)) problems.push(`character XML 1.0 forbids: U+${xml.codePointAt(xml.search(NOT_XML_CHAR))?.toString(16)}`)
  const valid = XMLValidator.validate(xml)
  if (valid !== true) return { doc: {}, problems: [...problems, `not well-formed: ${valid.err.msg} (line ${valid.err.line})`] }
  const doc = parser.parse(xml) as Element
  const root = doc.testsuites as Element | undefined
  if (!root) return { doc, problems: [...problems, 'the root is not <testsuites>'] }
  problems.push(...unexpected('testsuites', root, ['testsuite']))
  for (const suite of elements(root, 'testsuite')) problems.push(...suiteProblems(suite))
  return { doc, problems }
}

/** The children named `name` of an element */
export function elements(parent: Element, name: string): Element[] {
  const value = parent[name]
  return Array.isArray(value) ? value.map((v) => (typeof v === 'object' && v !== null ? (v as Element) : { '#text': String(v) })) : []
}

function suiteProblems(suite: Element): string[] {
  const name = String(suite['@name'])
  const problems = [...required(`testsuite ${name}`, suite, ['name', 'tests', 'failures', 'errors']), ...unexpected(`testsuite ${name}`, suite, ['properties', 'testcase', 'system-out', 'system-err'])]
  if (suite['@time'] !== undefined && !SUREFIRE_TIME.test(String(suite['@time']))) problems.push(`testsuite ${name}: time "${String(suite['@time'])}"`)
  for (const property of elements((suite.properties as Element | undefined) ?? {}, 'property')) problems.push(...required('property', property, ['name', 'value']))
  const cases = elements(suite, 'testcase')
  for (const c of cases) problems.push(...required('testcase', c, ['name']), ...unexpected(`testcase ${String(c['@name'])}`, c, ['skipped', 'error', 'failure', 'system-out', 'system-err']))
  const count = (kind: string) => cases.filter((c) => elements(c, kind).length > 0).length
  const expected = { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped') }
  for (const [key, value] of Object.entries(expected)) if (suite[`@${key}`] !== undefined && Number(suite[`@${key}`]) !== value) problems.push(`testsuite ${name}: ${key}="${String(suite[`@${key}`])}", counted ${value}`)
  return problems
}

function required(what: string, element: Element, attributes: readonly string[]): string[] {
  return attributes.filter((a) => element[`@${a}`] === undefined).map((a) => `${what}: no ${a} attribute`)
}

function unexpected(what: string, element: Element, children: readonly string[]): string[] {
  return Object.keys(element)
    .filter((key) => !key.startsWith('@') && key !== '#text' && !children.includes(key))
    .map((key) => `${what}: unexpected <${key}>`)
}
