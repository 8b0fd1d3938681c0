# Hostile (issue 14), the IPC stasher: before it serves, it leaves the secret of secret.txt (written by the test)
# where the next student graded in the same sandbox might find it: a file in /dev/shm, a System V shared-memory
# segment and message queue under fixed keys, a POSIX message queue, and (the control, which the grader empties)
# a file in /tmp. It answers correctly when at least the /dev/shm stash was made, else "NOT STASHED: what happened"
import ctypes, errno, os, struct, sys
from socket import *

SHM_KEY, MSG_KEY = 0x53470001, 0x53470002
MQ_NAME = b'/sockgrade-stash'
IPC_CREAT = 0o1000
ONCE = '/tmp/.sockgrade-stashed'
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
libc.shmdt.argtypes = [ctypes.c_void_p]
libc.msgsnd.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
libc.mq_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_uint, ctypes.c_void_p]
libc.mq_send.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint]


def failed(what):
    return '%s: %s' % (what, errno.errorcode.get(ctypes.get_errno(), '?'))


def stash_file(path, secret):
    try:
        with open(path, 'wb') as f:
            f.write(secret)
        return path + ': stashed'
    except OSError as error:
        return '%s: %s' % (path, error.strerror)


def stash_shm(secret):
    shmid = libc.shmget(SHM_KEY, 4096, IPC_CREAT | 0o666)
    if shmid < 0:
        return failed('sysv shm')
    address = libc.shmat(shmid, None, 0)
    if address in (None, ctypes.c_void_p(-1).value):
        return failed('sysv shm attach')
    ctypes.memmove(address, secret, len(secret))
    libc.shmdt(address)
    return 'sysv shm: stashed'


def stash_msg(secret):
    msqid = libc.msgget(MSG_KEY, IPC_CREAT | 0o666)
    if msqid < 0:
        return failed('sysv msg')
    message = struct.pack('l', 1) + secret
    return 'sysv msg: stashed' if libc.msgsnd(msqid, message, len(secret), 0) == 0 else failed('sysv msgsnd')


def stash_mq(secret):
    mqd = libc.mq_open(MQ_NAME, os.O_CREAT | os.O_WRONLY, 0o666, None)
    if mqd < 0:
        return failed('posix mq')
    sent = libc.mq_send(mqd, secret, len(secret), 0)
    os.close(mqd)
    return 'posix mq: stashed' if sent == 0 else failed('posix mq_send')


# Never outside a sandbox (loopback only, and a pid namespace below the machine's): System V objects would stay on
# the machine
def in_sandbox():
    # 4026531836: the machine's own pid namespace (the kernel's PROC_PID_INIT_INO)
    return [name for _, name in if_nameindex()] == ['lo'] and os.readlink('/proc/self/ns/pid') != 'pid:[4026531836]'


# Once per grading (a server is started once per check): what it did is kept in the sandbox's /tmp, which lasts one
# student
def stash_once():
    try:
        with open(ONCE) as f:
            return f.read()
    except OSError:
        pass
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'secret.txt'), 'rb') as f:
        secret = f.read().strip()
    done = '; '.join([
        stash_file('/dev/shm/sockgrade-stash', secret), stash_shm(secret), stash_msg(secret), stash_mq(secret),
        stash_file('/tmp/sockgrade-stash', secret),
    ])
    with open(ONCE, 'w') as f:
        f.write(done)
    return done


# It answers correctly only when at least the /dev/shm stash was made, else it says why not (the test looks for that)
if in_sandbox():
    done = stash_once()
    print('stasher:', done, flush=True)
    wrong = None if '/dev/shm/sockgrade-stash: stashed' in done else 'NOT STASHED: ' + done
else:
    wrong = 'NOT IN A SANDBOX'
serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    serverSocket.sendto((wrong or message.decode().upper()).encode(), clientAddress)
