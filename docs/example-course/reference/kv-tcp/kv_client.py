# Key-value client over TCP: one connection; sends each typed line and prints the server's reply to it
import sys
from socket import *

serverName = sys.argv[1] if len(sys.argv) > 1 else 'localhost'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 6011
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
replies = clientSocket.makefile('r', encoding='utf-8', errors='replace', newline='\n')
for line in sys.stdin:
    clientSocket.sendall((line.rstrip('\r\n') + '\n').encode())
    print(replies.readline().rstrip('\n'))
clientSocket.close()
