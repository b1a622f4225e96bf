"""A hostile attach target: it serves its own attach socket and answers as a mode says.

Usage: hostile_target.py <mode> <record file> [argument]

It stands in for a process an operator attaches to as root while the process belongs to someone
else: everything it sends is chosen to hurt the attacher. It publishes $TMPDIR/.attach_pid<pid>
(TMPDIR of its environment, else /tmp) as the agent does (bind a .tmp name, mode 0600, listen,
rename into place), prints "ready <pid> <path>", and serves every connection on a thread of its own.
Each event is appended to the record file as one JSON line, so that a test can tell what arrived:
  {"event": "connect", "id": n}
  {"event": "request", "id": n, "complete": true|false, "parts": [...]}
  {"event": "bytes", "id": n, "count": k}        (squatter: bytes as they arrive)
  {"event": "sent", "id": n, "descriptors": k}   (what was sent with SCM_RIGHTS)
  {"event": "close", "id": n}

Modes (any command gets the same answer):
  escape                     a text body with terminal escapes, C1 controls and invalid UTF-8, ok
  escape-error               ok, no body, a final status whose message carries escapes (code 7)
  escape-refusal             that same status as the opening status (a refusal)
  utf8-split                 valid UTF-8 text whose characters are cut across chunks, ok
  stall-before-status        reads the request, then says nothing
  stall-after-ok             "0 ok" then nothing
  stall-mid-chunk            "0 ok", a chunk size, 3 of its bytes, then nothing
  endless                    "0 ok" then 1 MiB chunks forever
  body                       a known body of BODY_BYTES bytes in chunks, ok
  body-cut                   half of that body, then the connection closes (no end chunk)
  fd-shadow                  fd-export: a row saying "a log file", with an O_PATH descriptor of /etc/shadow
  fd-mismatch                fd-export: a regular file of its own, described as a tcp socket
  fd-fake-listener [which]   fd-export --listeners: descriptors described as a listening tcp socket
                             on 127.0.0.1:8080: which is "socketpair" (one end of a socket pair),
                             "file" (a regular file) or "both" (the default)
  squatter <path>            listens at <path> (another process's name), records what arrives,
                             never answers
  jvm-escape [libjvm.so]     maps libjvm.so (when given) and serves /tmp/.java_pid<pid> with
                             HotSpot's protocol (version 1), answering "0" and text with escapes
  jvm-stall [libjvm.so]      the same, but it reads the request and says nothing
"""

import array
import json
import os
import socket
import sys
import threading
import time

# The text of the escape modes: a tab and newlines that must survive, an OSC title change ending
# in BEL, a clear-screen CSI, a carriage return, a C1 CSI (U+009B as UTF-8) and a lone 0x9b byte.
ESCAPES = b'hello\t1\n\x1b]0;pwned\x07\x1b[2J\r\xc2\x9b31m \x9b end\n'
# Valid UTF-8 that must pass unchanged, in a chunk of its own.
PLAIN_UTF8 = 'caf\u00e9 \u2713\n'.encode('utf-8')
# A final status whose message carries escapes.
ESCAPED_STATUS = b'7 \x1b[2Jbad\x1b]0;x\x07\n'
# The body of "body": bytes 0..255 over and over (HostileTarget.Body is the same).
BODY_BYTES = 10000
BODY = bytes(i % 256 for i in range(BODY_BYTES))
BODY_CHUNK = 4096
# The protocol's largest chunk: 0x100000 bytes.
MAX_CHUNK = 0x100000
STALL_SECONDS = 600
REQUEST_SECONDS = 5

mode = sys.argv[1]
record_path = sys.argv[2]
argument = sys.argv[3] if len(sys.argv) > 3 else None
record_lock = threading.Lock()
connection_ids = iter(range(1, 1 << 30))


def record(**event):
    line = json.dumps(event) + '\n'
    with record_lock:
        with open(record_path, 'a') as log:
            log.write(line)


def chunk(data):
    return b'%x\n' % len(data) + data


def end(status=b'0 ok\n'):
    return b'0\n' + status


def hold(connection):
    """Keeps the connection open and silent until the peer goes or the time is up."""
    deadline = time.monotonic() + STALL_SECONDS
    connection.settimeout(1)
    while time.monotonic() < deadline:
        try:
            if not connection.recv(4096):
                return
        except socket.timeout:
            continue
        except OSError:
            return


def read_request(connection, ends):
    """Reads a request until ends(buffer) says it is whole (or the peer stops); returns its parts."""
    buffer = b''
    deadline = time.monotonic() + REQUEST_SECONDS
    complete = False
    while not complete and time.monotonic() < deadline:
        connection.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            data = connection.recv(65536)
        except (socket.timeout, OSError):
            break
        if not data:
            break
        buffer += data
        complete = ends(buffer)
    connection.settimeout(None)
    parts = [part.decode('utf-8', 'backslashreplace') for part in buffer.split(b'\0')]
    return parts, complete


def agent_request_ends(buffer):
    # Strings are never empty: the first two NULs in a row (or a NUL first) end the request.
    return buffer.startswith(b'\0') or b'\0\0' in buffer


def hotspot_request_ends(buffer):
    # Version, command and three arguments, each NUL-terminated (arguments may be empty).
    return buffer.count(b'\0') >= 5


def send_with_descriptors(connection, data, descriptors):
    connection.sendmsg([data], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array('i', descriptors))])


