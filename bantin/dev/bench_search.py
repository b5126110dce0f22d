"""``invoke bench-search --articles N``: what a reader's phone downloads for a first query.

Generates N articles (``bantin.dev.synth``), publishes them, serves the site on
127.0.0.1 and types each query of ``QUERIES`` on the search page of a fresh headless
Chromium (Debian's, through Playwright), without and with Chromium's "Slow 4G"
throttling. For each: the requests made for the search (script and index files), the
bytes as a CDN sends them (gzip for text), and the time from the last keystroke
(Enter, after typing the query at a fast and at an average typist's pace) to the first
result on screen and to all of them (the page's own clock; medians of ``runs``). Also
the index itself (files, bytes) and the relevance table.

With ``pagefind=True``, Pagefind (what the site used before; tuned: one bundle, the
article element only) indexes the same pages and answers the same queries through
its own JavaScript API, beside ours.
"""
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout: bantin/dev/ is two levels down
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
# One to five words, with and without diacritics, a document number, a place name, a
# word in no article.
QUERIES = ("duc giang", "Đức Giang", "thu tuc hanh chinh", "thủ tục hành chính", "hội nghị",
           "đối thoại", "doi thoai nhan dan", "97/2019/QH14", "Phúc Đồng", "gia thuy",
           "phòng chống dịch covid", "chính quyền đô thị", "Long Biên", "xyzabcqua")
# Between keystrokes: a fast typist (100 words a minute) and an average one (40 words a
# minute, the usual figure; on a phone most people are slower still). The script fetches
# while the reader types, so the faster the typing, the more is left after Enter.
TYPING_MS = {"fast": 120, "average": 300}
# Chromium DevTools' "Slow 4G" preset (latency already multiplied as DevTools does).
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
           "uploadThroughput": 750 * 1024 / 8 * 0.9}
PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>pagefind</title>
<script type="module">
const pf = await import("./pagefind/pagefind.js");
await pf.options({excerptLength: 30});
window.runQuery = async (q) => {
  const started = performance.now();
  const s = await pf.search(q);
  const top = await Promise.all(s.results.slice(0, 5).map((r) => r.data()));
  document.body.dataset.done = String(s.results.length);
  return {top: top.map((t) => t.url), seconds: (performance.now() - started) / 1000};
};
</script>"""


# The page's own clock, from Enter to the results on screen: Playwright's waits poll
# (up to every 500 ms), which added up to half a second to a time measured outside.
CLOCK = """() => {
  const status = document.querySelector(".search__status");
  const list = document.querySelector(".search__results");
  window.benchEnter = null; window.benchFirst = null; window.benchShown = null;
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter") window.benchEnter = performance.now(); }, true);
  new MutationObserver(() => {
    if (list.firstChild && window.benchFirst === null) window.benchFirst = performance.now();
  }).observe(list, {childList: true});
  new MutationObserver(() => {
    if (status.textContent && window.benchShown === null) window.benchShown = performance.now();
  }).observe(status, {childList: true, characterData: true, subtree: true});
}"""


def _wait_shown(page, timeout=120):
    """Until the results are on screen (polled from here: the page's CSP forbids the
    string evaluation of Playwright's own waits)."""
    deadline = time.monotonic() + timeout
    while page.evaluate("() => window.benchShown") is None:
        if time.monotonic() > deadline:
            raise TimeoutError("no results within 120 s")
        time.sleep(0.05)


def wire_bytes(url, body):
    """Bytes a CDN sends: text compressed with gzip, the rest as it is."""
    return len(gzip.compress(body, 6)) if url.endswith((".js", ".json", ".css")) else len(body)


def index_files(site, folder):
    files = [p for p in Path(site, folder).rglob("*")
             if p.is_file() and not p.name.endswith((".gz", ".br"))]
    return len(files), sum(p.stat().st_size for p in files), sum(
        wire_bytes(p.name, p.read_bytes()) for p in files)


class Traffic:
    """The requests a page makes for addresses containing ``part``, and a wait until none
    is on its way (Playwright's "networkidle" is reached once a page: later waits for it
    return at once, with requests still on their way)."""

    def __init__(self, page, part="/chi-muc/"):
        self.page, self.asked, self.ended = page, [], []
        page.on("request", lambda r: self.asked.append(r) if part in r.url else None)
        for event in ("requestfinished", "requestfailed"):
            page.on(event, lambda r: self.ended.append(r) if part in r.url else None)

    def settle(self, quiet_ms=1000, timeout=120):
        """Until every request has ended and none has started for ``quiet_ms`` (longer than
        anything the script does between a file's arrival and the next request)."""
        deadline, count, since = time.monotonic() + timeout, -1, time.monotonic()
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(100)
            if len(self.asked) != count:
                count, since = len(self.asked), time.monotonic()
            elif len(self.ended) >= count and time.monotonic() - since >= quiet_ms / 1000:
                return
        raise TimeoutError(f"requests still on their way: {[r.url for r in self.asked]}")

    def fetched(self):
        """(address, body) of each request answered."""
        answered = [(r.url, r.response()) for r in self.asked]
        return [(url, response.body()) for url, response in answered if response]


def _query_ours(browser, server, query, throttle, typing="fast"):
    page = browser.new_page()
    if throttle:
        page.context.new_cdp_session(page).send("Network.emulateNetworkConditions", SLOW_4G)
    page.goto(f"{server.url}/tim-kiem/index.html")
    page.wait_for_load_state("networkidle")
    traffic = Traffic(page)
    page.evaluate(CLOCK)
    page.click(".search__input")
    page.keyboard.type(query, delay=TYPING_MS[typing])  # the script fetches ahead
    page.wait_for_timeout(TYPING_MS[typing])  # the pause before Enter, as between keys
    page.keyboard.press("Enter")
    _wait_shown(page)
    status = page.locator(".search__status").inner_text()
    if status == page.locator("#tim-kiem").get_attribute("data-error"):
        raise RuntimeError(f"{query!r}: {status}")
    # (the first result on screen, all of them): seconds after Enter; with no result,
    # the message that there is none stands for both
    seconds = tuple(page.evaluate(
        "[(window.benchFirst ?? window.benchShown) - window.benchEnter,"
        " window.benchShown - window.benchEnter].map((ms) => ms / 1000)"))
    traffic.settle()
    fetched = traffic.fetched()
    links = page.locator(".search__result h2 a")
    top = [_name(links.nth(i).get_attribute("href")) for i in range(links.count())]
    page.close()
    return fetched, seconds, top


def _name(url):
    """An article's file name, whichever way its address is written."""
    return url.rsplit("/", 1)[-1]


def _query_pagefind(browser, server, query, throttle, typing="fast"):
    page = browser.new_page()
    if throttle:
        page.context.new_cdp_session(page).send("Network.emulateNetworkConditions", SLOW_4G)
    traffic = Traffic(page, "/pagefind/")
    page.goto(f"{server.url}/pagefind-bench.html")
    page.wait_for_function("typeof window.runQuery === 'function'", timeout=120000)
    answer = page.evaluate("(q) => window.runQuery(q)", query)
    # (its five results come together: the first is on screen when all are)
    top, seconds = [_name(url) for url in answer["top"]], (answer["seconds"],) * 2
    traffic.settle()
    fetched = traffic.fetched()
    page.close()
    return fetched, seconds, top


# How each query is measured: (name, throttled, typing).
CONDITIONS = (("no throttling", False, "fast"), ("Slow 4G, fast typist", True, "fast"),
              ("Slow 4G, average typist", True, "average"))


def measure_queries(site, runner, script_bytes=0, runs=3, typed=True):
    """{query: {"requests", "wire", "top", "times": {condition: (first, all)}}}: the most
    requests and bytes of any run (what the script fetches ahead depends on when files
    arrive), the top 5 results of the first, and for each condition the median seconds
    of ``runs`` runs from Enter to the first result on screen and to all of them. Not
    ``typed``: the typists' pace does not matter, the fast typist's figures stand for both."""
    from playwright.sync_api import sync_playwright
    from bantin.dev.server import StaticServer
    server = StaticServer(site, compress=True)
    rows = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=os.environ.get("BANTIN_CHROMIUM", "/usr/bin/chromium"), args=FLAGS)
            for query in QUERIES:
                costs, times, top = [], {name: [] for name, *_ in CONDITIONS}, None
                for _run in range(runs):
                    for name, throttle, typing in CONDITIONS:
                        if not typed and typing != "fast":
                            times[name] = times[name.replace(typing, "fast")]
                            continue
                        fetched, seconds, found = runner(browser, server, query, throttle, typing)
                        costs.append((len(fetched) + (1 if script_bytes else 0),
                                      sum(wire_bytes(url, body) for url, body in fetched)
                                      + script_bytes))
                        times[name].append(seconds)
                        top = found if top is None else top
                rows[query] = {
                    "requests": max(c[0] for c in costs), "wire": max(c[1] for c in costs),
                    "top": top[:5], "times": {name: tuple(statistics.median(t[i] for t in runs_of)
                                                          for i in (0, 1))
                                              for name, runs_of in times.items()}}
            browser.close()
    finally:
        server.close()
    return rows


