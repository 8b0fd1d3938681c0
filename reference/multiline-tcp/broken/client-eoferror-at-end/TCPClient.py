# Multi-line client over TCP: one connection for the whole session; each typed line is sent with a
# newline and each answer, one line long, is printed
import sys
from socket import *

serverName = sys.argv[1] if len(sys.argv) > 1 else 'localhost'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
replies = clientSocket.makefile('r', encoding='utf-8', newline='\n')
while True:
    sentence = input('Input lowercase sentence:')
    clientSocket.send((sentence + '\n').encode())
    print('From Server:', replies.readline().rstrip('\n'))
replies.close()
clientSocket.close()
