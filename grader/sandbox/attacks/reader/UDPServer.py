# Hostile (issue 14), the reader's server: reads everything it can (scan.py) before it listens, and answers every
# datagram with what it found
import os, sys
from socket import *

# Beside this file, however it was started (python -I leaves the script's folder off sys.path)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scan import scan_once

found = scan_once('server', 1.5)
print(found, flush=True)
serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    serverSocket.sendto(found.encode(), clientAddress)
