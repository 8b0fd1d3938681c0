# Multi-line server over TCP: answers every line of a connection in capitals until the client closes it,
# then waits for the next client
import sys
from socket import *

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)
print('Server ready on TCP port', serverPort)
while True:
    connectionSocket, addr = serverSocket.accept()
    lines = connectionSocket.makefile('r', encoding='utf-8', newline='\n')
    for line in lines:
        sentence = line.strip()
        connectionSocket.send(sentence.upper().encode())
    lines.close()
    connectionSocket.close()
