/** Where a student server can be reached */
export interface Target {
  readonly host: string
  readonly port: number
  readonly transport: 'udp' | 'tcp'
}

// "udp://127.0.0.1:20123", for messages
export function targetUrl(target: Target): string {
  return `${target.transport}://${target.host}:${target.port}`
}
