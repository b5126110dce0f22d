"""Editor and maintainer commands: ``invoke --list``."""
import os
import shlex
import shutil
import sys

import functools

from invoke import task as invoke_task

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


def task(*args, **kwargs):
    """invoke's @task, with any user error (bantin.core.errors.UserError) shown as its message
    and exit 1, never as a traceback."""
    def decorate(body):
        @functools.wraps(body)
        def run(*a, **kw):
            from bantin.core.errors import UserError
            try:
                return body(*a, **kw)
            except UserError as exc:
                _fail(_("Error: {message}", message=exc))
        # `invoke --list` and `--help` in the editor's language (docstrings are message ids).
        run.__doc__ = _(body.__doc__.strip()) if body.__doc__ else None
        return invoke_task(run, **kwargs)
    return decorate(args[0]) if args and callable(args[0]) else decorate


def _(message, /, **values):
    from bantin.core.i18n import _ as translate
    return translate(message, **values)


def _build(settings, output, verbose=False, shown=()):
    import time
    from bantin.build import BuildError, build, editor_logging
    editor_logging(verbose, shown)  # Pelican's English summary line only with --verbose
    started = time.monotonic()
    try:
        build(settings, output=output)
    except BuildError as exc:
        _fail(exc.report())
    print(_("The site is built in {folder}/ ({seconds} s)", folder=output,
            seconds=f"{time.monotonic() - started:.1f}"))
    drafts = sorted(os.path.relpath(p, output) for p in _glob(output, "nhap"))
    for draft in drafts:
        print(_("Preview (not published): {url}",
                url=f"http://{CONFIG['host']}:{CONFIG['port']}/{draft}"))


def _glob(output, folder):
    for root, _dirs, files in os.walk(os.path.join(output, folder)):
        yield from (os.path.join(root, f) for f in files if f.endswith(".html"))


VERBOSE_HELP = {"verbose": _("print Pelican's whole log (for maintainers)")}


@task(help=VERBOSE_HELP)
def build(c, output=CONFIG["output"], verbose=False):
    """Build the site with pelicanconf.py into output/ (drafts included, for preview)."""
    _build(CONFIG["settings"], output, verbose)


@task(help=VERBOSE_HELP)
def publish(c, output=CONFIG["output"], verbose=False):
    """Check every article (as `invoke check`), then build the site with publishconf.py."""
    from bantin import media
    from bantin.build import load_settings
    from bantin.core import sitesize
    settings = load_settings(CONFIG["publish_settings"])
    media.check(settings["MEDIA_DEST"], settings["BANTIN_GALLERY"]["media_url"])
    errors, shown = _check_content()
    if errors:
        _fail(_("Nothing was published; correct the articles above"))
    _build(CONFIG["publish_settings"], output, verbose, shown)
    if settings["MEDIA_DEST"]:
        sent, there = media.upload_pending(settings["MEDIA_DEST"],
                                           settings["BANTIN_GALLERY"]["manifest"])
        print(_("Photo store {store}: {sent} file(s) uploaded, {there} already there",
                store=settings["MEDIA_DEST"], sent=sent, there=there))
    lines, _problems = sitesize.check(sitesize.measure(output), sitesize.limits_for(settings),
                                      settings["HOST"])
    print(_("Size of the site ({host}):", host=settings["HOST"]) + "\n" + "\n".join(lines))
    if settings["MEDIA_DEST"]:
        lines, _problems = sitesize.check(media.size(settings["MEDIA_DEST"]), {},
                                          _("photo store"))
        print(_("Size of the photo store ({store}):", store=settings["MEDIA_DEST"]) + "\n"
              + "\n".join(lines))


@task(name="photos-to-fetch")
def photos_to_fetch(c):
    """List the photos (Git LFS pointers) whose derivatives the build does not have yet."""
    from bantin import media
    from bantin.build import load_settings
    settings = load_settings(CONFIG["publish_settings"])
    gallery = settings["BANTIN_GALLERY"]
    for path in media.photos_to_fetch(CONFIG["content"], gallery["cache"],
                                      gallery.get("images", {}), gallery["manifest"]):
        print(path)


@task
def deploy(c, target, dry_run=False, output=CONFIG["output"]):
    """Upload output/ (built by `invoke publish`) with rsync or to an S3-compatible bucket."""
    from bantin.build import load_settings
    from bantin.deploy import DeployError, deploy_command
    try:
        argv = deploy_command(target, load_settings(CONFIG["publish_settings"]).get("DEPLOY", {}),
                              output, dry_run)
    except DeployError as exc:
        _fail(_("Error: {message}", message=exc))
    c.run(shlex.join(argv))


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
    print(_("Serving {folder}/ on {url} (Ctrl+C to stop)", folder=output,
            url=f"http://{CONFIG['host']}:{port}/"))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


@task
def livereload(c, port=CONFIG["port"]):
    """Serve the site and rebuild only what changed whenever content/ or theme/ changes."""
    from bantin.livereload.preview import watch_and_serve
    watch_and_serve(CONFIG["settings"], CONFIG["output"], CONFIG["host"], int(port))


