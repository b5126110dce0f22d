"""Shared helpers: build real sites into tmp_path and parse their HTML."""
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bantin.build import build
from bantin.dev.server import StaticServer, parse_headers_file  # noqa: F401  (used by tests)

ROOT = Path(__file__).resolve().parent.parent
# Tests run `invoke`, `check-jsonschema` and `zizmor` as commands: those of the Python
# running the tests (.venv/bin), whatever the caller's PATH holds.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
# Messages in the maintainers' English (BANTIN_LANG=en), here and in the commands the tests
# run; tests/test_messages.py asserts the Vietnamese that editors see by default.
os.environ["BANTIN_LANG"] = "en"
# The five legacy pages: ../shared/seeds beside the checkout, else the copy shipped in
# bantin/dev/seeds for runs that have no shared folder (GitHub Actions).
SEEDS = ROOT.parent / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = ROOT / "bantin" / "dev" / "seeds"


# Modules whose tests build generated sites or camera-size photos, run property-based
# tests or kill builds:
# `pytest -m "not slow and not browser"` is the quick part for a contributor.
SLOW_MODULES = {"test_incremental", "test_interrupted", "test_importer_hostile", "test_gallery",
                "test_search_budget",
                "test_frontmatter_hostile", "test_parallel"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        if item.module.__name__ in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def project(tmp_path):
    """A throwaway copy of the project's commands and settings with an empty content/."""
    for name in ("tasks.py", "pelicanconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "theme").symlink_to(ROOT / "theme")
    (tmp_path / "content").mkdir()
    return tmp_path


def invoke(project, *args, lang="en"):
    """Run ``invoke *args`` in ``project``, its messages in ``lang`` (vi: as editors see them)."""
    return subprocess.run(["invoke", *args], cwd=project, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "BANTIN_LANG": lang})


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


def reader_pages(site):
    """The built pages readers see: every HTML page but the web editor's (/quan-tri/, its
    own page with Decap's scripts and policy, tested in tests/test_cms.py)."""
    return sorted(p for p in Path(site).rglob("*.html")
                  if p.relative_to(site).parts[0] != "quan-tri")


def soup(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


CHROMIUM = os.environ.get("BANTIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def csp_violations(page):
    """A list that fills with the Content-Security-Policy errors ``page`` reports."""
    violations = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    return violations


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
