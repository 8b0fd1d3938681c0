# Count-s server over TCP: one sentence per connection, answered with how many times s or S appears in it
import sys
from socket import *

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)
print 'The server is ready to receive'
while True:
    connectionSocket, addr = serverSocket.accept()
    sentence = connectionSocket.recv(1024)
    count = sentence.lower().count('s')
    connectionSocket.send(str(count))
    connectionSocket.close()
