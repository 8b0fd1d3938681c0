# Asks a web server for one file and prints the whole response: python3 client.py HOST PORT FILE
import sys
from socket import *

serverHost, serverPort, filename = sys.argv[1], int(sys.argv[2]), sys.argv[3]
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverHost, serverPort))
request = 'GET /%s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n' % (filename, serverHost, serverPort)
clientSocket.sendall(request.encode())
response = b''
while True:
    data = clientSocket.recv(4096)
    if not data:
        break
    response += data
clientSocket.close()
print(response.decode('utf-8', 'replace'))
