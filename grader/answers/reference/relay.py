# Runs an instructor's reference server and asks it what the grader asks. The grader talks to this relay over its
# stdin and stdout, never over the network: the relay and the reference have a network of their own, which no student
# program can reach (a student server could otherwise pass by forwarding to the reference).
#
# argv: CONFIG_JSON -- COMMAND...   CONFIG: {"transport": "udp"|"tcp", "framing": "datagram"|"connection"|"lines"|
#       "until-close"|"terminator", "terminator": base64 (lines, terminator), "port": N, "startMs": N, "replyMs": N,
#       "idleMs": N, "network": "own"|"own-if-possible", "inProcess": bool, "confine": CONFINE|null}; COMMAND has the
#       port already in it.
#   network: the relay makes a network namespace for itself and the reference (a user namespace too when it has no
#       capability), and brings its loopback up; "own" fails when it cannot, "own-if-possible" then shares the host's
#   inProcess: COMMAND is this interpreter and a script: the reference runs in a forked copy of this interpreter
#       (runpy), so a grading starts one Python, not two
#   confine: the reference is held as a student program is: the student limits, no privilege (a uid of its own as
#       root, no capability else), no_new_privs and the seccomp filter when given; with "room" (the sandbox) in a
#       room of its own too (sandbox/room.ts): its own mount, pid and IPC namespaces, what the students must not see
#       covered, a fresh /tmp with its copy, every other mount read-only.
#       CONFINE: {"room": bool, "hide": [...], "tmpBytes": N, "seccomp": path|null, "uid": N|null, "copy": dir,
#       "limits": {...}, "limitAddressSpace": bool}
# stdout: {"ready": true} once the reference listens, or {"error": ...}; then, for each session read on stdin as
#       {"inputs": [base64, ...]}, one line {"replies": [base64, ...]} or {"error": ..., "input": index}
import base64, ctypes, fcntl, json, os, re, signal, socket, struct, sys, threading, time

config = json.loads(sys.argv[1])
command = sys.argv[sys.argv.index('--') + 1:]
transport, framing, port = config['transport'], config['framing'], config['port']
STDERR_TAIL = 2000
CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x20000, 0x8000000, 0x10000000, 0x20000000, 0x40000000
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, PR_SET_NO_NEW_PRIVS = 1, 24, 47, 4, 38
MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 32, 4096, 16384, 262144
libc = ctypes.CDLL(None, use_errno=True)
RELAY_DIR = os.path.dirname(os.path.abspath(__file__))
SANDBOX_DIR = os.path.abspath(os.path.join(RELAY_DIR, '..', '..', 'sandbox'))
SECCOMP_DIR = os.path.join(SANDBOX_DIR, 'seccomp')


def say(message):
    sys.stdout.write(json.dumps(message) + '\n')
    sys.stdout.flush()


def loopback_up():
    # SIOCGIFFLAGS, then SIOCSIFFLAGS with IFF_UP: what `ip link set lo up` does, without needing iproute2
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        request = struct.pack('16sH14s', b'lo', 0, b'')
        flags = struct.unpack('16sH14s', fcntl.ioctl(probe, 0x8913, request))[1]
        fcntl.ioctl(probe, 0x8914, struct.pack('16sH14s', b'lo', flags | 1, b''))
    finally:
        probe.close()


def own_network():
    # A network namespace of its own: directly with CAP_SYS_ADMIN (root, or the sandbox's namespace root), else inside
    # a user namespace mapping this user to its root. None when done, else why not
    if libc.unshare(CLONE_NEWNET) != 0:
        uid, gid = os.getuid(), os.getgid()
        if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
            return os.strerror(ctypes.get_errno())
        for name, text in (('setgroups', 'deny'), ('uid_map', '0 %d 1' % uid), ('gid_map', '0 %d 1' % gid)):
            with open('/proc/self/' + name, 'w') as file:
                file.write(text)
    loopback_up()
    return None


def die_with_parent():
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def fail_os(what):
    errno = ctypes.get_errno()
    raise OSError(errno, '%s: %s' % (what, os.strerror(errno)))


