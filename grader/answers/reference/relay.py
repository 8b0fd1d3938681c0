# Runs an instructor's reference server and asks it what the grader asks. The grader talks to this relay over its
# stdin and stdout, never over the network: in the sandbox the relay and the reference have a network of their own,
# which no student program can reach (a student server could otherwise pass by forwarding to the reference).
#
# argv: CONFIG_JSON -- COMMAND...   CONFIG: {"transport": "udp"|"tcp", "framing": "datagram"|"connection"|"lines"|
#       "until-close"|"terminator", "terminator": base64 (lines, terminator), "port": N, "startMs": N, "replyMs": N,
#       "idleMs": N, "ownNetwork": bool}; COMMAND has the port already in it.
#       ownNetwork: this relay was started in a network namespace of its own, whose loopback it brings up
# stdout: {"ready": true} once the reference listens, or {"error": ...}; then, for each session read on stdin as
#       {"inputs": [base64, ...]}, one line {"replies": [base64, ...]} or {"error": ..., "input": index}
import base64, fcntl, json, os, signal, socket, struct, subprocess, sys, threading, time

config = json.loads(sys.argv[1])
command = sys.argv[sys.argv.index('--') + 1:]
transport, framing, port = config['transport'], config['framing'], config['port']
STDERR_TAIL = 2000


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


if config.get('ownNetwork'):
    loopback_up()

server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=os.setpgrp)
stderr_tail = b''


def drain_stderr():
    # Read all along, keeping the tail: a reference that logs every request never fills its pipe and stalls
    global stderr_tail
    for chunk in iter(lambda: server.stderr.read1(65536), b''):
        stderr_tail = (stderr_tail + chunk)[-STDERR_TAIL:]


drainer = threading.Thread(target=drain_stderr, daemon=True)
drainer.start()


def how_it_ended():
    code = server.poll()
    if code is None:
        return None
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
        os.killpg(server.pid, signal.SIGKILL)
    except OSError:
        pass
