"""``invoke livereload``: serve the site, rebuild what changed on every save, reload the browser.

``watchfiles`` (Rust's notify, installed with Pelican) tells which files changed, so
nothing walks the content tree between saves. Pages served by the preview get one
extra script, ``/__bantin/reload.js`` (a file of the site's own origin, so the pages'
Content-Security-Policy allows it), which listens on ``/__bantin/events`` and
reloads the page after each rebuild. The built files themselves are not changed.
"""
import functools
import http.server
import logging
import os
import threading

import watchfiles

from bantin.build import editor_logging
from bantin.core.errors import UserError
from bantin.core.i18n import _
from bantin.livereload.incremental import Preview

logger = logging.getLogger(__name__)
WATCHED = ("content", "theme", "pelicanconf.py")
RELOAD_PATH = "/__bantin/reload.js"
EVENTS_PATH = "/__bantin/events"
RELOAD_JS = b"""// bantin livereload: reload this page when the preview has rebuilt the site.
(function () {
  var source = new EventSource("/__bantin/events"), seen = null;
  source.onmessage = function (event) {
    if (seen !== null && event.data !== seen) { location.reload(); }
    seen = event.data;
  };
})();
"""
TAG = b'<script src="' + RELOAD_PATH.encode() + b'" defer></script>'


class _Builds:
    """A build counter that server threads can wait on."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()
        self.closed = False

    def bump(self):
        with self.changed:
            self.count += 1
            self.changed.notify_all()

    def wait_after(self, count, timeout):
        with self.changed:
            self.changed.wait_for(lambda: self.count != count or self.closed, timeout)
            return self.count


def _handler(builds):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?")[0]
            if path == RELOAD_PATH:
                return self._send(RELOAD_JS, "text/javascript; charset=utf-8")
            if path == EVENTS_PATH:
                return self._events()
            if path.endswith("/") or path.endswith(".html"):
                local = self.translate_path(path)
                if os.path.isdir(local):
                    local = os.path.join(local, "index.html")
                if os.path.isfile(local):
                    with open(local, "rb") as fh:
                        page = fh.read()
                    return self._send(page.replace(b"</body>", TAG + b"</body>", 1),
                                      "text/html; charset=utf-8")
            return super().do_GET()

        def _send(self, body, kind):
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            count = builds.count
            try:
                while not builds.closed:
                    self.wfile.write(f"data: {count}\n\n".encode())
                    self.wfile.flush()
                    count = builds.wait_after(count, timeout=15)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    return Handler


class LiveReload:
    """The preview server: build, serve, watch, rebuild, tell the browsers.

    Example:
        live = LiveReload("pelicanconf.py", "output", "127.0.0.1", 8000)
        live.start(); ...; live.stop()
    """

    def __init__(self, settings, output, host, port, watched=WATCHED, **overrides):
        self.preview = Preview(settings, output, **overrides)
        self.output, self.watched = output, [w for w in watched if os.path.exists(w)]
        self.builds = _Builds()
        self._stop = threading.Event()
        handler = functools.partial(_handler(self.builds), directory=output)
        os.makedirs(output, exist_ok=True)
        self.server = http.server.ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self.url = f"http://{host}:{self.server.server_address[1]}"
        self._threads = []

    def rebuild(self, changed=None):
        try:
            stats = self.preview.build(changed=changed)
        except UserError as exc:
            print(_("Build failed (the previous version is still served):\n{error}", error=exc),
                  flush=True)
            return
        except Exception as exc:  # a bug: keep serving, say what to report
            logger.exception("unexpected error while rebuilding")
            print(_("Build failed with an unexpected error ({kind}: {error}); the previous "
                    "version is still served. Please report it with the log above.",
                    kind=type(exc).__name__, error=exc), flush=True)
            return
        shifted = stats.get("shifted")
        done = {"seconds": f"{stats['seconds']:.2f}", "rendered": stats["rendered"],
                "deleted": stats["deleted"]}
        if shifted:
            print(_("Rebuilt in {seconds} s: {rendered} page(s) written, {deleted} removed; "
                    "{shifted} listing page(s) only shifted by one are being written",
                    shifted=shifted, **done), flush=True)
        else:
            print(_("Rebuilt in {seconds} s: {rendered} page(s) written, {deleted} removed",
                    **done), flush=True)
        self.builds.bump()

    def watch(self):
        for changes in watchfiles.watch(*self.watched, stop_event=self._stop, debounce=150,
                                        step=50, raise_interrupt=False):
            self.rebuild({os.path.abspath(path) for _change, path in changes})

    def start(self, watch_in_thread=True):
        """First build, then serve (and watch, unless the caller watches: ``watch()``)."""
        self.rebuild()
        targets = [self.server.serve_forever] + ([self.watch] if watch_in_thread else [])
        for target in targets:
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self.url

    def stop(self):
        self._stop.set()
        with self.builds.changed:
            self.builds.closed = True
            self.builds.changed.notify_all()
        self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self.preview.wait()


def watch_and_serve(settings, output, host, port):
    """Build once, serve ``output`` on host:port, rebuild what changed when a file is saved."""
    editor_logging()
    live = LiveReload(settings, output, host, port)
    url = live.start(watch_in_thread=False)
    print(_("Serving on {url}/ and watching {folders}; pages reload by themselves after each "
            "rebuild (Ctrl+C to stop)", url=url, folders=", ".join(live.watched)), flush=True)
    try:
        live.watch()  # in the main thread, where a hostile article's conversion is time-bound
    except KeyboardInterrupt:
        pass
    finally:
        live.stop()
