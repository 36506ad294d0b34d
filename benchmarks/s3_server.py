"""moto's S3 server for the benchmarks that publish to a bucket, started as a real endpoint.

It serves moto's S3 application alone. ``python -m moto.server`` puts a dispatcher in front of
it that, for every request, lists moto's ~170 service folders on the disk to find which service
is asked: a third of the server's CPU on a PUT, taken from the cores the benchmarks measure.
"""

import socket
import subprocess
import sys
import time


def start_s3_server():
    """moto's S3 server in a process of its own on 127.0.0.1, like a real endpoint."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, __file__, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _attempt in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("moto's S3 server did not start")


def serve_s3(port: int) -> None:
    from moto.moto_server.werkzeug_app import MotoRequestHandler, create_backend_app
    from werkzeug.serving import run_simple

    run_simple(
        "127.0.0.1",
        port,
        create_backend_app("s3"),
        threaded=True,
        request_handler=MotoRequestHandler,
    )


if __name__ == "__main__":
    serve_s3(int(sys.argv[1]))
