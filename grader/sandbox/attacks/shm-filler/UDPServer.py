# Hostile (issue 14), the /dev/shm filler: before it serves, it fills /dev/shm until it is full (ENOSPC) and creates
# System V shared-memory segments, semaphore sets and message queues, and POSIX message queues, until the kernel
# refuses more; it removes none of them. It answers correctly when /dev/shm was filled, else "NOT FILLED: why"
import ctypes, errno, os, sys
from socket import *

IPC_PRIVATE, IPC_CREAT = 0, 0o1000
# Bounds: /dev/shm is a tmpfs (memory), at most this much; the kernel's own limits stop the IPC loops well before theirs
SHM_BYTES_MAX = 1 << 30
IPC_OBJECTS_MAX = 40000
ONCE = '/tmp/.sockgrade-filled'
libc = ctypes.CDLL(None, use_errno=True)


# Never outside a sandbox (loopback only, and a pid namespace below the machine's): it would fill the machine's memory
def in_sandbox():
    # 4026531836: the machine's own pid namespace (the kernel's PROC_PID_INIT_INO)
    return [name for _, name in if_nameindex()] == ['lo'] and os.readlink('/proc/self/ns/pid') != 'pid:[4026531836]'


def fill_shm():
    written, chunk, index = 0, b'x' * (1 << 20), 0
    try:
        while written < SHM_BYTES_MAX:
            # Files of at most 8 MiB: the file size limit is 16 MiB
            with open('/dev/shm/sockgrade-attack-fill-%d' % index, 'wb') as f:
                for _ in range(8):
                    f.write(chunk)
                    f.flush()
                    written += len(chunk)
            index += 1
        return 'shm: stopped at %d MiB' % (written >> 20)
    except OSError as error:
        return 'shm: %d MiB, then %s' % (written >> 20, errno.errorcode.get(error.errno, error.strerror))


def fill(name, create):
    made = 0
    while made < IPC_OBJECTS_MAX:
        if create(made) < 0:
            return '%s: %d, then %s' % (name, made, errno.errorcode.get(ctypes.get_errno(), '?'))
        made += 1
    return '%s: %d' % (name, made)


# A POSIX message queue outlives its descriptor: close it, or the open-files limit stops the loop first
def closed(fd):
    if fd >= 0:
        os.close(fd)
    return fd


def fill_all():
    libc.mq_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_uint, ctypes.c_void_p]
    return '; '.join([
        fill_shm(),
        fill('sysv shm', lambda i: libc.shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0o666)),
        fill('sysv sem', lambda i: libc.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o666)),
        fill('sysv msg', lambda i: libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o666)),
        fill('posix mq', lambda i: closed(libc.mq_open(b'/sockgrade-attack-fill-%d' % i, os.O_CREAT | os.O_RDWR, 0o666,
                                                       None))),
    ])


# Once per grading (a server is started once per check): what it did is kept in the sandbox's /tmp, which lasts one
# student
def fill_once():
    try:
        with open(ONCE) as f:
            return f.read()
    except OSError:
        pass
    done = fill_all()
    with open(ONCE, 'w') as f:
        f.write(done)
    return done


# It answers correctly only when /dev/shm was filled, else it says why not (the test looks for that)
if in_sandbox():
    done = fill_once()
    print('filler:', done, flush=True)
    wrong = None if 'then ENOSPC' in done.split(';')[0] else 'NOT FILLED: ' + done
else:
    wrong = 'NOT IN A SANDBOX'
serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    serverSocket.sendto((wrong or message.decode().upper()).encode(), clientAddress)
