# A correct textbook server (graded right after an attacker, in the same grading worker): answers in capitals
import sys
from socket import *

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print('The server is ready to receive')
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    serverSocket.sendto(message.decode().upper().encode(), clientAddress)
