# The first process (pid 1) of a student's room in the sandbox backend without bubblewrap (see room.ts):
#   unshare --pid --fork --kill-child --mount --ipc -- python -I -S room_init.py SETTINGS_JSON -- COMMAND...
# In a copy of the sandbox's mount table it covers what the student must not see, mounts a fresh /tmp (with the
# program's private copy shown in it), /dev/shm and /proc, then starts COMMAND under the seccomp filter and reaps
# every process of the room until none is left, as bubblewrap's own pid 1 does. It reports on the status descriptor
# as bubblewrap's --json-status-fd does: {"child-pid": its pid as the grader sees it}, then {"exit-code": N} when
# COMMAND ends (128 + the signal's number when a signal ended it). Any failure of the set-up exits 127 with a line
# starting "sockgrade: " on stderr: the command never runs in a half-built room
import ctypes
import json
import os
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'seccomp'))
import load_filter  # noqa: E402  (found beside this file before anything is covered)

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384

libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]


def fail(message):
    sys.stderr.write(f'sockgrade: {message}\n')
    os._exit(127)


def mount(source, target, fstype, flags, data=None):
    encode = lambda text: None if text is None else os.fsencode(text)
    if libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data)) != 0:
        fail(f'Cannot mount {fstype or source} on "{target}" in the student room: {os.strerror(ctypes.get_errno())}')


# A folder becomes an empty read-only tmpfs, a file /dev/null: the grader's code, the rubric, the batch's inbox
def cover(path):
    if os.path.isdir(path):
        mount('sockgrade-hidden', path, 'tmpfs', MS_NOSUID | MS_NODEV | MS_RDONLY, 'size=4096,mode=0555')
    elif os.path.exists(path):
        mount('/dev/null', path, None, MS_BIND)
        mount('none', path, None, MS_BIND | MS_REMOUNT | MS_RDONLY)


def build_room(settings):
    size = int(settings['tmpBytes'])
    copy = settings['copy']
    # The copy lives in the sandbox's /tmp, which the fresh one covers: keep a handle on it to show it again
    copy_fd = os.open(copy, os.O_PATH | os.O_DIRECTORY)
    for path in settings['hide']:
        cover(path)
    mount('sockgrade-room-tmp', '/tmp', 'tmpfs', MS_NOSUID | MS_NODEV, f'size={size},mode=1777')
    os.makedirs(copy, mode=0o755, exist_ok=True)
    mount(f'/proc/self/fd/{copy_fd}', copy, None, MS_BIND | MS_REC)
    os.close(copy_fd)
    mount('sockgrade-room-shm', '/dev/shm', 'tmpfs', MS_NOSUID | MS_NODEV, f'size={size},mode=1777')
    mount('proc', '/proc', 'proc', MS_NOSUID | MS_NODEV | MS_NOEXEC)


def start(settings, command, status_fd, program):
    pid = os.fork()
    if pid:
        return pid
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        # A session of its own: the program cannot signal the launcher's group (unshare, outside the room)
        os.setsid()
        os.close(status_fd)
        os.closerange(3, 65536)
        os.chdir(settings['cwd'])
        if program is not None:
            load_filter.install(program)
        os.execvp(command[0], command)
    except OSError as error:
        sys.stderr.write(f'sockgrade: Cannot run "{command[0]}" in the student room: {error.strerror}\n')
    os._exit(127)


def report(status, entry):
    try:
        status.write(json.dumps(entry) + '\n')
        status.flush()
    except OSError:
        pass  # the grader stopped listening: it kills the room itself


def main(argv):
    if len(argv) < 4 or argv[2] != '--':
        fail('Cannot start the student room: usage is room_init.py SETTINGS -- COMMAND...')
    settings = json.loads(argv[1])
    command = argv[3:]
    status_fd = int(settings['statusFd'])
    status = os.fdopen(status_fd, 'w', closefd=False)
    # Read before /proc is replaced: the pid the grader knows this process by
    report(status, {'child-pid': int(os.readlink('/proc/self'))})
    program = load_filter.read_program(settings['seccomp']) if settings.get('seccomp') else None
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    build_room(settings)
    first = start(settings, command, status_fd, program)
    code = 127
    while True:
        try:
            pid, wait_status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if pid == first:
            code = os.waitstatus_to_exitcode(wait_status)
            # The signal apart as well: a program may exit with 128 + N itself
            report(status, {'exit-code': 128 - code if code < 0 else code, **({'exit-signal': -code} if code < 0 else {})})
            code = 128 - code if code < 0 else code
            status.close()
            os.close(status_fd)
    os._exit(code)


# Imported by the reference's relay (answers/reference/relay.py) for build_room, run by unshare for a student room
if __name__ == '__main__':
    main(sys.argv)
