"""``invoke bench-search``: size of the search index and bytes a first query downloads.

Builds the demo site and a generated site, serves each on 127.0.0.1 and runs a
first query in headless Chromium (Debian's, through Playwright), counting every
byte fetched for the search once the search page has loaded.
"""
import gzip
import os
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout: bantin/dev/ is two levels down
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def index_size(site):
    files = [p for p in Path(site).glob("pagefind*/**/*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def first_query(site, query):
    """(bytes on the wire with gzip for text, raw bytes, requests) of the first query."""
    from bantin.dev.server import StaticServer
    from playwright.sync_api import sync_playwright
    server = StaticServer(site)
    fetched = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=os.environ.get("BANTIN_CHROMIUM", "/usr/bin/chromium"), args=FLAGS)
            page = browser.new_page()
            page.goto(f"{server.url}/tim-kiem/index.html")
            page.wait_for_load_state("networkidle")
            page.on("response", lambda r: fetched.append((r.url, r.body())))
            page.fill(".search__input", query)
            page.press(".search__input", "Enter")
            page.wait_for_function("document.querySelector('.search__status').textContent.length")
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.close()
    raw = sum(len(body) for _url, body in fetched)
    wire = sum(len(gzip.compress(body, 6)) if url.endswith((".js", ".json")) else len(body)
               for url, body in fetched)
    return wire, raw, len(fetched)


def run(articles=1000, query="duc giang"):
    from bantin.build import build
    from bantin.dev.synth import generate
    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        sites = {"demo site": build(str(ROOT / "pelicanconf.py"), output=str(tmp / "demo"))}
        content, _ = generate(tmp / "gen", articles, gallery_share=0)
        shutil.copytree(ROOT / "content" / "pages", content / "pages")
        sites[f"{articles}-article site"] = build(str(ROOT / "pelicanconf.py"),
                                                  output=str(tmp / "gen-out"), path=str(content))
        print(f"{'':22} {'index KB':>9} {'files':>6} {'1st query KB':>13} {'(raw KB)':>9} {'requests':>9}")
        for label, site in sites.items():
            size, count = index_size(site)
            wire, raw, requests = first_query(site, query)
            print(f"{label:22} {size / 1024:9.0f} {count:6d} {wire / 1024:13.1f} {raw / 1024:9.1f} "
                  f"{requests:9d}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
