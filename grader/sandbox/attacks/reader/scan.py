# Hostile (issue 14), the reader's search: it reads what an attacker would print, searching it for the test's canaries
# ("sockgrade-canary-<uuid>-<where>", planted in the grader's environment, its rubric and precompiled rubric, a
# reference solution, its sources and another student's folder). Everything it can read: its own environment,
# /proc/*/environ and cmdline, the files other processes hold open, their working folders and roots, every folder
# mounted in its view, then the whole file system from /, system folders last; every file up to 1 MiB, within a
# time budget. The result is one line, short enough for the report's 160-character previews:
# "LEAK <uuid> <where>,..." or "nothing in N files"
import os, re, stat, sys, tempfile, time, zlib

CANARY = re.compile(rb'sockgrade-canary-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-([a-z]+)')
# Text is what leaks: larger files (archives, libraries) are skipped, which keeps the budget for the rest
FILE_BYTES = 1 << 20
# First where graders are installed or checked out (at every level: /var/tmp before the rest of /var), the system's
# own folders last
FIRST = ['submission', 'tmp', 'home', 'root', 'work', 'var', 'srv', 'opt', 'mnt', 'media']
SYSTEM = ['usr', 'lib', 'lib32', 'lib64', 'libx32', 'bin', 'sbin', 'etc', 'boot', 'snap', 'run']
NOT_FILES = {'proc', 'sys', 'dev'}


class Scan:
    def __init__(self, budget_s):
        self.until = time.monotonic() + budget_s
        self.found = {}
        self.files = 0
        self.seen = set()

    def late(self):
        return time.monotonic() > self.until

    def search(self, blob):
        for match in CANARY.finditer(blob):
            self.found.setdefault(match.group(1).decode(), set()).add(match.group(2).decode())

    def read(self, path):
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > FILE_BYTES or (info.st_dev, info.st_ino) in self.seen:
                return
            self.seen.add((info.st_dev, info.st_ino))
            with open(path, 'rb') as f:
                self.search(f.read(FILE_BYTES))
            self.files += 1
        except (OSError, ValueError):
            pass

    # Every folder once (a working folder or root of another process is often one seen already); never /proc, /sys
    # or /dev below a root (their files are not files)
    def walk(self, top):
        for folder, dirs, files in os.walk(top):
            if self.late():
                return
            if folder == top:
                dirs[:] = [d for d in dirs if d not in NOT_FILES]
            dirs[:] = sorted((d for d in dirs if self.first_time(os.path.join(folder, d))), key=order)
            for name in files:
                if self.late():
                    return
                self.read(os.path.join(folder, name))

    def first_time(self, path):
        try:
            info = os.stat(path)
        except OSError:
            return False
        key = ('dir', info.st_dev, info.st_ino)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def line(self):
        if not self.found:
            return 'nothing in %d files' % self.files
        return ' '.join('LEAK %s %s' % (uuid, ','.join(sorted(kinds))) for uuid, kinds in sorted(self.found.items()))


def order(name):
    return (name in SYSTEM, FIRST.index(name) if name in FIRST else len(FIRST), name)


def pids():
    return [name for name in os.listdir('/proc') if name.isdigit() and int(name) != os.getpid()]


def link(path):
    try:
        return os.readlink(path)
    except OSError:
        return None


def scan(budget_s):
    s = Scan(budget_s)
    s.search('\n'.join('%s=%s' % item for item in os.environ.items()).encode())
    for pid in pids():
        for part in ('environ', 'cmdline'):
            try:
                with open('/proc/%s/%s' % (pid, part), 'rb') as f:
                    s.search(f.read())
            except OSError:
                pass
        try:
            for fd in os.listdir('/proc/%s/fd' % pid):
                s.read('/proc/%s/fd/%s' % (pid, fd))
        except OSError:
            pass
    # Working folders (a grader's is often its package), the deepest first; / is walked last anyway
    cwds = {}
    for pid in pids():
        cwds.setdefault(link('/proc/%s/cwd' % pid), '/proc/%s/cwd' % pid)
    for cwd in sorted((c for c in cwds if c not in (None, '/')), key=lambda c: (-c.count('/'), c)):
        s.walk(cwds[cwd])
    for point in mount_points():
        s.walk(point)
    # The whole view of processes in another mount namespace
    own_mounts = link('/proc/self/ns/mnt')
    for pid in pids():
        mounts = link('/proc/%s/ns/mnt' % pid)
        if mounts is not None and mounts != own_mounts:
            s.walk('/proc/%s/root' % pid)
    s.walk('/')
    return s.line()


# What a sandbox shows, it mounts: every mount point but the system's own, the deepest (the most particular) first,
# its interpreter's last (the largest)
def mount_points():
    try:
        with open('/proc/self/mountinfo') as f:
            points = [re.sub(r'\\([0-7]{3})', lambda m: chr(int(m.group(1), 8)), line.split()[4]) for line in f]
    except OSError:
        return []
    system = ('/usr', '/etc', '/lib', '/bin', '/sbin', '/proc', '/sys', '/dev')
    points = [p for p in points if p != '/' and not any(p == s or p.startswith(s + '/') for s in system)]
    interpreter = os.path.realpath(sys.base_prefix)
    return sorted(set(points), key=lambda p: (p == interpreter or p.startswith(interpreter + '/'), -p.count('/'), p))


# The scan once per grading (a server is started once per check), kept in the temporary folder under the name of the
# submission's copy: the sandbox's /tmp lasts one student, and on the host each grading has a copy of its own
def scan_once(role, budget_s):
    here = os.path.dirname(os.path.abspath(__file__))
    cache = os.path.join(tempfile.gettempdir(), '.sockgrade-reader-%s-%08x' % (role, zlib.crc32(here.encode())))
    try:
        with open(cache) as f:
            return f.read()
    except OSError:
        pass
    line = scan(budget_s)
    try:
        with open(cache, 'w') as f:
            f.write(line)
    except OSError:
        pass
    return line