def export_body(rows):
    """An fd-export JSON body, as the agent writes it (the keys the attacher reads, and the rest)."""
    described = []
    for index, row in enumerate(rows):
        described.append({
            'index': index,
            'fd': row['fd'],
            'kind': row['kind'],
            'target': row.get('target'),
            'path': row.get('path'),
            'deleted': False,
            'local': row.get('local'),
            'remote': None,
            'state': row.get('state'),
            'listening': row.get('listening', False),
            'role': None,
        })
    return json.dumps({'pid': os.getpid(), 'count': len(described), 'descriptors': described}, indent=2).encode() + b'\n'


def answer_export(connection, number, rows, descriptors):
    connection.sendall(b'0 ok\n')
    send_with_descriptors(connection, chunk(export_body(rows)), descriptors)
    record(event='sent', id=number, descriptors=len(descriptors))
    connection.sendall(end())


def own_file(name, content):
    path = os.path.join(os.path.dirname(os.path.abspath(record_path)), name)
    with open(path, 'wb') as file:
        file.write(content)
    return os.open(path, os.O_RDONLY)


FAKE_LISTENER = {'kind': 'tcp', 'local': '127.0.0.1:8080', 'state': 'LISTEN', 'listening': True}


def answer(connection, number):
    if mode == 'escape':
        connection.sendall(b'0 ok\n' + chunk(ESCAPES) + chunk(PLAIN_UTF8) + end())
    elif mode == 'escape-error':
        connection.sendall(b'0 ok\n' + end(ESCAPED_STATUS))
    elif mode == 'escape-refusal':
        connection.sendall(ESCAPED_STATUS + end(ESCAPED_STATUS))
    elif mode == 'utf8-split':
        connection.sendall(b'0 ok\n' + chunk(b'caf\xc3') + chunk(b'\xa9 \xe2\x9c') + chunk(b'\x93\n') + end())
    elif mode == 'stall-before-status':
        hold(connection)
    elif mode == 'stall-after-ok':
        connection.sendall(b'0 ok\n')
        hold(connection)
    elif mode == 'stall-mid-chunk':
        connection.sendall(b'0 ok\n10\nabc')
        hold(connection)
    elif mode == 'endless':
        connection.sendall(b'0 ok\n')
        filler = chunk(b'[' * MAX_CHUNK)
        try:
            while True:
                connection.sendall(filler)
        except OSError:
            pass
    elif mode == 'body':
        connection.sendall(b'0 ok\n')
        for start in range(0, len(BODY), BODY_CHUNK):
            connection.sendall(chunk(BODY[start:start + BODY_CHUNK]))
        connection.sendall(end())
    elif mode == 'body-cut':
        connection.sendall(b'0 ok\n' + chunk(BODY[:len(BODY) // 2]))
    elif mode == 'fd-shadow':
        shadow = os.open('/etc/shadow', os.O_PATH)
        answer_export(connection, number, [{'fd': 3, 'kind': 'file', 'path': '/var/log/app.log', 'target': '/var/log/app.log'}], [shadow])
        os.close(shadow)
    elif mode == 'fd-mismatch':
        file = own_file('not-a-socket', b'not-a-socket')
        answer_export(connection, number, [{'fd': 7, 'kind': 'tcp', 'target': 'socket:[1]', 'local': '127.0.0.1:8080', 'state': 'ESTABLISHED'}], [file])
        os.close(file)
    elif mode == 'fd-fake-listener':
        which = argument or 'both'
        descriptors, rows, pair, files = [], [], [], []
        if which in ('socketpair', 'both'):
            pair = socket.socketpair()
            descriptors.append(pair[1].fileno())
            rows.append(dict(FAKE_LISTENER, fd=62, target='socket:[2]'))
        if which in ('file', 'both'):
            files.append(own_file('not-a-listener', b'not-a-listener'))
            descriptors.append(files[-1])
            rows.append(dict(FAKE_LISTENER, fd=63, target='socket:[3]'))
        answer_export(connection, number, rows, descriptors)
        for end_of_pair in pair:
            end_of_pair.close()
        for file in files:
            os.close(file)
    elif mode == 'jvm-escape':
        connection.sendall(b'0\n' + ESCAPES + PLAIN_UTF8)
    elif mode == 'jvm-stall':
        hold(connection)
    else:
        raise SystemExit('unknown mode ' + mode)


def serve(connection, number):
    try:
        if mode == 'squatter':
            connection.settimeout(1)
            deadline = time.monotonic() + STALL_SECONDS
            while time.monotonic() < deadline:
                try:
                    data = connection.recv(65536)
                except socket.timeout:
                    continue
                if not data:
                    break
                record(event='bytes', id=number, count=len(data))
            return
        ends = hotspot_request_ends if mode.startswith('jvm-') else agent_request_ends
        parts, complete = read_request(connection, ends)
        record(event='request', id=number, complete=complete, parts=parts)
        if complete:
            answer(connection, number)
    except OSError:
        pass
    finally:
        record(event='close', id=number)
        connection.close()


def publish(path):
    """Binds a .tmp name, makes it 0600, listens, renames it into place: the agent's own steps."""
    temporary = path + '.tmp'
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(temporary)
    os.chmod(temporary, 0o600)
    listener.listen(16)
    os.rename(temporary, path)
    return listener


def main():
    if mode == 'squatter':
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(argument)
        listener.listen(16)
        path = argument
    elif mode.startswith('jvm-'):
        if argument:
            import ctypes
            ctypes.CDLL(argument)
        path = '/tmp/.java_pid%d' % os.getpid()
        listener = publish(path)
    else:
        path = os.path.join(os.environ.get('TMPDIR') or '/tmp', '.attach_pid%d' % os.getpid())
        listener = publish(path)
    print('ready', os.getpid(), path, flush=True)
    while True:
        connection, _ = listener.accept()
        number = next(connection_ids)
        record(event='connect', id=number)
        threading.Thread(target=serve, args=(connection, number), daemon=True).start()


main()
