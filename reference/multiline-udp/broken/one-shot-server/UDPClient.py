# Multi-line client over UDP: sends every typed line in its own datagram and prints each answer,
# until the input ends (Ctrl-D, or the end of a piped file)
import sys
from socket import *

serverName = sys.argv[1] if len(sys.argv) > 1 else 'localhost'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
clientSocket = socket(AF_INET, SOCK_DGRAM)
while True:
    try:
        message = input('Input lowercase sentence:')
    except EOFError:
        break
    clientSocket.sendto(message.encode(), (serverName, serverPort))
    modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
    print(modifiedMessage.decode())
clientSocket.close()
