# Shout server over UDP: answers every datagram with its text in capitals
import sys
from socket import *

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 5005
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print('Server ready on UDP port', serverPort)
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    modifiedMessage = message.decode().upper()
    serverSocket.sendto(modifiedMessage.encode(), clientAddress)
