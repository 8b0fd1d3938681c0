# A small web server: answers each GET with the file it names from this folder, one thread per connection
import sys
import threading
from socket import *

TYPES = {'.html': 'text/html', '.htm': 'text/html', '.png': 'image/png', '.jpg': 'image/jpeg', '.txt': 'text/plain'}


def content_type(name):
    for ending, kind in TYPES.items():
        if name.lower().endswith(ending):
            return kind
    return 'application/octet-stream'


def serve(connectionSocket):
    try:
        message = connectionSocket.recv(4096).decode('latin-1')
        parts = message.split()
        if len(parts) < 2:
            connectionSocket.sendall(b'HTTP/1.1 400 Bad Request\r\n\r\n')
            return
        filename = parts[1].lstrip('/')
        try:
            with open(filename, 'rb') as f:
                outputdata = f.read()
        except OSError:
            connectionSocket.sendall(b'HTTP/1.1 200 OK\r\n\r\n<html><body><h1>404 Not Found</h1></body></html>\r\n')
            return
        header = 'HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n' % (content_type(filename), len(outputdata))
        connectionSocket.sendall(header.encode() + outputdata)
    except OSError:
        pass
    finally:
        connectionSocket.close()


serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 6789
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(5)
print('Ready to serve on port', serverPort)
while True:
    connectionSocket, addr = serverSocket.accept()
    threading.Thread(target=serve, args=(connectionSocket,), daemon=True).start()
