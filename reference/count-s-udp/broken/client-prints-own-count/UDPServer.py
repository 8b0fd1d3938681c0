# Count-s server over UDP: answers every datagram with how many times s or S appears in it
import sys
from socket import *

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print('Server ready on UDP port', serverPort)
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    count = message.decode().lower().count('s')
    serverSocket.sendto(str(count).encode(), clientAddress)