def _categories():
    from bantin.build import load_settings
    settings = load_settings(CONFIG["settings"])
    return settings, [name for name, _slug, _desc in settings["CATEGORIES"]]


NEW_EXAMPLE = 'invoke new --title "Hội nghị tiếp xúc cử tri" --category "Tin tức – Sự kiện"'


@task(help={"title": _("the article's title, in double quotes; its address is made from it"),
            "category": _("the article's category, one of the site's (pelicanconf.py)")})
def new(c, title=None, category=None):
    """Create a new draft article with today's date, its address and photo folder."""
    from bantin.editor.newpost import NewPostError, new_article
    # Optional here so that `invoke new --help` works; missing ones are named below.
    for value, option in ((title, "--title"), (category, "--category")):
        if not value:
            _fail(_("Missing {option}. Example: {example}", option=option, example=NEW_EXAMPLE))
    _settings, names = _categories()
    try:
        path = new_article(CONFIG["content"], title, category, names)
    except NewPostError as exc:
        _fail(_("Error: {message}", message=exc))
    print(_("Created {path}", path=path))
    print(_("Photos go in {folder}/",
            folder=f"{CONFIG['content']}/images/{path.parent.name}/{path.stem}"))


@task(help={"path": _("an article or a folder (default: all of content/)"),
            "format": _("text, or github for annotations on a pull request")})
def check(c, path=None, format="text"):
    """Check articles without building: front matter, text, photos, links, active content."""
    from pathlib import Path
    if format not in ("text", "github"):
        _fail(_("Error: --format must be text or github"))
    only = None
    if path:
        target = Path(path)
        if not target.exists():
            _fail(_("Error: {path}: no such file or folder", path=path))
        only = [target] if target.is_file() else sorted(target.rglob("*.md"))
    if _check_content(only, format)[0]:
        sys.exit(1)


def _check_content(only=None, format="text"):
    """Print the checker's problems; return the number of errors and what was printed."""
    from pathlib import Path
    from bantin.editor.checker import check as run, github_annotation
    settings, _names = _categories()
    problems = run(Path(CONFIG["content"]), settings, only)
    for problem in problems:
        print(github_annotation(problem) if format == "github" else problem)
    errors = sum(p.severity == "error" for p in problems)
    print(_("{errors} error(s), {warnings} warning(s)", errors=errors,
            warnings=len(problems) - errors), file=sys.stderr)
    return errors, {(p.path, p.text()) for p in problems}


@task
def audit(c, runs=3, tools=None):
    """Build the demo site with relative URLs and audit it against the reader budgets."""
    from bantin.dev import audit as auditing
    from bantin.build import BuildError, build as run_build
    from bantin.plugins import cdn
    site = os.path.join("cache", "audit-site")
    # audit-site injects axe as an inline script, which the pages' CSP refuses (this
    # Chromium and puppeteer enforce it): only the audit's build allows inline scripts.
    # The CSP itself is tested in Chromium by tests/test_security_browser.py.
    csp = {**cdn.DEFAULTS["csp"], "script-src": "'self' 'unsafe-inline'"}
    try:
        run_build(CONFIG["settings"], output=site, bantin_cdn={"csp": csp})
    except BuildError as exc:
        _fail(exc.report())
    tool = os.path.join("..", "shared", "tools", "audit-site")
    if not os.path.exists(tool):
        _fail(f"Error: {tool} not found (the shared folder must be beside the checkout)")
    if not auditing.available():
        _fail("Error: the audit needs node, npm and java: apt-get install -y nodejs npm "
              "default-jre-headless chromium")
    if not auditing.run(site, tool, tools or auditing.default_tools_dir(), int(runs)):
        sys.exit(1)


@task
def bench(c, articles=1000, runs=3):
    """Benchmark full and incremental builds against stock Pelican on a generated site."""
    from bantin.dev.bench import run
    run(articles=int(articles), runs=int(runs))


@task(name="bench-photos")
def bench_photos(c):
    """Print bytes and SSIM of photo derivatives per width and quality, and derivatives / photo."""
    from bantin.dev.bench_photos import run
    run()


@task(name="bench-archive")
def bench_archive(c, articles=2000, photos=3, keep=None, warm_only=False):
    """Publish a generated archive with unique legacy photos to a local S3 store, cold and warm."""
    from bantin.dev.bench_archive import run
    run(articles=int(articles), photos=int(photos), keep=keep, warm_only=warm_only)


@task(name="bench-import")
def bench_import(c, pages=10000):
    """Measure how fast two generated portals' mirrors move into a site (invoke import-legacy)."""
    from bantin.dev.bench_import import run
    run(pages=int(pages))


@task(name="bench-search")
def bench_search(c, articles=1000, pagefind=False, runs=3):
    """Measure what a first search query downloads and how fast it shows, beside Pagefind."""
    from bantin.dev.bench_search import run
    run(articles=int(articles), pagefind=pagefind, runs=int(runs))


