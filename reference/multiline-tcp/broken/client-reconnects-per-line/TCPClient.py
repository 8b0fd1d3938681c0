# Multi-line client over TCP: each typed line is sent with a newline and each answer, one line long,
# is printed, until the input ends
import sys
from socket import *

serverName = sys.argv[1] if len(sys.argv) > 1 else 'localhost'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
while True:
    try:
        sentence = input('Input lowercase sentence:')
    except EOFError:
        break
    clientSocket = socket(AF_INET, SOCK_STREAM)
    clientSocket.connect((serverName, serverPort))
    clientSocket.send((sentence + '\n').encode())
    modifiedSentence = clientSocket.recv(1024)
    print('From Server:', modifiedSentence.decode().rstrip('\n'))
    clientSocket.close()
