# Calculator server over TCP: one "a op b" expression per connection, answered with its value
import sys
from socket import *

OPERATIONS = {'+': lambda a, b: a + b, '-': lambda a, b: a - b, '*': lambda a, b: a * b, '/': lambda a, b: a / b}


def evaluate(expression):
    try:
        left, operator, right = expression.split()
        value = OPERATIONS[operator](int(left), int(right))
    except ZeroDivisionError:
        return 'ERROR division by zero'
    except (ValueError, KeyError):
        return 'ERROR not an expression'
    return str(int(value)) if value == int(value) else str(round(value, 6))


serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 6010
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)
while True:
    connectionSocket, addr = serverSocket.accept()
    expression = connectionSocket.recv(1024).decode(errors='replace')
    connectionSocket.send(evaluate(expression).encode())
    connectionSocket.close()
