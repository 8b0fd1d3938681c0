# sockgrade's Python runner for "host" isolation mode.
#
#   python3 -I -u -B sockgrade_run.py --map 12000=34567 [--map P=Q ...] [--host-alias NAME ...] -- student.py [args...]
#
# Student programs written from the textbook hard-code `serverPort = 12000` and connect to 'localhost',
# the book's placeholders 'hostname'/'servername' or their own machine's name. Without a private network
# namespace every submission cannot have port 12000, so this runner patches the socket module the student's program
# imports: ports named by --map are replaced by the port the grader assigned, and the textbook host names resolve to
# the loopback address. Then it runs the student's file as __main__, as if started directly (argv, sys.path[0],
# __file__, tracebacks, exit status, and which file each import finds).
#
# Imports are those of `python3 student.py`: the runner imports nothing the interpreter had not loaded at startup,
# and patches the standard socket module only when the program imports it, from an import hook. So a socket.py (or
# select.py, a socket/ package...) in the student's folder is imported instead of the standard module, as Python does
# when the program runs directly, and the program fails the same way with or without the runner.
#
# `-I` keeps the student's environment from loading anything first: PYTHONPATH, PYTHONSTARTUP, PYTHONHOME and
# the other PYTHON* variables, the user's site-packages (usercustomize) and the script's folder are all ignored,
# so only the installation's own sitecustomize, if any, runs before this file. It also ignores PYTHONIOENCODING,
# hence the reconfigure below. One difference remains: Python 3.13 adds "(consider renaming '.../socket.py' ...)" to
# an AttributeError from a module that hides a standard one only for a file in the folder of the script Python was
# started with, and that is this runner's. Lines on stderr that start with "sockgrade: " are for the grader:
#   sockgrade: connect to port 5005 (not the assignment's port)     a client connecting or sending to an unmapped port
#   sockgrade: bind to port 6789 (not the assignment's port)        a program binding an unmapped port
#   sockgrade: cannot resolve host name 'X' on the grading machine  before the usual socket.gaierror traceback
#   sockgrade: shim: ...                                            the runner's own command line was wrong (exit 2)
# Runs on Python 3.8 and later.

import sys

# What `python3 student.py` has loaded when the student's file starts: everything imported after this line is
# unloaded again before it runs, so that its imports find what they would find without the runner
STARTUP_MODULES = frozenset(sys.modules)

import os  # noqa: E402 (loaded at startup by site, like sys: nothing new)

USAGE = 'usage: sockgrade_run.py --map FROM=TO [--map FROM=TO ...] [--host-alias NAME ...] -- program.py [args...]'

# Host names that mean "the machine this runs on" in textbook code; compared lowercased, without a trailing dot
TEXTBOOK_HOSTS = ('localhost', 'hostname', 'servername', '127.0.0.1', '::1', '0.0.0.0', '::', '')


def _utf8_stdio():
    # What PYTHONIOENCODING=utf-8 did before -I: a Windows console or a C locale would otherwise pick another encoding
    for name, errors in (('stdout', 'replace'), ('stderr', 'backslashreplace'), ('stdin', 'strict')):
        stream = getattr(sys, name, None)
        reconfigure = getattr(stream, 'reconfigure', None)
        if reconfigure is not None:
            try:
                reconfigure(encoding='utf-8', errors=errors)
            except (ValueError, OSError):
                pass


def _fail_usage(message):
    sys.stderr.write('sockgrade: shim: %s\n%s\n' % (message, USAGE))
    sys.exit(2)


def _port(text):
    try:
        port = int(text, 10)
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        _fail_usage('not a port number: %r' % (text,))
    return port


def _parse_args(argv):
    port_map = {}
    aliases = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == '--':
            break
        if arg in ('--map', '--host-alias'):
            if i + 1 >= len(argv):
                _fail_usage('%s needs a value' % arg)
            value = argv[i + 1]
            if arg == '--map':
                source, sep, target = value.partition('=')
                if not sep:
                    _fail_usage('--map takes FROM=TO, not %r' % (value,))
                port_map[_port(source)] = _port(target)
            else:
                aliases.append(value)
            i += 2
            continue
        _fail_usage('unknown option %r' % (arg,))
    if i >= len(argv) - 1:
        _fail_usage('no program to run after --')
    # Mapping is applied at several layers (getaddrinfo, then connect): it must give the same port when applied twice
    for source, target in port_map.items():
        if target != source and target in port_map:
            _fail_usage('port %d is both mapped to and mapped from' % target)
    return port_map, aliases, argv[i + 1], argv[i + 2:]


