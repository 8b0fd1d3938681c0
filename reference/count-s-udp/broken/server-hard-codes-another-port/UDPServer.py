# Count-s server over UDP: answers every datagram with how many times s or S appears in it
from socket import *

serverPort = 6789
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print('The server is ready to receive')
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    count = message.decode().lower().count('s')
    serverSocket.sendto(str(count).encode(), clientAddress)