def enter_room(room):
    # In the forked child (the sandbox): new mount, pid and IPC namespaces. A grandchild is their first process: it
    # builds the room, starts the reference as its own child and reaps every process of the room until the reference
    # ends, then says how it ended and leaves (the namespace goes with it). This child waits and ends as the reference
    # did, so the relay sees that. Only the reference returns from here
    if libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC) != 0:
        fail_os('Cannot make the reference\'s room')
    told, tell = os.pipe()
    init = os.fork()
    if init:
        os.close(tell)
        os.waitpid(init, 0)
        end_as(os.read(told, 64).decode() or 'code 127')
    os.close(told)
    die_with_parent()
    if libc.mount(None, b'/', None, MS_REC | MS_PRIVATE, None) != 0:
        fail_os('Cannot make the reference\'s mounts private')
    own_copy(room)
    import room_init
    room_init.build_room({'tmpBytes': room['tmpBytes'], 'copy': room['copy'], 'hide': room['hide']})
    read_only_view(('/proc', '/tmp', '/dev/shm'))
    reference = os.fork()
    if reference == 0:
        os.close(tell)
        return
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if pid == reference:
            os.write(tell, (('signal %d' % os.WTERMSIG(status)) if os.WIFSIGNALED(status) else ('code %d' % os.WEXITSTATUS(status))).encode())
            break
    os._exit(0)


def end_as(how):
    # Exit as "code N" or "signal N" says (a signal the process cannot catch is sent as it is)
    kind, number = how.split()
    number = int(number)
    if kind == 'signal':
        if number not in (signal.SIGKILL, signal.SIGSTOP):
            signal.signal(number, signal.SIG_DFL)
        if number != signal.SIGSTOP:
            os.kill(os.getpid(), number)
        os._exit(128 + number)
    os._exit(number)


# Per-mount flags a read-only remount must keep (in a user namespace they are locked: leaving one out is refused)
MOUNT_FLAGS = {'nosuid': 2, 'nodev': 4, 'noexec': 8, 'noatime': 1024, 'nodiratime': 2048, 'relatime': 1 << 21, 'strictatime': 1 << 24}


def read_only_view(writable):
    # Every mount read-only but `writable` and what is under them: the room is a copy of the grader's view, whose root
    # and /dev (bubblewrap's tmpfs, without root) the reference's uid would otherwise own and could change
    with open('/proc/self/mountinfo') as file:
        lines = file.read().splitlines()
    for line in lines:
        fields = line.split()
        point = re.sub(r'\\([0-7]{3})', lambda m: chr(int(m.group(1), 8)), fields[4])
        options = fields[5].split(',')
        # (A mount under a covered folder is out of reach already: it no longer shows)
        if 'ro' in options or any(point == keep or point.startswith(keep + '/') for keep in writable) or not os.path.lexists(point):
            continue
        flags = MS_BIND | MS_REMOUNT | MS_RDONLY | sum(MOUNT_FLAGS.get(option, 0) for option in options)
        if libc.mount(None, os.fsencode(point), None, flags, None) != 0:
            fail_os('Cannot make "%s" read-only for the reference' % point)


def own_copy(confine):
    # Its private copy, owned by the uid it runs as (made by the grader, readable by it alone)
    uid = confine.get('uid')
    if uid is None:
        return
    for folder, dirs, files in os.walk(confine['copy']):
        for name in [folder] + [os.path.join(folder, entry) for entry in dirs + files]:
            os.lchown(name, uid, uid)


def drop_privileges(confine, program):
    # The student limits, no capability left anywhere (as root: a uid of its own), no way to gain one, the student
    # seccomp filter where there is one; still dying with its parent
    import resource
    limits = confine['limits']
    # Memory as limits.ts's prlimitArgv has it: address space for Python, else the data segment at twice the size (a JVM
    # reserves gigabytes it never touches)
    memory = (resource.RLIMIT_AS, limits['memoryBytes']) if confine.get('limitAddressSpace') else (resource.RLIMIT_DATA, 2 * limits['memoryBytes'])
    for which, soft, hard in ((resource.RLIMIT_NPROC, limits['processes'], limits['processes']), (memory[0], memory[1], memory[1]), (resource.RLIMIT_FSIZE, limits['fileSizeBytes'], limits['fileSizeBytes']), (resource.RLIMIT_CPU, limits['cpuSeconds'], limits['cpuSeconds'] + 1), (resource.RLIMIT_NOFILE, limits['openFiles'], limits['openFiles']), (resource.RLIMIT_CORE, 0, 0)):
        resource.setrlimit(which, (soft, hard))
    for capability in range(64):
        libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    uid = confine.get('uid')
    if uid is not None:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    else:
        drop_capabilities()
    # A change of uid clears the parent-death signal: set again, then make sure the parent did not go meanwhile
    parent = os.getppid()
    die_with_parent()
    if os.getppid() != parent:
        os._exit(127)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        fail_os('Cannot set no_new_privs')
    if program is not None:
        import load_filter
        load_filter.install(program)


def drop_capabilities():
    # capset(2) with every set empty: the namespace's root keeps its uid and loses every capability
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)
    data = (ctypes.c_uint32 * 6)()
    if libc.capset(header, data) != 0:
        raise OSError(ctypes.get_errno(), 'Cannot drop the reference\'s capabilities: ' + os.strerror(ctypes.get_errno()))


