# Uppercase client over TCP: connects, sends one typed sentence and prints the server's answer
import sys
from socket import *

serverName = sys.argv[1] if len(sys.argv) > 1 else 'localhost'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
sentence = input('Input lowercase sentence:')
clientSocket.send(sentence.encode())
# Bug: a buffer of 8 bytes keeps only the start of any longer reply
modifiedSentence = clientSocket.recv(8)
print('From Server:', modifiedSentence.decode())
clientSocket.close()
