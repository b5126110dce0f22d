"""Shared helpers: build real sites into tmp_path and parse their HTML."""
import os
import shutil
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bantin.build import build

ROOT = Path(__file__).resolve().parent.parent
# Tests run `invoke`, `check-jsonschema` and `zizmor` as commands: those of the Python
# running the tests (.venv/bin), whatever the caller's PATH holds.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
# The five legacy pages: ../shared/seeds beside the checkout, else the copy kept for
# CI runs that have no shared folder (GitHub Actions).
SEEDS = ROOT.parent / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def write_article(folder, name, title="Bài viết", date="2022-06-03 10:32",
                  category="Tin tức – Sự kiện", body="Nội dung bài viết.", **extra):
    """Write one article file with front matter; returns its path."""
    lines = ["---", f"title: {title!r}" if ":" in title else f"title: {title}",
             f"date: {date}", f"category: {category}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    lines += ["---", "", body, ""]
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_raw(folder, name, text):
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def build_site(content, output, settings="pelicanconf.py", **overrides):
    """Build ``content`` with the project's settings into ``output``."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return Path(build(str(ROOT / settings), output=str(output),
                          path=str(content), **overrides))
    finally:
        os.chdir(cwd)


def soup(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


CHROMIUM = os.environ.get("BANTIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


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
    import fnmatch
    return fnmatch.fnmatchcase(path, pattern) or pattern == path


class StaticServer:
    """Serve a folder on 127.0.0.1 (optionally with the headers of its ``_headers``)."""

    def __init__(self, root, headers=False):
        import functools
        import http.server
        import threading
        rules = parse_headers_file(Path(root) / "_headers") if headers else []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def end_headers(self):
                for pattern, values in rules:
                    if _matches(pattern, self.path.split("?")[0]):
                        for name, value in values.items():
                            self.send_header(name, value)
                super().end_headers()

            def log_message(self, *args):
                pass

        handler = functools.partial(Handler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo content of the repository, built once for the whole session."""
    out = tmp_path_factory.mktemp("demo") / "output"
    return build_site(ROOT / "content", out)


@pytest.fixture(scope="session")
def big_site(tmp_path_factory):
    """25 generated articles in one category (pagination), plus tags."""
    base = tmp_path_factory.mktemp("big")
    content = base / "content"
    tags = ["Đảng", "an ninh", "ăn Tết", "bầu cử", "dân vận", "Âm nhạc"]
    for i in range(25):
        write_article(content, f"bai-{i:02d}.md", title=f"Tin số {i:02d} của phường",
                      date=f"2021-{1 + i % 12:02d}-{1 + i:02d} 08:{i:02d}",
                      category="Thông báo", views=i * 3, tags=f"[{tags[i % len(tags)]}]")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    return build_site(content, base / "output")
