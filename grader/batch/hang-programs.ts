import type { Assignment } from '../assignments/assignment.js'

// A server that binds the assignment's port (argv[1], else 12000, as the references read it) and never replies:
// every check waits out its deadline. TCP connections are accepted and kept open, unanswered
export function hangingServer(assignment: Assignment): string {
  const head = `# Fixture: binds the port and never replies, so every check waits out its deadline
import sys
from socket import *

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else ${assignment.port}
`
  if (assignment.transport === 'udp') {
    return `${head}serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
while True:
    serverSocket.recvfrom(2048)
`
  }
  return `${head}serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.bind(('', serverPort))
serverSocket.listen(16)
connections = []
while True:
    connection, address = serverSocket.accept()
    connections.append(connection)
`
}

// A client that reads its input, then blocks forever without sending or exiting
export function hangingClient(): string {
  return `# Fixture: reads a sentence, then blocks forever without sending it or exiting
import sys
import threading

sentence = sys.stdin.readline()
threading.Event().wait()
`
}