def install(socket, port_map, aliases):
    """Patch a freshly executed standard socket module: mapped ports and this machine's names, for every socket made from it"""
    assigned = set(port_map.values())
    local_names = set(TEXTBOOK_HOSTS)
    for alias in aliases:
        local_names.add(alias.lower().rstrip('.'))
    try:
        own = socket.gethostname().lower().rstrip('.')
    except OSError:
        own = ''
    own_short = own.split('.')[0]
    if own:
        local_names.add(own)
        local_names.add(own_short)
    warned = set()

    # No DNS query here: a lookup of the machine's FQDN can take seconds on a badly configured laptop.
    # Any dotted name whose first label is the machine's short name counts as the machine (alice-mbp.local, .lan, ...)
    def is_local(host):
        if isinstance(host, (bytes, bytearray)):
            try:
                host = bytes(host).decode('ascii')
            except UnicodeDecodeError:
                return False
        if not isinstance(host, str):
            return False
        name = host.lower().rstrip('.')
        # --host-alias '*': every name and address is this machine (clients that hard-code a real server)
        if name in local_names or '*' in local_names:
            return True
        return bool(own_short) and '.' in name and name.split('.')[0] == own_short

    def loopback(family):
        return '::1' if family == socket.AF_INET6 else '127.0.0.1'

    def note(kind, port):
        if (kind, port) in warned:
            return
        warned.add((kind, port))
        try:
            sys.stderr.write("sockgrade: %s to port %d (not the assignment's port)\n" % (kind, port))
            sys.stderr.flush()
        except Exception:
            pass

    def unbound(sock):
        # A socket that sends before it is bound is a client starting an exchange; a bound one may be a server
        # replying to a client's ephemeral port, which is no one's business
        try:
            name = sock.getsockname()
        except OSError:
            return True
        return isinstance(name, tuple) and len(name) >= 2 and name[1] == 0

    def map_address(sock, address, kind):
        # AF_INET (host, port) and AF_INET6 (host, port[, flowinfo, scope_id]) only; anything malformed is left
        # for the real method to reject with its usual error
        try:
            family = sock.family
        except Exception:
            return address
        if family not in (socket.AF_INET, socket.AF_INET6):
            return address
        if not isinstance(address, tuple) or len(address) < 2:
            return address
        host, port = address[0], address[1]
        if not isinstance(port, int) or isinstance(port, bool):
            return address
        if kind == 'bind':
            # '' and 0.0.0.0 (all interfaces) stay as written: the server is still reached on 127.0.0.1
            if host not in ('', '0.0.0.0', '::') and is_local(host):
                host = loopback(family)
        elif is_local(host):
            host = loopback(family)
        if port in port_map:
            port = port_map[port]
        elif port not in assigned and port != 0:
            report = 'bind' if kind == 'bind' else 'connect'
            if (report, port) not in warned and (kind != 'sendto' or unbound(sock)):
                note(report, port)
        return (host, port) + tuple(address[2:])

    def call(real, sock, address, kind, *args):
        address = map_address(sock, address, kind)
        try:
            return real(sock, *(args + (address,)))
        except socket.gaierror:
            if isinstance(address, tuple) and address:
                resolution_failed(address[0])
            raise

    def resolution_failed(host):
        if ('resolve', host) in warned:
            return
        warned.add(('resolve', host))
        try:
            sys.stderr.write('sockgrade: cannot resolve host name %r on the grading machine\n' % (host,))
            sys.stderr.flush()
        except Exception:
            pass

    cls = socket.socket
    real_bind = cls.bind
    real_connect = cls.connect
    real_connect_ex = cls.connect_ex
    real_sendto = cls.sendto
    real_sendmsg = getattr(cls, 'sendmsg', None)

    def bind(self, address):
        return call(real_bind, self, address, 'bind')

    def connect(self, address):
        return call(real_connect, self, address, 'connect')

    def connect_ex(self, address):
        return call(real_connect_ex, self, address, 'connect')

    # sendto(data, address) and sendto(data, flags, address)
    def sendto(self, data, *rest):
        if len(rest) not in (1, 2):
            return real_sendto(self, data, *rest)
        return call(real_sendto, self, rest[-1], 'sendto', data, *rest[:-1])

    # sendmsg(buffers[, ancdata[, flags[, address]]])
    def sendmsg(self, buffers, *rest):
        if len(rest) != 3:
            return real_sendmsg(self, buffers, *rest)
        return call(real_sendmsg, self, rest[2], 'sendto', buffers, rest[0], rest[1])

    # socket.socket is a Python subclass of _socket.socket that does not define these methods itself: attributes set
    # on it cover `import socket`, `from socket import *` and students' own subclasses. _socket.socket, the C type
    # underneath, is not patched: it is an immutable type on every CPython 3.8-3.13 build tried (setting an attribute
    # raises TypeError once socket is imported), and putting a subclass in its place in the _socket module would make
    # isinstance(sock, _socket.socket) false for ordinary sockets. Code that uses _socket.socket directly bypasses the map.
    for name, method in (('bind', bind), ('connect', connect), ('connect_ex', connect_ex), ('sendto', sendto), ('sendmsg', sendmsg)):
        real = getattr(cls, name, None)
        if real is None:
            continue  # sendmsg does not exist on Windows
        method.__name__ = name
        method.__qualname__ = 'socket.' + name
        method.__doc__ = real.__doc__
        setattr(cls, name, method)

    # Name resolution: this machine's names give the loopback address; numeric ports are mapped here too, for
    # code that hands the result to something other than socket.socket's methods (asyncio's proactor on Windows)
    real_getaddrinfo = socket.getaddrinfo
    real_gethostbyname = socket.gethostbyname
    real_gethostbyname_ex = socket.gethostbyname_ex

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        # '' and 0.0.0.0 with AI_PASSIVE mean "every interface" for a server: left as written
        if host is not None and is_local(host) and not (flags & socket.AI_PASSIVE and host in ('', '0.0.0.0', '::')):
            host = '::1' if family == socket.AF_INET6 else '127.0.0.1'
        if isinstance(port, int) and not isinstance(port, bool):
            port = port_map.get(port, port)
        elif isinstance(port, (str, bytes)) and port.isdigit():
            number = int(port)
            if number in port_map:
                port = str(port_map[number]) if isinstance(port, str) else str(port_map[number]).encode()
        try:
            return real_getaddrinfo(host, port, family, type, proto, flags)
        except socket.gaierror:
            resolution_failed(host)
            raise

    def gethostbyname(hostname):
        if is_local(hostname):
            return '127.0.0.1'
        try:
            return real_gethostbyname(hostname)
        except socket.gaierror:
            resolution_failed(hostname)
            raise

    def gethostbyname_ex(hostname):
        if is_local(hostname):
            return (hostname, [], ['127.0.0.1'])
        try:
            return real_gethostbyname_ex(hostname)
        except socket.gaierror:
            resolution_failed(hostname)
            raise

    for function, real in ((getaddrinfo, real_getaddrinfo), (gethostbyname, real_gethostbyname), (gethostbyname_ex, real_gethostbyname_ex)):
        function.__doc__ = real.__doc__
        setattr(socket, real.__name__, function)
    # socket.create_connection and socket.create_server look getaddrinfo up in the module and call the patched
    # socket methods, so they need no patch of their own


