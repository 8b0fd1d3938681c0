# Hostile (issue 14), the parent-killer server: on start it SIGKILLs its parent and everything it may signal
# (kill(-1)), then serves; on the first request it answers, does both again, then kills its own process group
import os, signal, sys
from socket import *


# Never outside a sandbox (loopback only, and a pid namespace below the machine's): kill(-1) would reach every
# process of its uid on the machine
def in_sandbox():
    # 4026531836: the machine's own pid namespace (the kernel's PROC_PID_INIT_INO)
    return [name for _, name in if_nameindex()] == ['lo'] and os.readlink('/proc/self/ns/pid') != 'pid:[4026531836]'


# Outside a sandbox it does not attack, and says so in what it sends (the test looks for that)
SANDBOXED = in_sandbox()


def kill_all(when, group=False):
    if not SANDBOXED:
        print(when, 'not in a sandbox: no attack', flush=True)
        return
    targets = [
        ('parent %d' % os.getppid(), lambda: os.kill(os.getppid(), signal.SIGKILL)),
        ('kill(-1)', lambda: os.kill(-1, signal.SIGKILL)),
    ]
    if group:
        targets.append(('killpg(0)', lambda: os.killpg(0, signal.SIGKILL)))
    for name, kill in targets:
        print(when, name, end=': ', flush=True)
        try:
            kill()
            print('sent', flush=True)
        except OSError as error:
            print(error.strerror, flush=True)


kill_all('start')
serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
first = True
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    reply = message.decode().upper() if SANDBOXED else 'NOT IN A SANDBOX'
    serverSocket.sendto(reply.encode(), clientAddress)
    if first:
        first = False
        kill_all('first request', group=True)
