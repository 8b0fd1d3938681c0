#!/usr/bin/python3
# Compiles the seccomp filter for student programs with libseccomp (Debian's python3-seccomp), one BPF program per
# architecture: /usr/bin/python3 compile_filter.py [OUTPUT_FOLDER]. The output is committed: see README.md
import ctypes
import errno
import os
import sys

import seccomp
from seccomp import ALLOW, ERRNO, KILL_PROCESS, MASKED_EQ, Arch, Arg, Attr, SyscallFilter

# Node's process.arch name → libseccomp's architecture (Node on Linux ppc64 is little-endian only)
ARCHES = {
    'x64': Arch.X86_64,
    'arm64': Arch.AARCH64,
    'arm': Arch.ARM,
    'ppc64': Arch.PPC64LE,
    'riscv64': Arch.RISCV64,
    's390x': Arch.S390X,
}

# Refused with EPERM, so a program gets PermissionError. Names an architecture lacks are skipped for it
REFUSED = [
    # Reaching into another process
    'ptrace', 'process_vm_readv', 'process_vm_writev', 'pidfd_getfd', 'kcmp', 'process_madvise',
    # New namespaces and mounts (clone is filtered on its flags below)
    'unshare', 'setns', 'mount', 'umount', 'umount2', 'pivot_root', 'chroot', 'move_mount', 'open_tree',
    'fsopen', 'fsconfig', 'fsmount', 'fspick', 'mount_setattr',
    # Kernel keyrings, BPF, profiling, page-fault handling: large kernel surface a socket exercise never needs
    'keyctl', 'add_key', 'request_key', 'bpf', 'perf_event_open', 'userfaultfd',
    # io_uring runs its operations without passing through seccomp
    'io_uring_setup', 'io_uring_enter', 'io_uring_register',
    # The machine's own state
    'kexec_load', 'kexec_file_load', 'init_module', 'finit_module', 'delete_module', 'reboot', 'swapon',
    'swapoff', 'acct', 'quotactl', 'quotactl_fd', 'syslog', 'lookup_dcookie', 'uselib', 'vhangup', 'iopl',
    'ioperm', 'open_by_handle_at', 'name_to_handle_at',
    # The clock (the *64 ones are 32-bit arm's)
    'settimeofday', 'clock_settime', 'clock_settime64', 'clock_adjtime', 'clock_adjtime64', 'adjtimex',
]

CLONE_NAMESPACE_FLAGS = {
    'CLONE_NEWTIME': 0x00000080,
    'CLONE_NEWNS': 0x00020000,
    'CLONE_NEWCGROUP': 0x02000000,
    'CLONE_NEWUTS': 0x04000000,
    'CLONE_NEWIPC': 0x08000000,
    'CLONE_NEWUSER': 0x10000000,
    'CLONE_NEWPID': 0x20000000,
    'CLONE_NEWNET': 0x40000000,
}

# TIOCSTI pushes bytes into a terminal's input, TIOCLINUX reads the console: same numbers on every arch above
REFUSED_IOCTLS = {'TIOCSTI': 0x5412, 'TIOCLINUX': 0x541C}

# personality(2) takes an unsigned int: the kernel ignores the upper 32 bits of the register
LOW_32_BITS = 0xFFFFFFFF


# One architecture's filter: everything allowed except the calls above; other architectures' calls kill the process
def student_filter(arch):
    f = SyscallFilter(defaction=ALLOW)
    # x32 and i386 calls on x86_64, arm's on arm64: no rule here covers their numbers
    f.set_attr(Attr.ACT_BADARCH, KILL_PROCESS)
    if not f.exist_arch(arch):
        # Native out first: libseccomp refuses to mix little- and big-endian arches in one filter
        f.remove_arch(Arch.NATIVE)
        f.add_arch(arch)
    for name in REFUSED:
        if seccomp.resolve_syscall(arch, name) >= 0:
            f.add_rule(ERRNO(errno.EPERM), name)
    # s390's clone takes (stack, flags, ...), every other arch here (flags, stack, ...)
    flags = 1 if arch in (Arch.S390X, Arch.S390) else 0
    for flag in CLONE_NAMESPACE_FLAGS.values():
        f.add_rule(ERRNO(errno.EPERM), 'clone', Arg(flags, MASKED_EQ, flag, flag))
    # clone3's flags sit in memory seccomp cannot read. ENOSYS, not EPERM: glibc then falls back to clone
    f.add_rule(ERRNO(errno.ENOSYS), 'clone3')
    # Masked to 32 bits: the kernel truncates the request, so 0x1_00005412 would be TIOCSTI too
    for request in REFUSED_IOCTLS.values():
        f.add_rule(ERRNO(errno.EPERM), 'ioctl', Arg(1, MASKED_EQ, LOW_32_BITS, request))
    refuse_other_personas(f)
    return f


# Only PER_LINUX (0) and the query 0xffffffff: a 32-bit value that is neither has a set bit whose next bit (cyclically)
# is clear, so one masked comparison per bit pair covers every other persona (libseccomp allows one comparison per
# argument in a rule, so "> 0 and < 0xffffffff" cannot be written)
def refuse_other_personas(f):
    for bit in range(32):
        this, following = 1 << bit, 1 << ((bit + 1) % 32)
        f.add_rule(ERRNO(errno.EPERM), 'personality', Arg(0, MASKED_EQ, this | following, this))


# "2.5.4", from the libseccomp the bindings load
def libseccomp_version():
    class Version(ctypes.Structure):
        _fields_ = [('major', ctypes.c_uint), ('minor', ctypes.c_uint), ('micro', ctypes.c_uint)]

    lib = ctypes.CDLL('libseccomp.so.2')
    lib.seccomp_version.restype = ctypes.POINTER(Version)
    v = lib.seccomp_version().contents
    return f'{v.major}.{v.minor}.{v.micro}'


def main(argv):
    folder = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for name, arch in ARCHES.items():
        path = os.path.join(folder, f'student-{name}.bpf')
        with open(path, 'wb') as out:
            student_filter(arch).export_bpf(out)
        print(f'{path}: {os.path.getsize(path) // 8} instructions')
    print(f'libseccomp {libseccomp_version()}')


if __name__ == '__main__':
    main(sys.argv)
