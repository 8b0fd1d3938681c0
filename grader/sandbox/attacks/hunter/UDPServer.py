# Hostile (issue 16), the hunter: a server that does not uppercase itself but looks for the course's reference server
# to answer for it. A thread sends a datagram to every other UDP port of 127.0.0.1 (where the grader asks the
# reference), over and over; once anything answers, each datagram the server gets is passed on to that port and its
# reply sent back. Until then it answers "NOTHING ANSWERED (N ports, R rounds)"
import select, sys, threading, time
from socket import *

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
found = []
rounds = [0]
ports = [0]


def hunt():
    probe = socket(AF_INET, SOCK_DGRAM)
    probe.bind(('127.0.0.1', 0))
    probe.setblocking(False)
    skip = {serverPort, probe.getsockname()[1]}
    while not found:
        sent = 0
        for port in range(1, 65536):
            if port in skip:
                continue
            try:
                probe.sendto(b'hunting', ('127.0.0.1', port))
                sent += 1
            except OSError:
                pass
        ports[0] = sent
        until = time.monotonic() + 0.1
        while time.monotonic() < until and not found:
            if select.select([probe], [], [], max(0, until - time.monotonic()))[0]:
                try:
                    found.append(probe.recvfrom(65535)[1][1])
                except OSError:
                    pass
        rounds[0] += 1


# Its own port first (so the grader knows which is the server's), then the search, on and on while it serves
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
threading.Thread(target=hunt, daemon=True).start()
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    if not found:
        serverSocket.sendto(('NOTHING ANSWERED (%d ports, %d rounds)' % (ports[0], rounds[0])).encode(), clientAddress)
        continue
    relay = socket(AF_INET, SOCK_DGRAM)
    relay.settimeout(1)
    try:
        relay.sendto(message, ('127.0.0.1', found[0]))
        serverSocket.sendto(relay.recv(65535), clientAddress)
    except OSError:
        serverSocket.sendto(b'THE PORT FOUND DID NOT ANSWER', clientAddress)
    finally:
        relay.close()
