"""What a first query costs a reader's phone on a 2,000-article site: bytes and requests.

Counted from the responses Chromium receives (text as a CDN sends it, gzip), for every
query of the benchmark's table, typed (on a fast network and under Slow 4G: what the
script fetches ahead depends on when files arrive) and arrived with ``?q=``; the index's
file count against the hosts' limits.
"""
import shutil
from urllib.parse import quote

import pytest

from bantin.dev.bench_search import (SLOW_4G, QUERIES, Traffic, _query_ours, index_files,
                                     wire_bytes)
from bantin.dev.synth import generate
from conftest import ROOT, StaticServer, build_site

ARTICLES = 2000
MAX_KIB, MAX_REQUESTS = 100, 8


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("budget")
    content, _ = generate(base / "gen", ARTICLES, gallery_share=0)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    # Relative addresses (pelicanconf), so that the site works where the test serves it.
    return build_site(content, base / "out", cache=str(base / "cache"))


def test_index_files_stay_within_one_per_20_articles(site):
    files, _raw, _wire = index_files(site, "tim-kiem/chi-muc")
    assert files <= ARTICLES / 20


def arrive(browser, server, query):
    """A reader who arrives with ``?q=`` under Slow 4G: (url, body) of the index files."""
    page = browser.new_page()
    page.context.new_cdp_session(page).send("Network.emulateNetworkConditions", SLOW_4G)
    traffic = Traffic(page)
    page.goto(f"{server.url}/tim-kiem/index.html?q={quote(query)}")
    page.locator(".search__status:not(:empty)").wait_for()
    traffic.settle()
    fetched = traffic.fetched()
    page.close()
    return fetched


WAYS = {"typed, fast network": False, "typed, Slow 4G": True, "arrived with ?q=": None}


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("query", QUERIES)
def test_first_query_fits_the_budget(browser, site, query, way):
    server = StaticServer(site)
    try:
        if WAYS[way] is None:
            fetched = arrive(browser, server, query)
        else:
            fetched, _seconds, _top = _query_ours(browser, server, query, throttle=WAYS[way])
    finally:
        server.close()
    script = next(site.glob("theme/js/search*.js"))
    wire = sum(wire_bytes(url, body) for url, body in fetched) + wire_bytes(".js", script.read_bytes())
    assert len(fetched) + 1 <= MAX_REQUESTS, [url for url, _ in fetched]
    assert wire <= MAX_KIB * 1024, (wire, [(url, len(body)) for url, body in fetched])
