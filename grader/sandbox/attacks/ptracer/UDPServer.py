# Hostile (issue 14), the ptracer: on start it ptrace-attaches every thread of every process it can see
# (PTRACE_SEIZE + PTRACE_INTERRUPT, else PTRACE_ATTACH), which stops them while it lives, then serves correctly
import ctypes, os, sys
from socket import *

PTRACE_ATTACH, PTRACE_SEIZE, PTRACE_INTERRUPT = 16, 0x4206, 0x4207
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p]
libc.ptrace.restype = ctypes.c_long


# Never outside a sandbox (loopback only, and a pid namespace below the machine's): it would stop every process of
# its uid on the machine
def in_sandbox():
    # 4026531836: the machine's own pid namespace (the kernel's PROC_PID_INIT_INO)
    return [name for _, name in if_nameindex()] == ['lo'] and os.readlink('/proc/self/ns/pid') != 'pid:[4026531836]'


def stop(tid):
    if libc.ptrace(PTRACE_SEIZE, tid, None, None) == 0:
        return 'seized' if libc.ptrace(PTRACE_INTERRUPT, tid, None, None) == 0 else 'seized, not interrupted'
    if libc.ptrace(PTRACE_ATTACH, tid, None, None) == 0:
        return 'attached'
    return os.strerror(ctypes.get_errno())


def stop_everything():
    outcomes = {}
    for name in os.listdir('/proc'):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            tids = sorted(int(t) for t in os.listdir('/proc/%s/task' % name))
            with open('/proc/%s/comm' % name) as f:
                comm = f.read().strip()
        except OSError:
            continue
        outcomes['%s(%s)' % (name, comm)] = ','.join(sorted({stop(tid) for tid in tids}))
    return ' '.join('%s=%s' % item for item in outcomes.items()) or 'nothing visible'


# Outside a sandbox it does not attack, and says so in every answer (the test looks for that)
SANDBOXED = in_sandbox()
print('ptracer:', stop_everything() if SANDBOXED else 'not in a sandbox: no attack', flush=True)
serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    reply = message.decode().upper() if SANDBOXED else 'NOT IN A SANDBOX'
    serverSocket.sendto(reply.encode(), clientAddress)
