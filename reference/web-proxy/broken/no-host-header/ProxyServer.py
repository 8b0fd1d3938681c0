# A caching web proxy: the textbook's Chapter 2 proxy lab, done in full (a thread per connection, POST forwarded).
# Run: python3 ProxyServer.py [port]   (8888 when no port is given)
# A browser asks it for http://localhost:8888/www.example.org/page.html; a browser set to use it as its proxy sends
# "GET http://www.example.org/page.html". Either way the proxy fetches the page from www.example.org port 80, keeps a
# copy in cache/, and answers the next request for the same URL from that copy.
import os
import sys
import threading
from socket import AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, socket

CACHE_DIR = 'cache'


def read_request(conn):
    # The header up to its blank line, then as many body bytes as Content-Length says
    data = b''
    while b'\r\n\r\n' not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b'\r\n\r\n')
    length = 0
    for line in head.split(b'\r\n')[1:]:
        name, _, value = line.partition(b':')
        if name.strip().lower() == b'content-length':
            length = int(value.strip() or 0)
    while len(body) < length:
        chunk = conn.recv(4096)
        if not chunk:
            break
        body += chunk
    return head + b'\r\n\r\n' + body


def split_target(target):
    # "/www.example.org/page.html" (the handout's form) or "http://www.example.org/page.html" (a browser's proxy form)
    if target.lower().startswith('http://'):
        rest = target[len('http://'):]
    else:
        rest = target.lstrip('/')
    host, _, path = rest.partition('/')
    return host, '/' + path


def cache_file(host, path):
    # One flat file per URL: with every "/" replaced, no URL (not even one with "..") names a file outside the cache
    return os.path.join(CACHE_DIR, (host + path).replace('/', '_').replace('\\', '_'))


def fetch(method, host, path, headers, body):
    name, _, port = host.partition(':')
    server = socket(AF_INET, SOCK_STREAM)
    server.settimeout(10)
    server.connect((name, int(port or 80)))
    lines = [method + ' ' + path + ' HTTP/1.0', 'Connection: close']
    for header in headers:
        if header.split(':')[0].strip().lower() in ('content-type', 'content-length'):
            lines.append(header)
    server.sendall(('\r\n'.join(lines) + '\r\n\r\n').encode('latin-1') + body)
    response = b''
    while True:
        chunk = server.recv(4096)
        if not chunk:
            break
        response += chunk
    server.close()
    return response


def handle(conn):
    try:
        request = read_request(conn)
        head, _, body = request.partition(b'\r\n\r\n')
        lines = head.decode('latin-1').split('\r\n')
        parts = lines[0].split()
        if len(parts) < 2:
            conn.sendall(b'HTTP/1.0 400 Bad Request\r\n\r\n')
            return
        method, target = parts[0], parts[1]
        host, path = split_target(target)
        print('Request:', method, host, path)
        cached = cache_file(host, path)
        if method == 'GET' and os.path.isfile(cached):
            print('From the cache:', cached)
            with open(cached, 'rb') as f:
                conn.sendall(f.read())
            return
        response = fetch(method, host, path, lines[1:], body)
        # Only whole pages are kept: a 404 or an answer to a POST is fetched again next time
        if method == 'GET' and response.split(b'\r\n', 1)[0].split(b' ')[1:2] == [b'200']:
            os.makedirs(CACHE_DIR, exist_ok=True)
            with open(cached, 'wb') as f:
                f.write(response)
        conn.sendall(response)
    except OSError as error:
        print('Cannot fetch:', error)
        try:
            conn.sendall(b'HTTP/1.0 502 Bad Gateway\r\nContent-Type: text/html\r\n\r\n<html><body>Bad gateway</body></html>')
        except OSError:
            pass
    finally:
        conn.close()


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8888
    listener = socket(AF_INET, SOCK_STREAM)
    listener.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    listener.bind(('', port))
    listener.listen(10)
    print('Ready to serve on port', port)
    while True:
        conn, addr = listener.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


main()
