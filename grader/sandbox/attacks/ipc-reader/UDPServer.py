# Hostile (issue 14), the IPC reader, graded right after the stasher in the same sandbox: before it listens it looks
# for what the student before it left in /dev/shm, System V shared memory and message queues (by the stasher's keys
# and by every id /proc/sysvipc lists), the stasher's POSIX message queue and its file in /tmp. When it finds nothing
# it serves correctly; else it answers every datagram with what it found ("FOUND text in where,...")
import ctypes, os, sys, zlib
from socket import *

SHM_KEY, MSG_KEY = 0x53470001, 0x53470002
MQ_NAME = b'/sockgrade-stash'
SHM_RDONLY, IPC_NOWAIT = 0o10000, 0o4000
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
libc.shmdt.argtypes = [ctypes.c_void_p]
libc.msgrcv.restype = ctypes.c_ssize_t
libc.msgrcv.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_long, ctypes.c_int]
libc.mq_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_uint, ctypes.c_void_p]
libc.mq_receive.restype = ctypes.c_ssize_t
libc.mq_receive.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]


def text(data):
    return data.split(b'\0')[0].decode('utf-8', 'replace').strip()[:80]


def ids(table):
    try:
        with open('/proc/sysvipc/' + table) as f:
            rows = f.read().splitlines()[1:]
    except OSError:
        return []
    return [int(row.split()[1]) for row in rows if row.strip()]


# What it found: {where: text}
def look():
    found = {}
    # Whatever is in /dev/shm; of /tmp (where the sandbox may mount the grader's code) only the stasher's file
    paths = ['/dev/shm/' + name for name in sorted(os.listdir('/dev/shm'))] + ['/tmp/sockgrade-stash']
    for path in paths:
        try:
            with open(path, 'rb') as f:
                found[path] = text(f.read(256))
        except FileNotFoundError:
            pass
        except OSError as error:
            found[path] = '(%s)' % error.strerror
    for shmid in {libc.shmget(SHM_KEY, 0, 0), *ids('shm')} - {-1}:
        address = libc.shmat(shmid, None, SHM_RDONLY)
        if address not in (None, ctypes.c_void_p(-1).value):
            found['shm%d' % shmid] = text(ctypes.string_at(address, 256))
            libc.shmdt(address)
    buffer = ctypes.create_string_buffer(8 + 4096)
    for msqid in {libc.msgget(MSG_KEY, 0), *ids('msg')} - {-1}:
        size = libc.msgrcv(msqid, buffer, 4096, 0, IPC_NOWAIT)
        found['msg%d' % msqid] = text(buffer.raw[8:8 + size]) if size >= 0 else '(empty)'
    mqd = libc.mq_open(MQ_NAME, os.O_RDONLY | os.O_NONBLOCK, 0, None)
    if mqd >= 0:
        message = ctypes.create_string_buffer(1 << 16)
        size = libc.mq_receive(mqd, message, len(message), None)
        found['mq'] = text(message.raw[:size]) if size >= 0 else '(empty)'
        os.close(mqd)
    return found


# One line that fits the report's 160-character previews: each text found once, then where ("FOUND text in a,b")
def summary(found):
    by_text = {}
    for where, what in found.items():
        by_text.setdefault(what, []).append(where)
    return ' '.join('%s in %s' % (what, ','.join(places)) for what, places in by_text.items())


# Once per grading (a server is started once per check, and reading a message takes it from its queue), kept under
# the name of the submission's copy (a grading of its own)
CACHE = '/tmp/.sockgrade-looked-%08x' % zlib.crc32(os.path.dirname(os.path.abspath(__file__)).encode())
try:
    with open(CACHE) as f:
        findings = f.read()
except OSError:
    findings = summary(look())
    with open(CACHE, 'w') as f:
        f.write(findings)
print('ipc-reader:', findings or 'nothing', flush=True)
serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    reply = 'FOUND ' + findings if findings else message.decode().upper()
    serverSocket.sendto(reply.encode(), clientAddress)