def exit_code(code):
    # What a Python program's exit status is for sys.exit(code)
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    sys.stderr.write(str(code) + '\n')
    return 1


def run_reference(stderr_end):
    # In the forked child: stdin and stdout are /dev/null, stderr the relay's pipe; never returns
    try:
        die_with_parent()
        os.setpgrp()
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.dup2(stderr_end, 2)
        if config.get('inProcess'):
            # Before anything is covered or dropped: the interpreter's own modules, where only the grader can read
            import runpy, pkgutil, atexit  # noqa: F401
        confine = config.get('confine')
        if confine:
            sys.path.insert(0, SANDBOX_DIR)
            sys.path.insert(0, SECCOMP_DIR)
            import load_filter
            program = load_filter.read_program(confine['seccomp']) if confine.get('seccomp') else None
            if confine.get('room'):
                enter_room(confine)
            else:
                own_copy(confine)
            drop_privileges(confine, program)
            os.chdir(confine['copy'])
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if not config.get('inProcess'):
            # As a program started from a shell has them (Python ignores both for itself)
            for number in (signal.SIGPIPE, signal.SIGXFSZ):
                signal.signal(number, signal.SIG_DFL)
            os.execvp(command[0], command)
        sys.argv = command[1:]
        # As `python script.py` would have it: the script's folder first, nothing of the relay's
        sys.path[:] = [os.path.dirname(os.path.abspath(command[1]))] + [p for p in sys.path if p and os.path.abspath(p) not in (RELAY_DIR, SANDBOX_DIR, SECCOMP_DIR)]
        for name in ('room_init', 'load_filter'):
            sys.modules.pop(name, None)
        # A module of the reference's own folder wins over one the relay imported already (its own select.py, say), as
        # it would in a fresh interpreter; a package the relay imported from is left alone
        here = sys.path[0]
        for entry in os.listdir(here):
            name = entry[:-3] if entry.endswith('.py') else entry if os.path.isfile(os.path.join(here, entry, '__init__.py')) else None
            if name and name in sys.modules and name not in sys.builtin_module_names:
                del sys.modules[name]
        code = 0
        try:
            runpy.run_path(command[1], run_name='__main__')
        except SystemExit as ended:
            code = exit_code(ended.code)
        except KeyboardInterrupt:
            end_as('signal %d' % signal.SIGINT)
        except BaseException:
            sys.excepthook(*sys.exc_info())
            code = 1
        # What the interpreter does at its end: wait for the threads that are not daemons (a server that serves from
        # them), then the atexit handlers
        try:
            threading._shutdown()
        except Exception:
            pass
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)
    except BaseException as error:
        try:
            os.write(2, ('sockgrade: cannot start the reference: %s\n' % error).encode())
        finally:
            os._exit(127)


network = config.get('network', 'own-if-possible')
why_not = own_network()
if why_not and network == 'own':
    say({'error': 'no network of its own could be made for it (%s): the reference must not share the students\' network' % why_not})
    sys.exit(0)

read_end, write_end = os.pipe()
sys.stdout.flush()
server_pid = os.fork()
if server_pid == 0:
    os.close(read_end)
    run_reference(write_end)
os.close(write_end)
stderr_tail = b''
server_status = None


def drain_stderr():
    # Read all along, keeping the tail: a reference that logs every request never fills its pipe and stalls
    global stderr_tail
    for chunk in iter(lambda: os.read(read_end, 65536), b''):
        stderr_tail = (stderr_tail + chunk)[-STDERR_TAIL:]


drainer = threading.Thread(target=drain_stderr, daemon=True)
drainer.start()


def how_it_ended():
    global server_status
    if server_status is None:
        pid, status = os.waitpid(server_pid, os.WNOHANG)
        if pid == 0:
            return None
        server_status = os.waitstatus_to_exitcode(status)
    code = server_status
    drainer.join(0.2)
    how = 'was killed by signal %d' % -code if code < 0 else 'exited with code %d' % code
    tail = stderr_tail.decode('utf8', 'replace').strip()
    return how + (': ' + tail.splitlines()[-1] if tail else '')


def listening():
    # With a network of its own, every socket in these tables is the reference's; on the host's network another
    # program may hold the port, so the reference must also still be running (checked after this)
    kinds = ['udp', 'udp6'] if transport == 'udp' else ['tcp', 'tcp6']
    for kind in kinds:
        try:
            lines = open('/proc/net/' + kind).read().splitlines()[1:]
        except OSError:
            return None
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            if int(local.rsplit(':', 1)[1], 16) == port and (transport == 'udp' or state == '0A'):
                return True
    return False


