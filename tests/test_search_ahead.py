"""What search.js fetches ahead while the reader types, so that Enter waits for little.

In real Chromium on a small built site; a word's file is held back (Playwright's route) to
stand for a slow network: what the script fetches while it waits is what it foresaw.
"""
import pytest

from bantin.core.searchindex import folded, shard_of
from bantin.dev.bench_search import Traffic
from conftest import StaticServer, build_site, write_article
from test_search import _index, results_shown

# search.js: index files a query may ask for while typed, and results' files among them
# fetched ahead on a guess.
BUDGET, AHEAD = 7, 3


LIT = (105, 103, 101, 100, 108)  # roads in five results' files, with lamps ("đèn")


def road_date(i):
    return f"20{10 + i % 12}-{1 + i % 12:02d}-{1 + i % 28:02d} 08:{i % 60:02d}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("ahead")
    content = base / "content"
    for i in range(200):
        lit = " Lắp đèn chiếu sáng." if i in LIT else ""
        write_article(content, f"a{i}.md", title=f"Đường làng số {i}", date=road_date(i),
                      body=f"Bê tông hóa đường làng thôn {i}.{lit}")
    for j in range(5):  # the newest: the first results for "gia"
        write_article(content, f"g{j}.md", title=f"Gia cố đê tổ {j}",
                      date=f"2023-0{j + 1}-01 08:00", body="Gia cố đê.")
    for j in range(5):  # the oldest: in the last results' file
        write_article(content, f"t{j}.md", title=f"Phường Gia Thụy khánh thành nhà văn hóa tổ {j}",
                      date=f"2005-0{j + 1}-01 08:00", body="Nhà văn hóa mới.")
    return build_site(content, base / "output")


@pytest.fixture(scope="module")
def server(site):
    server = StaticServer(site)
    yield server
    server.close()


def shard(word, site):
    manifest, _files = _index(site)
    return f"k{shard_of(folded(word), manifest['shards'])}.json"


def chunk_of(slug, site):
    """The results' file that holds an article (numbered newest first, 40 a file)."""
    _manifest, files = _index(site)
    for name, rows in files.items():
        if name.startswith("d") and any(row[0].rsplit("/", 1)[-1] == f"{slug}.html" for row in rows):
            return name
    raise AssertionError(slug)


class Typing:
    """A search page on which the reader types; the files it fetches, in order, and the
    requests for ``held`` files kept waiting until ``release``."""

    def __init__(self, browser, server, held=()):
        self.page = browser.new_page()
        self.page.goto(f"{server.url}/tim-kiem/index.html")
        self.page.wait_for_load_state("networkidle")
        self.traffic, self.waiting = Traffic(self.page), []
        for name in held:
            self.page.route(f"**/chi-muc/*/{name}", lambda route: self.waiting.append(route))
        self.page.click(".search__input")

    @property
    def fetched(self):
        """The index files asked for, by name, in order."""
        return [r.url.rsplit("/", 1)[-1] for r in self.traffic.asked]

    def settle(self):
        self.traffic.settle(quiet_ms=300)

    def _until(self, done, what):
        for _ in range(100):
            if done():
                return
            self.page.wait_for_timeout(50)
        raise AssertionError(f"{what}: {self.fetched}")

    def until_fetched(self, name):
        self._until(lambda: name in self.fetched, f"{name} never fetched")

    def until_held(self, count=1):
        self._until(lambda: len(self.waiting) >= count, "not held")

    def release(self):
        while self.waiting:
            self.waiting.pop().continue_()

    def results(self):
        self.page.locator(".search__status:not(:empty)").wait_for()
        self.settle()
        return results_shown(self.page)


GIA_THUY = [f"phuong-gia-thuy-khanh-thanh-nha-van-hoa-to-{j}" for j in (4, 3, 2, 1, 0)]


