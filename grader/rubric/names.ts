// A JSON pointer into a rubric, named as a person reads it: `uppercase-udp › server-answers-basic › points`.
// Checks are named by id (or `check 3` when the id cannot be read); list positions below a check are left out,
// since the problem's line and column already point at the item
export function rubricName(rubric: unknown, pointer: string): string {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
  if (segments[0] !== 'assignments' || segments.length < 2) return segments.join(' › ')
  const [, assignment, list, index, ...rest] = segments as [string, string, string?, string?, ...string[]]
  const names = [assignment]
  if (list !== undefined) names.push(list)
  if (list === 'checks' && index !== undefined) {
    const id = (valueAt(rubric, ['assignments', assignment, 'checks', index, 'id']) as unknown)
    names[names.length - 1] = typeof id === 'string' && id !== '' ? id : `check ${Number(index) + 1}`
    names.push(...rest.filter((s) => !/^\d+$/.test(s)))
  } else if (index !== undefined) names.push(index, ...rest)
  return names.join(' › ')
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let node = root
  for (const segment of segments) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined
  return node
}
