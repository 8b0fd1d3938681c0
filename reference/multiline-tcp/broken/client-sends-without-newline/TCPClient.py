# Multi-line client over TCP: one connection for the whole session; each typed line is sent and each
# answer is printed, until the input ends
import sys
from socket import *

serverName = sys.argv[1] if len(sys.argv) > 1 else 'localhost'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
while True:
    try:
        sentence = input('Input lowercase sentence:')
    except EOFError:
        break
    clientSocket.send(sentence.encode())
    modifiedSentence = clientSocket.recv(1024)
    print('From Server:', modifiedSentence.decode().rstrip('\n'))
clientSocket.close()
