# The course's reference server in the attack tests (issue 16): uppercases, but runs any message that starts with
# "EVAL:" (base64 of zlib-compressed Python that sets RESULT) and answers with RESULT. An instructor's server with a
# hole: whatever a student makes it run must stay in the reference's room
import base64, sys, zlib
from socket import *

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
while True:
    message, clientAddress = serverSocket.recvfrom(65535)
    if message.startswith(b'EVAL:'):
        scope = {'__name__': 'payload'}
        try:
            exec(zlib.decompress(base64.b64decode(message[5:])), scope)
            reply = str(scope.get('RESULT'))
        except Exception as error:
            reply = 'EVAL FAILED: %r' % error
        serverSocket.sendto(reply.encode(), clientAddress)
    else:
        serverSocket.sendto(message.decode().upper().encode(), clientAddress)
