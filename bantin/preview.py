"""``invoke livereload``: serve the site and rebuild incrementally on every save."""
import functools
import http.server
import os
import threading
import time

from bantin.build import BuildError
from bantin.incremental import Preview

WATCHED = ("content", "theme", "pelicanconf.py")


def _snapshot(roots):
    state = {}
    for root in roots:
        if os.path.isfile(root):
            state[root] = os.stat(root).st_mtime_ns
            continue
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                try:
                    state[path] = os.stat(path).st_mtime_ns
                except FileNotFoundError:
                    continue
    return state


def watch_and_serve(settings, output, host, port, interval=0.3):
    """Build once, serve ``output`` on host:port, rebuild what changed when a file is saved."""
    preview = Preview(settings, output)

    def rebuild():
        try:
            stats = preview.build()
            shifted = stats.get("shifted")
            print(f"Rebuilt in {stats['seconds']:.2f} s: {stats['rendered']} page(s) written, "
                  f"{stats['deleted']} removed" + (
                      f"; {shifted} listing page(s) only shifted by one are being written"
                      if shifted else ""))
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
