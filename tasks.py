"""Editor and maintainer commands: ``invoke --list``."""
import os
import shutil
import sys

from invoke import task

CONFIG = {
    "settings": "pelicanconf.py",
    "publish_settings": "publishconf.py",
    "output": "output",
    "content": "content",
    "host": "127.0.0.1",
    "port": 8000,
}


def _fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def _build(settings, output):
    from bantin.build import BuildError, build
    try:
        build(settings, output=output)
    except BuildError as exc:
        _fail(f"Build failed:\n{exc}")


@task
def build(c, output=CONFIG["output"]):
    """Build the site with pelicanconf.py into output/ (drafts included, for preview)."""
    _build(CONFIG["settings"], output)


@task
def publish(c, output=CONFIG["output"]):
    """Build the site for publishing with publishconf.py."""
    _build(CONFIG["publish_settings"], output)


@task
def clean(c):
    """Remove the generated site and caches."""
    for path in (CONFIG["output"], "cache", "__pycache__"):
        shutil.rmtree(path, ignore_errors=True)


@task
def serve(c, port=CONFIG["port"], output=CONFIG["output"]):
    """Serve output/ on http://127.0.0.1:8000 (Ctrl+C to stop)."""
    import functools
    import http.server
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=output)
    server = http.server.ThreadingHTTPServer((CONFIG["host"], int(port)), handler)
    print(f"Serving {output}/ on http://{CONFIG['host']}:{port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


@task
def livereload(c, port=CONFIG["port"]):
    """Serve the site and rebuild it whenever content/ or theme/ changes."""
    from bantin.preview import watch_and_serve
    watch_and_serve(CONFIG["settings"], CONFIG["output"], CONFIG["host"], int(port))


@task(name="import-legacy")
def import_legacy(c, src, out=CONFIG["content"], category=None, force=False):
    """Import saved legacy portal pages (files or a folder) as Markdown articles."""
    from bantin.build import load_settings
    from bantin.importer import LegacyError, import_legacy as run
    settings = load_settings(CONFIG["settings"])
    names = [name for name, _slug, _desc in settings["CATEGORIES"]]
    mapping = {k.casefold(): v for k, v in settings.get("LEGACY_CATEGORIES", {}).items()}
    try:
        results = run(src, out, names, mapping, category, force)
    except LegacyError as exc:
        _fail(str(exc))
    for result in results:
        print(result)
    if any(r.status == "failed" for r in results):
        sys.exit(1)
