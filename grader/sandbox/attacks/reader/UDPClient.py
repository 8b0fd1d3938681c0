# Hostile (issue 14), the reader's client: reads everything it can (scan.py), sends what it found instead of the
# typed line, and prints it with the reply
import os, sys
from socket import *

# Beside this file, however it was started (python -I leaves the script's folder off sys.path)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scan import scan_once

found = scan_once('client', 1.0)
serverName = sys.argv[1] if len(sys.argv) > 1 else 'localhost'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
clientSocket = socket(AF_INET, SOCK_DGRAM)
message = input('Input lowercase sentence:')
clientSocket.sendto(found.encode(), (serverName, serverPort))
modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
print(found, modifiedMessage.decode())
