# A textbook-shaped SMTP client: it sends one mail to the server named on its command line
# (python3 SMTPClient.py [mailserver] [port], localhost 25 without arguments), printing each reply.
# It does the handout's optional part too: STARTTLS, then AUTH LOGIN over TLS
import base64
import ssl
import sys
from socket import *

mailserver = sys.argv[1] if len(sys.argv) > 1 else 'localhost'
port = int(sys.argv[2]) if len(sys.argv) > 2 else 25
username = 'alice@example.com'
password = 'not-a-real-password'

msg = "\r\nSubject: Hello\r\n\r\nI love computer networks!"
endmsg = "\r\n.\r\n"


def expect(code):
    reply = clientSocket.recv(1024).decode()
    print(reply, end='' if reply.endswith('\n') else '\n')
    if reply[:3] != code:
        print('%s reply not received from server: giving up' % code)
        clientSocket.send("QUIT\r\n".encode())
        clientSocket.close()
        sys.exit(1)
    return reply


clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((mailserver, port))
expect('220')

clientSocket.send("EHLO Alice\r\n".encode())
expect('250')

# Switch to TLS, checking the server's certificate, and greet again over it
clientSocket.send("STARTTLS\r\n".encode())
expect('220')
clientSocket = ssl.create_default_context().wrap_socket(clientSocket, server_hostname=mailserver)
clientSocket.send("EHLO Alice\r\n".encode())
expect('250')

clientSocket.send("AUTH LOGIN\r\n".encode())
expect('334')
clientSocket.send(base64.b64encode(username.encode()) + b"\r\n")
expect('334')
clientSocket.send(base64.b64encode(password.encode()) + b"\r\n")
expect('235')

# Every command of the envelope at once, then every reply
clientSocket.send("MAIL FROM:<alice@example.com>\r\n".encode())
clientSocket.send("RCPT TO:<bob@example.org>\r\n".encode())
clientSocket.send("DATA\r\n".encode())
expect('250')
expect('250')
expect('354')

clientSocket.send(msg.encode())
clientSocket.send(endmsg.encode())
expect('250')

clientSocket.send("QUIT\r\n".encode())
expect('221')
clientSocket.close()
