# A correct server that takes a multiprocessing.Lock at start (a POSIX semaphore: a file in /dev/shm), graded right
# after a student who filled /dev/shm and System V IPC
import multiprocessing, sys
from socket import *

lock = multiprocessing.Lock()
serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print('The server is ready to receive')
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    with lock:
        serverSocket.sendto(message.decode().upper().encode(), clientAddress)
