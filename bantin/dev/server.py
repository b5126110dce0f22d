"""A static server on 127.0.0.1 for tests and benchmarks: a built folder, optionally with
the headers of its ``_headers`` file, as a CDN would send them.

Example:
    server = StaticServer("output", headers=True); ...; server.close()
"""
import fnmatch
import functools
import gzip
import http.server
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path


def parse_headers_file(path):
    """Rules of a Netlify-style ``_headers`` file: [(path pattern, {header: value})]."""
    rules = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace():
            rules.append((line.strip(), {}))
        elif line.strip():
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
    return rules


def _matches(pattern, path):
    return fnmatch.fnmatchcase(path, pattern) or pattern == path


TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class StaticServer:
    """Serve a folder on 127.0.0.1 (optionally with the headers of its ``_headers``)."""

    def __init__(self, root, headers=False, not_found=None, port=0, compress=False):
        """``not_found``: a page of ``root`` sent with status 404 for any address no file
        answers, as GitHub Pages and Cloudflare Pages send 404.html. ``compress``: text
        sent with gzip to a browser that accepts it, as a CDN sends it (what the search
        benchmark times under a throttled network)."""
        rules = parse_headers_file(Path(root) / "_headers") if headers else []
        missing = Path(root, not_found).read_bytes() if not_found else None

        class Handler(http.server.SimpleHTTPRequestHandler):
            def send_error(self, code, message=None, explain=None):
                if code != 404 or missing is None:
                    return super().send_error(code, message, explain)
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(missing)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(missing)
                return None

            def do_GET(self):
                path = Path(self.translate_path(self.path))
                accepts = "gzip" in self.headers.get("Accept-Encoding", "")
                if not (compress and accepts and path.is_file() and path.suffix in TEXT):
                    return super().do_GET()
                body = gzip.compress(path.read_bytes(), 6)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                self.wfile.write(body)
                return None

            def end_headers(self):
                for pattern, values in rules:
                    if _matches(pattern, self.path.split("?")[0]):
                        for name, value in values.items():
                            self.send_header(name, value)
                super().end_headers()

            def log_message(self, *args):
                pass

        handler = functools.partial(Handler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port():
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process=None, timeout=30):
    """Wait until a server listens on 127.0.0.1:``port``; RuntimeError when ``process``
    (the server) ends first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process is not None and process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"the server ended before listening: {error}") from None
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def s3_server():
    """moto's stand-alone S3-protocol server on 127.0.0.1: (process, endpoint URL)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                                str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, process)
    return process, f"http://127.0.0.1:{port}"
