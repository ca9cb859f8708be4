#!/usr/bin/env python3
"""tests/e2e/httpd.py ROOT PORTFILE: the loopback HTTP server of the fetch
tests (tests/e2e/net.sh starts and stops it).
tests/e2e/httpd.py --guard CMD...: run CMD (git daemon) until this process
is told to stop.  Both forms end with the test shell that started them,
even a killed one (PR_SET_PDEATHSIG), so no server outlives its test.

Binds 127.0.0.1 on a free port, writes the port to PORTFILE, then serves:
  /git/PATH          smart HTTP: `git http-backend` over ROOT/git (CGI)
  /dumb/PATH         the files of ROOT/git as they are (git's dumb HTTP)
  /auth/git/PATH     the same behind HTTP Basic auth (user:s3cr3t-token)
  /auth/files/NAME   /files/NAME behind the same
  /files/NAME        ROOT/files/NAME as application/octet-stream
  /forbidden/...     403
  /login/...         302 to /signin, a 200 text/html login page
  /html/...          200 text/html (a web page where a file was expected)
  /loop/...          302 to itself, forever
  /stall/...         accepts, reads the request, never answers
  anything else      404
While ROOT/slow exists, /git/ and /files/ answers are trickled (a slow server).
Every request line is appended to ROOT/requests.log.  PORTFILE.stall gets
the port of a raw TCP listener that accepts and never says anything (an
ssh or git server that stalls).
"""
import base64
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = sys.argv[1]
PORTFILE = sys.argv[2] if len(sys.argv) > 2 else ""
AUTH = "Basic " + base64.b64encode(b"user:s3cr3t-token").decode()
LOG_LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def log_request_line(self):
        with LOG_LOCK, open(os.path.join(ROOT, "requests.log"), "a") as f:
            f.write("%s %s\n" % (self.command, self.path))

    def send_plain(self, code, body=b"", ctype="text/plain", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def trickle(self, data):
        for i in range(0, len(data), 2048):
            self.wfile.write(data[i:i + 2048])
            self.wfile.flush()
            time.sleep(0.05)

    def slow(self):
        return os.path.exists(os.path.join(ROOT, "slow"))

    def backend(self, path):
        qs = ""
        if "?" in path:
            path, qs = path.split("?", 1)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": os.path.join(ROOT, "git"),
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": qs,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": ROOT,
        }
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        out = subprocess.run(["git", "http-backend"], input=body, env=env,
                             stdout=subprocess.PIPE).stdout
        head, _, data = out.partition(b"\r\n\r\n")
        status, headers = 200, []
        for line in head.decode("latin-1").split("\r\n"):
            if not line:
                continue
            k, _, v = line.partition(":")
            if k.lower() == "status":
                status = int(v.strip().split()[0])
            else:
                headers.append((k, v.strip()))
        self.send_body(status, headers, data, self.slow())

    def send_body(self, status, headers, data, slow):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if slow:
            self.trickle(data)
        else:
            self.wfile.write(data)

    def serve_file(self, name, top="files"):
        p = os.path.normpath(os.path.join(ROOT, top, name.lstrip("/")))
        if not p.startswith(os.path.join(ROOT, top) + os.sep):
            return self.send_plain(404, b"not found\n")
        if not os.path.isfile(p):
            return self.send_plain(404, b"not found\n")
        with open(p, "rb") as f:
            data = f.read()
        self.send_body(200, [("Content-Type", "application/octet-stream")],
                       data, self.slow())

    def route(self):
        self.log_request_line()
        p = self.path
        if p.startswith("/git/"):
            return self.backend(p[4:])
        if p.startswith("/dumb/"):
            return self.serve_file(p[6:].split("?")[0], "git")
        if p.startswith("/auth/"):
            if self.headers.get("Authorization") != AUTH:
                return self.send_plain(
                    401, b"authentication required\n",
                    headers=[("WWW-Authenticate", 'Basic realm="t"')])
            if p.startswith("/auth/files/"):
                return self.serve_file(p[12:].split("?")[0])
            return self.backend(p[9:])
        if p.startswith("/files/"):
            return self.serve_file(p[7:].split("?")[0])
        if p.startswith("/forbidden/"):
            return self.send_plain(403, b"forbidden\n")
        if p.startswith("/login/"):
            return self.send_plain(302, b"", headers=[("Location",
                                                        "/signin")])
        if p.startswith("/signin") or p.startswith("/html/"):
            return self.send_plain(
                200, b"<!DOCTYPE html><html><body><form>Sign in"
                b"</form></body></html>\n", "text/html; charset=utf-8")
        if p.startswith("/loop/"):
            return self.send_plain(302, b"", headers=[("Location", p)])
        if p.startswith("/stall/"):
            time.sleep(3600)
            return None
        return self.send_plain(404, b"not found\n")

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def stall_forever(sock):
    held = []
    while True:
        conn, _ = sock.accept()
        held.append(conn)


def die_with_parent():
    """SIGTERM when the parent dies (Linux: prctl PR_SET_PDEATHSIG)."""
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        sys.exit(1)


def guard(cmd):
    child = subprocess.Popen(cmd)

    def stop(signum, frame):
        child.terminate()  # child.wait() below returns then

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    child.wait()


def main():
    die_with_parent()
    if sys.argv[1] == "--guard":
        return guard(sys.argv[2:])
    stall = socket.socket()
    stall.bind(("127.0.0.1", 0))
    stall.listen(16)
    with open(PORTFILE + ".stall", "w") as f:
        f.write("%d\n" % stall.getsockname()[1])
    threading.Thread(target=stall_forever, args=(stall,), daemon=True).start()
    srv = Server(("127.0.0.1", 0), Handler)
    tmp = PORTFILE + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, PORTFILE)
    srv.serve_forever()


if __name__ == "__main__":
    main()