class _PatchSocketOnImport(object):
    """First on sys.meta_path: patches the standard socket module each time it is executed, and nothing else.

    A module named socket found elsewhere first (the student's socket.py or socket/ package, the script's folder being
    first on sys.path) is imported as found and left alone: then the program does not use the real module at all."""

    def __init__(self, origin, patch):
        self.origin = origin
        self.patch = patch

    def find_spec(self, fullname, path=None, target=None):
        if fullname != 'socket':
            return None
        spec = _find_spec_after(self, fullname, path, target)
        if spec is None or spec.loader is None or spec.origin != self.origin:
            return spec
        # The loader is this import's own instance: wrapping its exec_module patches this module object only
        loader = spec.loader
        exec_module = loader.exec_module
        patch = self.patch

        def exec_and_patch(module):
            exec_module(module)
            patch(module)

        loader.exec_module = exec_and_patch
        return spec


def _find_spec_after(hook, fullname, path=None, target=None):
    # The spec the import system would find without the hook: the first finder after it that finds one
    for finder in sys.meta_path:
        find_spec = getattr(finder, 'find_spec', None)
        if finder is hook or find_spec is None:
            continue
        spec = find_spec(fullname, path, target)
        if spec is not None:
            return spec
    return None


def _student_traceback(tb, program):
    # The traceback as when run directly: from the student's file on, without this runner's frames (its socket
    # methods sit between the student's line and the error, its import hook between an import and an error in the
    # socket module). None, no frames at all, for an error in compiling the file, which Python shows without a
    # traceback (a SyntaxError). tb_next is writable since Python 3.7.
    own = _student_traceback.__code__.co_filename
    while tb is not None and tb.tb_frame.f_code.co_filename != program:
        tb = tb.tb_next
    kept = []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename != own:
            kept.append(tb)
        else:
            # Python trims the import system's frames from a traceback up to its _call_with_frames_removed, unless
            # another frame (the hook's) sits in between: those before the hook's would not be shown without it
            while kept and kept[-1].tb_frame.f_code.co_filename.startswith('<frozen importlib._bootstrap'):
                kept.pop()
        tb = tb.tb_next
    for current, following in zip(kept, kept[1:] + [None]):
        current.tb_next = following
    return kept[0] if kept else None


