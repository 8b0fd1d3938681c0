# Uppercase server: answers every sentence with its text in capitals
import sys
from socket import *

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print('Server ready on port', serverPort)
while True:
    sentence, clientAddress = serverSocket.recvfrom(1024)
    capitalizedSentence = sentence.decode().upper()
    serverSocket.sendto(capitalizedSentence.encode(), clientAddress)
