# Runs a command under a compiled seccomp filter, for the sandbox backend without bubblewrap:
#   python3 -I -S load_filter.py FILTER.bpf -- COMMAND [ARG...]
# Sets no_new_privs, installs FILTER.bpf (struct sock_filter[], as compile_filter.py writes it), then execs COMMAND.
# Standard library only, any Python 3. Any failure exits 127 with "sockgrade: ..." on stderr: never run unfiltered
import os
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SOCK_FILTER_BYTES = 8
BPF_MAXINSNS = 4096


def fail(message):
    sys.stderr.write(f'sockgrade: {message}\n')
    sys.exit(127)


# prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &sock_fprog) through libc, as bubblewrap's --seccomp does
def install(program):
    try:
        import ctypes
    except ImportError as error:
        fail(f'Cannot install the seccomp filter: this Python has no ctypes ({error})')

    class SockFprog(ctypes.Structure):
        _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_void_p)]

    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = SockFprog(len(program) // SOCK_FILTER_BYTES, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        fail(f'Cannot set no_new_privs: {os.strerror(ctypes.get_errno())}')
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        fail(f'Cannot install the seccomp filter: {os.strerror(ctypes.get_errno())}')


def read_program(path):
    try:
        with open(path, 'rb') as file:
            program = file.read()
    except OSError as error:
        fail(f'Cannot read the seccomp filter "{path}": {error.strerror}')
    count = len(program) // SOCK_FILTER_BYTES
    if len(program) % SOCK_FILTER_BYTES or not 0 < count <= BPF_MAXINSNS:
        fail(f'Cannot use the seccomp filter "{path}": {len(program)} bytes is not 1 to {BPF_MAXINSNS} BPF instructions')
    return program


def main(argv):
    if len(argv) < 4 or argv[2] != '--':
        fail('Cannot run: usage is load_filter.py FILTER.bpf -- COMMAND [ARG...]')
    install(read_program(argv[1]))
    command = argv[3:]
    try:
        os.execvp(command[0], command)
    except OSError as error:
        fail(f'Cannot run "{command[0]}": {error.strerror}')


if __name__ == '__main__':
    main(sys.argv)
