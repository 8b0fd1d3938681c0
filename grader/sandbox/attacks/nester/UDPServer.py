# Hostile (issue 14), the nester: before it listens, it tries, each in a child process of its own, to make nested
# namespaces (unshare of user, net, mount, pid; clone and clone3 with CLONE_NEWUSER) and to mount a tmpfs (directly,
# and inside a new user and mount namespace). When everything was refused it serves correctly; else it answers every
# datagram with what succeeded ("NESTED user=allowed ...")
import ctypes, errno, os, platform, struct, sys
from socket import *

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x10000000, 0x20000000, 0x40000000
SIGCHLD = 17
SYS_CLONE = {'x86_64': 56, 'aarch64': 220}.get(platform.machine())
# Added in Linux 5.3: one number on every architecture
SYS_CLONE3 = 435
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_void_p]


def check(result):
    if result < 0:
        raise OSError(ctypes.get_errno(), '')


def unshare(flags):
    return lambda: check(libc.unshare(flags))


def mount_tmpfs():
    os.makedirs('/tmp/sockgrade-nest', exist_ok=True)
    check(libc.mount(b'none', b'/tmp/sockgrade-nest', b'tmpfs', 0, None))
    libc.umount2(b'/tmp/sockgrade-nest', 2)


def in_new_user_and_mount_namespaces(then):
    def attempt():
        check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS))
        then()
    return attempt


# A raw clone without a new stack is a fork: the child leaves at once, the parent collects it
def clone_with(call):
    def attempt():
        pid = call()
        if pid == 0:
            os._exit(0)
        check(pid)
        os.waitpid(pid, 0)
    return attempt


def clone_newuser():
    if SYS_CLONE is None:
        raise OSError(errno.ENOSYS, '')
    return libc.syscall(ctypes.c_long(SYS_CLONE), ctypes.c_ulong(CLONE_NEWUSER | SIGCHLD), None, None, None, None)


def clone3_newuser():
    # struct clone_args (version 0, 64 bytes): flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls
    args = ctypes.create_string_buffer(struct.pack('8Q', CLONE_NEWUSER, 0, 0, 0, SIGCHLD, 0, 0, 0))
    return libc.syscall(ctypes.c_long(SYS_CLONE3), args, ctypes.c_size_t(64))


ATTEMPTS = [
    ('user', unshare(CLONE_NEWUSER)),
    ('net', unshare(CLONE_NEWNET)),
    ('mount', unshare(CLONE_NEWNS)),
    ('pid', unshare(CLONE_NEWPID)),
    ('user+net', unshare(CLONE_NEWUSER | CLONE_NEWNET)),
    ('clone-user', clone_with(clone_newuser)),
    ('clone3-user', clone_with(clone3_newuser)),
    ('tmpfs', mount_tmpfs),
    ('user+mount+tmpfs', in_new_user_and_mount_namespaces(mount_tmpfs)),
]


# One attempt in a child (a namespace made there does not move this server); "allowed" or why not
def outcome(attempt):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            attempt()
            result = 'allowed'
        except OSError as error:
            result = errno.errorcode.get(error.errno, str(error.errno))
        os.write(write_end, result.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, 'rb') as f:
        result = f.read().decode()
    _, status = os.waitpid(pid, 0)
    return result or ('killed by signal %d' % os.WTERMSIG(status) if os.WIFSIGNALED(status) else 'no answer')


# Never outside a sandbox (loopback only, and a pid namespace below the machine's): as root it would mount on the
# machine
def in_sandbox():
    # 4026531836: the machine's own pid namespace (the kernel's PROC_PID_INIT_INO)
    return [name for _, name in if_nameindex()] == ['lo'] and os.readlink('/proc/self/ns/pid') != 'pid:[4026531836]'


# Outside a sandbox it tries nothing, and says so in every answer (the test looks for that)
if in_sandbox():
    results = [(name, outcome(attempt)) for name, attempt in ATTEMPTS]
    print('nester:', ' '.join('%s=%s' % r for r in results), flush=True)
    allowed = ' '.join('%s=allowed' % name for name, result in results if result == 'allowed')
else:
    allowed = 'NOT IN A SANDBOX'
serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    reply = 'NESTED ' + allowed if allowed else message.decode().upper()
    serverSocket.sendto(reply.encode(), clientAddress)
