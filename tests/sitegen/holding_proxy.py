"""A proxy in front of moto's S3 server that holds uploads, for the tests that stop a worker
in the middle of a publish or keep it busy there."""

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "expect"}


class HoldingProxy:
    """An HTTP proxy in front of the S3 server that, while ``holding``, never answers a PUT
    (only those whose path holds ``held_path``, when given)."""

    def __init__(self, upstream: str, held_path: str = ""):
        self.upstream = urlsplit(upstream)
        self.held_path = held_path
        self.holding = True
        self.held = threading.Event()
        self.released = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                proxy.relay(self)

            do_HEAD = do_PUT = do_POST = do_DELETE = do_GET

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # The killed worker's connections end in resets: expected, not worth a traceback.
        self.server.handle_error = lambda request, address: None
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def release(self):
        self.holding = False
        self.released.set()

    def relay(self, request):
        body = read_body(request)
        if request.command == "PUT" and self.holding and self.held_path in request.path:
            self.held.set()
            self.released.wait()
            request.close_connection = True
            return
        upstream = http.client.HTTPConnection(
            self.upstream.hostname, self.upstream.port, timeout=60
        )
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream.request(request.command, request.path, body, headers)
        response = upstream.getresponse()
        content = response.read()
        request.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP:
                request.send_header(name, value)
        request.send_header("Content-Length", str(len(content)))
        request.end_headers()
        if request.command != "HEAD":
            request.wfile.write(content)
        upstream.close()

    def stop(self):
        self.release()
        self.server.shutdown()


def read_body(request) -> bytes:
    if "chunked" in request.headers.get("Transfer-Encoding", ""):
        chunks = []
        while size := int(request.rfile.readline().split(b";")[0], 16):
            chunks.append(request.rfile.read(size))
            request.rfile.readline()
        while request.rfile.readline() not in (b"\r\n", b""):
            pass  # trailers
        return b"".join(chunks)
    return request.rfile.read(int(request.headers.get("Content-Length") or 0))
