"""Serve the site and rebuild on change (``invoke livereload``)."""
import functools
import http.server
import os
import threading
import time

from bantin.build import BuildError, build

WATCHED = ("content", "theme", "pelicanconf.py", "bantin")


def _snapshot(roots):
    state = {}
    for root in roots:
        if os.path.isfile(root):
            state[root] = os.stat(root).st_mtime_ns
            continue
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                state[path] = os.stat(path).st_mtime_ns
    return state


def watch_and_serve(settings, output, host, port, interval=0.5):
    """Build once, serve ``output`` on host:port, rebuild when a watched file changes."""
    def rebuild():
        started = time.monotonic()
        try:
            build(settings, output=output, quiet=True)
            print(f"Rebuilt in {time.monotonic() - started:.1f} s")
        except BuildError as exc:
            print(f"Build failed (the previous version is still served):\n{exc}")

    rebuild()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=output)
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://{host}:{port}/ and watching {', '.join(WATCHED)} (Ctrl+C to stop)")
    before = _snapshot(WATCHED)
    try:
        while True:
            time.sleep(interval)
            now = _snapshot(WATCHED)
            if now != before:
                before = now
                rebuild()
    except KeyboardInterrupt:
        server.shutdown()
