# UDPPingerClient.py: sends 10 pings to a UDP server that loses some of them, and reports each round-trip time
import sys
import time
from socket import *

serverName = sys.argv[1] if len(sys.argv) > 1 else 'localhost'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 12000

clientSocket = socket(AF_INET, SOCK_DGRAM)
# Wait at most one second for each answer
clientSocket.settimeout(1)

rtts = []
lost = 0
count = 9
for sequence in range(1, count + 1):
    sent = time.time()
    message = 'Ping %d %s' % (sequence, sent)
    clientSocket.sendto(message.encode(), (serverName, serverPort))
    try:
        reply, serverAddress = clientSocket.recvfrom(1024)
        rtt = time.time() - sent
        rtts.append(rtt)
        print('Reply from %s: %s' % (serverAddress[0], reply.decode()))
        print('RTT: %.6f s' % rtt)
    except timeout:
        lost += 1
        print('Request timed out')

clientSocket.close()

print('--- ping statistics ---')
print('%d sent, %d received, %.0f%% packet loss' % (count, count - lost, 100.0 * lost / count))
if rtts:
    print('min RTT %.6f s, max RTT %.6f s, avg RTT %.6f s' % (min(rtts), max(rtts), sum(rtts) / len(rtts)))