def test_the_word_being_typed_is_foreseen_from_the_titles(browser, site, server):
    # "gia" leads to the newest "Gia cố" articles; "gia th…" while the file of "th…" is
    # still on its way: the titles' "gia thuy", in the oldest results' file.
    assert shard("gia", site) != shard("thụy", site)
    wanted = chunk_of(GIA_THUY[0], site)
    assert wanted != chunk_of("gia-co-de-to-4", site)
    typing = Typing(browser, server, held=[shard("thụy", site)])
    typing.page.keyboard.type("gia thụ", delay=50)
    typing.until_held()
    typing.until_fetched(wanted)
    typing.release()
    typing.page.keyboard.type("y")
    typing.settle()
    before_enter = list(typing.fetched)
    typing.page.keyboard.press("Enter")
    assert typing.results() == GIA_THUY
    assert typing.fetched == before_enter  # nothing left to fetch after Enter
    typing.page.close()


def test_after_enter_the_files_already_in_lead_to_the_results(browser, site, server):
    # Enter before any word's file came: as "số" comes, its titles' "số 150" tells the
    # results' file while the file of "150" is still held back.
    assert shard("làng", site) == shard("số", site) != shard("150", site)
    typing = Typing(browser, server, held=[shard("số", site), shard("150", site)])
    typing.page.keyboard.type("làng số 150", delay=20)
    typing.page.keyboard.press("Enter")
    typing.until_held(2)
    wanted = chunk_of("duong-lang-so-150", site)
    assert wanted not in typing.fetched
    so = next(r for r in typing.waiting if r.request.url.endswith("/" + shard("số", site)))
    typing.waiting.remove(so)
    so.continue_()  # "số" (and "làng", in the same file)
    typing.until_fetched(wanted)
    assert typing.waiting  # "150" still on its way
    typing.release()
    assert typing.results() == ["duong-lang-so-150"]
    typing.page.close()


def test_what_is_fetched_ahead_stays_within_the_budget(browser, site, server):
    # Each number is in one title, each in another results' file, older and older: each
    # word typed changes the first results.
    numbers = [str(n) for n in LIT] + ["144"]
    assert len({chunk_of(f"duong-lang-so-{n}", site) for n in numbers}) == len(numbers)
    typing = Typing(browser, server)
    typing.page.keyboard.type(" ".join(numbers), delay=50)
    typing.settle()
    ahead = [name for name in typing.fetched if name.startswith("d")]
    assert 1 <= len(ahead) <= AHEAD and len(typing.fetched) <= BUDGET, typing.fetched
    typing.page.keyboard.press("Enter")
    shown = typing.results()
    assert len(shown) == 5 and set(shown) <= {f"duong-lang-so-{n}" for n in numbers}
    typing.page.close()


def test_the_first_word_alone_leads_to_one_results_file_at_most(browser, site, server):
    # The next word often changes the first results: "gia" alone, whose newest "Gia cố"
    # articles are in one file, is worth that file; "đèn", in five files, is not.
    typing = Typing(browser, server)
    typing.page.keyboard.type("gia", delay=50)
    typing.settle()
    assert typing.fetched == [shard("gia", site), chunk_of("gia-co-de-to-4", site)]
    typing.page.keyboard.press("Enter")
    assert typing.results()[0] == "gia-co-de-to-4"
    typing.page.close()

    typing = Typing(browser, server)
    typing.page.keyboard.type("đèn", delay=50)
    typing.settle()
    assert typing.fetched == [shard("đèn", site)]
    typing.page.keyboard.press("Enter")
    assert sorted(typing.results()) == sorted(f"duong-lang-so-{n}" for n in LIT)
    typing.page.close()


def test_each_result_shows_as_soon_as_its_file_is_in(browser, site, server):
    # "đèn": five results in five files; the third one's file held back.
    lit = ["duong-lang-so-105", "duong-lang-so-103", "duong-lang-so-101", "duong-lang-so-100",
           "duong-lang-so-108"]
    order = sorted(lit, key=lambda slug: int(chunk_of(slug, site)[1:-5]))
    typing = Typing(browser, server, held=[chunk_of(order[2], site)])
    typing.page.keyboard.type("đèn", delay=20)
    typing.page.keyboard.press("Enter")
    typing.until_held()
    links = typing.page.locator(".search__result h2 a")
    links.nth(1).wait_for()
    assert links.count() == 2 and typing.page.locator(".search__status").inner_text() == ""
    typing.release()
    assert typing.results() == order
    typing.page.close()
