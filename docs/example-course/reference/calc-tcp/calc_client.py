# Calculator client over TCP: sends one typed expression and prints the server's answer
import sys
from socket import *

serverName = sys.argv[1] if len(sys.argv) > 1 else 'localhost'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 6010
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
expression = input('Expression: ')
clientSocket.send(expression.encode())
reply = clientSocket.recv(1024)
print(reply.decode())
clientSocket.close()
