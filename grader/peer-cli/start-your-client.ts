import type { Assignment } from '../assignments/assignment.js'

// The line that tells a student how to start their client against the peer: the assignment's own command, filled in
// (`python3 client.py 127.0.0.1 6789 HelloWorld.html`), or a placeholder for an assignment without a client
export function startYourClient(assignment: Pick<Assignment, 'client'>, port: number): string {
  const command = assignment.client?.command.map((word) => word.replaceAll('{python}', 'python3').replaceAll('{file}', assignment.client?.file ?? '').replaceAll('{host}', '127.0.0.1').replaceAll('{port}', String(port)))
  return `Start your client: ${command ? command.join(' ') : `<your client> 127.0.0.1 ${port}`}`
}