def _pagefind(site, scratch):
    """Pagefind over the same article pages, in one bundle; returns (site, seconds, MB)."""
    pages = Path(scratch) / "pagefind-site"
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir(parents=True)
    for page in Path(site).glob("*.html"):
        if b'class="article"' in page.read_bytes():
            os.link(page, pages / page.name)
    (pages / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "pagefind", "--site", str(pages),
         "--root-selector", "article.article", "--exclude-selectors", ".meta, .article__category",
         "--quiet"], capture_output=True, text=True, check=True)
    peak_mb = int(done.stderr.strip().splitlines()[-1]) / 1024
    return pages, time.perf_counter() - started, peak_mb


def _build(content, out):
    """Build ``content``; returns the seconds it took."""
    started = time.perf_counter()
    # pelicanconf: relative addresses, so that the site works where the bench serves it.
    subprocess.run([sys.executable, "-m", "bantin.build", "--settings", str(ROOT / "pelicanconf.py"),
                    "--content", str(content), "--output", str(out), "--cache",
                    str(Path(out).parent / "cache")], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def index_cost(content, cache):
    """(seconds, MiB of memory above the start) of building our index alone, from the
    articles as the build reads them (through the read cache the build filled)."""
    import resource
    from types import SimpleNamespace
    from bantin.build import load_settings
    from bantin.core import searchindex
    from bantin.core.processes import rss_kib
    from bantin.plugins import search
    from bantin.plugins.content import BantinReader
    settings = load_settings(str(ROOT / "pelicanconf.py"), path=str(content))
    settings["BANTIN_CONTENT"] = {**settings["BANTIN_CONTENT"], "cache": str(cache)}
    reader, articles = BantinReader(settings), []
    for path in sorted(Path(content).glob("20*/*.md")):
        html, meta = reader.read(str(path))
        articles.append(SimpleNamespace(content=html, url=f"{meta['slug']}.html", **meta))
    docs = search.documents(articles)
    # In a forked child: its peak resident memory above what it started with is the
    # indexing's own (no tracing, which would slow the build it measures).
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        start_kib = rss_kib()
        started = time.perf_counter()
        searchindex.build(search._plan(settings, docs))
        seconds = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        os.write(write_end, f"{seconds} {(peak_kib - start_kib) / 1024}".encode())
        os._exit(0)
    os.close(write_end)
    seconds, peak = map(float, os.read(read_end, 100).split())
    os.close(read_end)
    os.waitpid(pid, 0)
    return seconds, peak


def _report(label, rows, runs):
    print(f"\n{label}; requests and KiB: the most of any run; ms from Enter to the first "
          f"result on screen / to all (the median of {runs} run(s))")
    names = [name for name, *_ in CONDITIONS]
    print(f"  {'query':26} {'requests':>8} {'KiB':>7} " + " ".join(f"{n:>24}" for n in names))

    def line(label, requests, wire, times):
        cells = " ".join(f"{f'{first * 1000:.0f} / {every * 1000:.0f}':>24}" for first, every in times)
        print(f"  {label:26} {requests:8d} {wire / 1024:7.1f} {cells}")

    for query, row in rows.items():
        line(query, row["requests"], row["wire"], [row["times"][n] for n in names])
    line("worst", max(r["requests"] for r in rows.values()), max(r["wire"] for r in rows.values()),
         [tuple(max(r["times"][n][i] for r in rows.values()) for i in (0, 1)) for n in names])
    print(f"  median KiB {statistics.median(r['wire'] for r in rows.values()) / 1024:.1f}; "
          + "; ".join(f"{n}: first result within 1 s for "
                      f"{sum(r['times'][n][0] <= 1 for r in rows.values())}, all within 1 s for "
                      f"{sum(r['times'][n][1] <= 1 for r in rows.values())} of {len(rows)}"
                      for n in names[1:]))


def relevance(site):
    """(hits, total): relevance-set queries whose article is among the first TOP results."""
    from playwright.sync_api import sync_playwright
    from urllib.parse import quote
    from bantin.dev.relevance import RELEVANCE, TOP
    from bantin.dev.server import StaticServer
    server, hits = StaticServer(site), 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=os.environ.get("BANTIN_CHROMIUM", "/usr/bin/chromium"), args=FLAGS)
            page = browser.new_page()
            for query, wanted in RELEVANCE:
                page.goto(f"{server.url}/tim-kiem/index.html?q={quote(query)}")
                page.locator(".search__status:not(:empty)").wait_for()
                links = page.locator(".search__result h2 a")
                found = [links.nth(i).get_attribute("href") for i in range(min(TOP, links.count()))]
                hits += any(f.endswith(f"/{wanted}.html") for f in found)
            browser.close()
    finally:
        server.close()
    return hits, len(RELEVANCE)


