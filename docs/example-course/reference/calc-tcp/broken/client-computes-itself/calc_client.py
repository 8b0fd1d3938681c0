# Calculator client over TCP, broken: prints its own eval() of the expression, not the server's reply
import sys
from socket import *

serverName = sys.argv[1] if len(sys.argv) > 1 else 'localhost'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 6010
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
expression = input('Expression: ')
clientSocket.send(expression.encode())
reply = clientSocket.recv(1024)
print(eval(expression))
clientSocket.close()