@task(name="bench-images")
def bench_images(c, photos=200, runs=3, workers=0):
    """Benchmark the photo pipeline against a plain Pillow process pool on camera-size photos."""
    from bantin.dev.bench_images import run
    run(photos=int(photos), runs=int(runs), workers=int(workers) or None)


@task(name="demo-photos")
def demo_photos(c):
    """Draw the demo articles' illustrations (scenes of a ward's life) as phone-size photos."""
    from bantin.dev.demo_photos import DEMO_PHOTOS, write_scenes
    for folder, scenes in DEMO_PHOTOS:
        for path in write_scenes(os.path.join(CONFIG["content"], "images", folder), scenes):
            print(f"Wrote {path}")


@task(name="demo-import", help={
    "seeds": _("the folder of the seed pages (default ../shared/seeds)"),
    "force": _("replace the demo articles an earlier import wrote")})
def demo_import(c, seeds="../shared/seeds", force=False):
    """Remake the demo's imported articles from the seed pages, each under its old portal."""
    from bantin.dev.demo import import_seeds
    settings, _names = _categories()
    results = import_seeds(seeds, CONFIG["content"], settings, force=force)
    for _portal, result in results:
        print(result)
    if any(r.status == "failed" for _portal, r in results):
        sys.exit(1)


@task(help={"port": _("the preview's port (default 8000)")})
def cms(c, port=CONFIG["port"]):
    """Edit locally without GitHub: decap-server on this folder, the site at /quan-tri/."""
    import subprocess
    server = os.path.join("node_modules", ".bin", "decap-server")
    if not os.path.exists(server):
        _fail(_("The web editor is not installed; run: npm ci"))
    # BIND_HOST: decap-server writes any file it is asked to, unauthenticated; only this
    # computer may ask (it listens on every interface otherwise).
    settings, _names = _categories()
    backend_port = settings["BANTIN_CMS"]["local_backend"].split(":")[2].split("/")[0]
    backend = subprocess.Popen([server], env={**os.environ, "GIT_REPO_DIRECTORY": os.getcwd(),
                                              "PORT": backend_port,
                                              "BIND_HOST": "127.0.0.1"})
    print(_("Web editor: {url}", url=f"http://{CONFIG['host']}:{port}/quan-tri/"))
    try:
        from bantin.livereload.preview import watch_and_serve
        watch_and_serve(CONFIG["settings"], CONFIG["output"], CONFIG["host"], int(port))
    finally:
        backend.terminate()


@task
def messages(c):
    """Refresh bantin/core/locale/vi.po from the code's messages; list those not translated."""
    from bantin.dev.messages import update
    missing = update()
    for message in missing:
        print(f"not translated: {message}")
    if missing:
        sys.exit(1)


@task(name="import-legacy", iterable=["src", "portal", "base_url"])
def import_legacy(c, src, out=CONFIG["content"], portal=None, base_url=None, category=None,
                  force=False, no_merge=False, report="cache/import-report.json"):
    """Import saved portals (mirrors, pages, text dumps) as articles; --src/--portal/--base-url repeat."""
    from bantin.legacy.migrate import Portal, category_map, migrate
    from bantin.legacy.report import summary_lines, write_report
    from bantin.legacy.text_pages import LegacyError
    if not src:
        _fail(_("Error: say where the saved pages are: --src FOLDER (e.g. --src mirror/ducgiang)"))
    if len(portal) not in (0, len(src)) or len(base_url) not in (0, len(src)) or \
            (base_url and not portal):
        _fail(_("Error: give one --portal (and one --base-url) for each --src, in the same "
                "order"))
    portals = [Portal(portal[i] if portal else "", folder, base_url[i] if base_url else "")
               for i, folder in enumerate(src)]
    settings, names = _categories()
    with _progress(_("Reading the pages")) as advance:
        try:
            results = migrate(portals, out, names, category_map(settings), category, force,
                              settings, merge=not no_merge, progress=advance,
                              cache="cache/import-pages.sqlite3")
        except LegacyError as exc:
            _fail(_("Error: {message}", message=exc))
    for _portal, result in results:
        if result.status == "failed":
            print(result)
    print("\n".join(summary_lines(results)))
    print(_("Report: {path}", path=write_report(results, report)))
    if any(r.status == "failed" for _portal, r in results):
        sys.exit(1)


def _progress(label):
    """A progress bar on a terminal (rich), nothing in a log; yields ``advance(done, total)``."""
    import contextlib

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    @contextlib.contextmanager
    def bar():
        with Progress("[progress.description]{task.description}", BarColumn(),
                      MofNCompleteColumn(), TimeRemainingColumn(), transient=True,
                      console=Console(stderr=True), disable=not sys.stderr.isatty()) as progress:
            task_id = progress.add_task(label, total=None)
            yield lambda done, total: progress.update(task_id, completed=done, total=total)
    return bar()