def relevance_pagefind(demo, scratch):
    """``relevance`` for Pagefind (tuned, as in the benchmark) over the same demo site."""
    from playwright.sync_api import sync_playwright
    from bantin.dev.relevance import RELEVANCE, TOP
    from bantin.dev.server import StaticServer
    pages, _seconds, _peak = _pagefind(demo, scratch)
    server, hits = StaticServer(pages), 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=os.environ.get("BANTIN_CHROMIUM", "/usr/bin/chromium"), args=FLAGS)
            page = browser.new_page()
            page.goto(f"{server.url}/pagefind-bench.html")
            page.wait_for_function("typeof window.runQuery === 'function'", timeout=120000)
            for query, wanted in RELEVANCE:
                found = [_name(u) for u in page.evaluate("(q) => window.runQuery(q)", query)["top"]]
                hits += f"{wanted}.html" in found[:TOP]
            browser.close()
    finally:
        server.close()
    return hits, len(RELEVANCE)


def compare_rankings(ours, theirs):
    """Per query of the table: is the first result the same, and how many of the top 5
    are in both lists (ties among equal articles may be ordered differently)."""
    print("\nranking, ours beside Pagefind's (top 5)")
    print(f"  {'query':26} {'same first':>10} {'in both':>8} {'ours':>5} {'theirs':>6}")
    for query, row in ours.items():
        mine, other = row["top"], theirs[query]["top"]
        same = "—" if not mine and not other else ("yes" if mine[:1] == other[:1] else "no")
        print(f"  {query:26} {same:>10} {len(set(mine) & set(other)):>8} {len(mine):>5} "
              f"{len(other):>6}")


def run(articles=1000, pagefind=False, runs=3):
    from bantin.dev.synth import generate
    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        from bantin.build import build
        demo = build(str(ROOT / "pelicanconf.py"), output=str(tmp / "demo"), cache=str(tmp / "cache"))
        hits, total = relevance(demo)
        print(f"relevance (demo site): the wanted article in the first 3 results for "
              f"{hits}/{total} queries ({100 * hits / total:.0f} %)")
        if pagefind:
            hits, total = relevance_pagefind(demo, tmp / "demo-pagefind")
            print(f"relevance, Pagefind tuned on the same pages: {hits}/{total} "
                  f"({100 * hits / total:.0f} %)")
        content, _ = generate(tmp / "gen", articles, gallery_share=0)
        shutil.copytree(ROOT / "content" / "pages", content / "pages")
        seconds = _build(content, tmp / "out")
        site = tmp / "out"
        files, raw, wire = index_files(site, "tim-kiem/chi-muc")
        script = next(site.glob("theme/js/search*.js"))
        index_seconds, peak = index_cost(content, tmp / "cache" / "content.sqlite3")
        print(f"{articles} articles: build {seconds:.1f} s; our index: {files} files "
              f"(1 per {articles / files:.0f} articles), {raw / 1024:.0f} KiB, "
              f"{wire / 1024:.0f} KiB gzip; indexing {index_seconds:.1f} s, +{peak:.0f} MiB "
              f"at its peak; search script "
              f"{wire_bytes('.js', script.read_bytes())} B gzip")
        ours = measure_queries(site, _query_ours, wire_bytes(".js", script.read_bytes()), runs)
        _report("ours (script + index files; Slow 4G = Chromium's preset)", ours, runs)
        if pagefind:
            pages, index_seconds, peak = _pagefind(site, tmp)
            files, raw, wire = index_files(pages, "pagefind")
            print(f"\nPagefind, tuned (one bundle, the article only): indexing {index_seconds:.1f} s, "
                  f"peak {peak:.0f} MB; {files} files, {raw / 1024:.0f} KiB, {wire / 1024:.0f} KiB gzip")
            theirs = measure_queries(pages, _query_pagefind, runs=1, typed=False)  # ~40 s a query
            _report("Pagefind (its script, WebAssembly and index files; top 5 results' data)",
                    theirs, 1)
            compare_rankings(ours, theirs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
