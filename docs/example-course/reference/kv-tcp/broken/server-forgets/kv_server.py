# Key-value server over TCP, broken: a new store for every line, so GET never finds what SET stored
import sys
from socket import *


def answer(store, line):
    words = line.split(' ', 2)
    if words[0] == 'SET' and len(words) == 3:
        store[words[1]] = words[2]
        return 'OK'
    if words[0] == 'GET' and len(words) == 2:
        return store.get(words[1], 'NOT FOUND')
    return 'ERROR unknown command'


serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 6011
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)
while True:
    connectionSocket, addr = serverSocket.accept()
    store = {}
    with connectionSocket, connectionSocket.makefile('r', encoding='utf-8', errors='replace', newline='\n') as lines:
        for line in lines:
            store = {}
            connectionSocket.sendall((answer(store, line.rstrip('\r\n')) + '\n').encode())