def _runs_through_runpy(program):
    # `python3 folder` and `python3 archive.zip` run the __main__ inside, through runpy; zipimport is loaded at startup
    if os.path.isdir(program):
        return True
    try:
        import zipimport
        zipimport.zipimporter(program)
    except Exception:
        return False
    return True


def _run_file_as_main(program):
    """Run a source file as `python3 program` does: a fresh __main__ module, __file__ absolute (Python 3.9+)"""
    filename = os.path.abspath(program) if sys.version_info >= (3, 9) else program
    with open(program, 'rb') as source_file:
        source = source_file.read()
    main_module = type(sys)('__main__')
    main_module.__dict__.update(
        __file__=filename,
        __cached__=None,
        __package__=None,
        __spec__=None,
        __annotations__={},
        __builtins__=sys.modules['builtins'],
        # The class of the loader that ran this runner as a script: SourceFileLoader, as for any script run directly
        __loader__=type(__loader__)('__main__', filename),
    )
    sys.modules['__main__'] = main_module
    code = compile(source, filename, 'exec', dont_inherit=True)
    try:
        exec(code, main_module.__dict__)
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as error:
        tb = _student_traceback(error.__traceback__, filename)
        sys.excepthook(type(error), error.with_traceback(tb), tb)
        del error, tb
        sys.exit(1)


def main():
    _utf8_stdio()
    port_map, aliases, program, args = _parse_args(sys.argv[1:])
    # The standard socket module is the one found before the student's folder is on sys.path
    real = _find_spec_after(None, 'socket')
    if real is not None and real.origin:
        sys.meta_path.insert(0, _PatchSocketOnImport(real.origin, lambda module: install(module, port_map, aliases)))

    # As `python3 program.py` would: argv[0] as given, sys.path[0] the program's real folder
    runpy_main = _runs_through_runpy(program)
    if not runpy_main:
        try:
            with open(program, 'rb'):
                pass
        except OSError as error:
            sys.stderr.write("%s: can't open file %r: [Errno %s] %s\n" % (os.path.basename(sys.executable) or 'python3', os.path.abspath(program), error.errno, error.strerror))
            sys.exit(2)
    sys.argv[:] = [program] + list(args)
    for name in [name for name in sys.modules if name not in STARTUP_MODULES]:
        del sys.modules[name]
    if not runpy_main:
        sys.path.insert(0, os.path.dirname(os.path.realpath(program)))
        _run_file_as_main(program)
        return

    # run_path puts the folder or archive first on sys.path itself
    import runpy
    try:
        runpy.run_path(program, run_name='__main__')
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as error:
        tb = _student_traceback(error.__traceback__, os.path.join(program, '__main__.py'))
        sys.excepthook(type(error), error.with_traceback(tb), tb)
        del error, tb
        sys.exit(1)


if __name__ == '__main__':
    main()