def wait_until_listening():
    until = time.monotonic() + config['startMs'] / 1000
    while time.monotonic() < until:
        ended = how_it_ended()
        if ended:
            return 'it ' + ended + ' before it listened'
        seen = listening()
        if seen or (seen is None and transport == 'tcp' and can_connect()):
            # A reference that failed to bind (the port taken) may exit just after: look again before saying ready
            time.sleep(0.05)
            ended = how_it_ended()
            return 'it ' + ended + ' as it started' if ended else None
        if seen is None and transport == 'udp':
            # Without /proc nothing shows a bound UDP socket: give it a moment, the first question retries
            time.sleep(0.3)
            return None
        time.sleep(0.005)
    return 'it did not listen on %s port %d within %d ms' % (transport.upper(), port, config['startMs'])


def can_connect():
    try:
        socket.create_connection(('127.0.0.1', port), timeout=0.2).close()
        return True
    except OSError:
        return False


class NoReply(Exception):
    pass


def deadline():
    return time.monotonic() + config['replyMs'] / 1000


def ask_datagrams(inputs, replies):
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # Connected: only datagrams from the reference's port are read as its replies
    udp.connect(('127.0.0.1', port))
    try:
        for data in inputs:
            udp.send(data)
            udp.settimeout(config['replyMs'] / 1000)
            try:
                replies.append(udp.recv(65535))
            except socket.timeout:
                raise NoReply('no reply within %d ms' % config['replyMs'])
    finally:
        udp.close()


TERMINATOR = base64.b64decode(config['terminator']) if config.get('terminator') else None


def read_reply(connection, buffered, until):
    # Through the terminator `until` (lines, terminator framings); else everything until the server closes, or (the
    # connection framing) pauses after it began to answer. A fixed terminator is taken off the reply, and a reply
    # without it is none; a line keeps its newline, as the probes keep a student's
    data = buffered
    end = deadline()
    quiet = framing == 'connection'
    while True:
        if until and until in data:
            reply, rest = data.split(until, 1)
            return (reply if framing == 'terminator' else reply + until), rest
        left = end - time.monotonic()
        if data and quiet:
            left = min(left, config['idleMs'] * 5 / 1000)
        if left <= 0:
            if data and quiet:
                return data, b''
            raise NoReply('no reply within %d ms' % config['replyMs'])
        connection.settimeout(left)
        try:
            chunk = connection.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            if data and framing == 'terminator':
                raise NoReply('its reply did not end with %r before it closed the connection' % until.decode('utf8', 'replace'))
            if data:
                return data, b''
            raise NoReply('it closed the connection without replying')
        data += chunk


def ask_connections(inputs, replies):
    # One connection per input: a newline after it (connection), or the end of sending (until-close)
    for data in inputs:
        connection = socket.create_connection(('127.0.0.1', port), timeout=config['replyMs'] / 1000)
        try:
            if framing == 'until-close':
                connection.sendall(data)
                connection.shutdown(socket.SHUT_WR)
            else:
                connection.sendall(data + b'\n')
            replies.append(read_reply(connection, b'', None)[0])
        finally:
            connection.close()


def ask_stream(inputs, replies):
    # One connection for the session, each input and reply ending with the terminator (a newline for lines)
    connection = socket.create_connection(('127.0.0.1', port), timeout=config['replyMs'] / 1000)
    try:
        buffered = b''
        for data in inputs:
            connection.sendall(data + TERMINATOR)
            reply, buffered = read_reply(connection, buffered, TERMINATOR)
            replies.append(reply)
    finally:
        connection.close()


ASK = {'datagram': ask_datagrams, 'connection': ask_connections, 'until-close': ask_connections, 'lines': ask_stream, 'terminator': ask_stream}


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    problem = wait_until_listening()
    say({'error': problem} if problem else {'ready': True})
    if problem:
        return
    for line in sys.stdin:
        inputs = [base64.b64decode(item) for item in json.loads(line)['inputs']]
        replies = []
        ended = how_it_ended()
        if ended:
            say({'error': 'it ' + ended, 'input': 0})
            continue
        try:
            ASK[framing](inputs, replies)
            say({'replies': [base64.b64encode(reply).decode('ascii') for reply in replies]})
        except (NoReply, OSError) as problem:
            time.sleep(0.05)
            ended = how_it_ended()
            say({'error': 'it ' + ended if ended else str(problem), 'input': len(replies)})


try:
    main()
finally:
    try:
        os.killpg(server_pid, signal.SIGKILL)
    except OSError:
        pass
