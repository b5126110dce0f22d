"""The search index's pure core: syllable forms, article sets, tokens (tables and properties)."""
import pytest
from hypothesis import given, settings, seed, strategies as st

from bantin.core import searchindex as si


@pytest.mark.parametrize("token, folded, exact", [
    ("đức", "duc", "đưc1"), ("dục", "duc", "duc5"), ("hoà", "hoa", "hoa2"), ("hòa", "hoa", "hoa2"),
    ("uỷ", "uy", "uy3"), ("ủy", "uy", "uy3"), ("thuở", "thuo", "thuơ3"), ("qh14", "qh14", "qh14"),
    ("giang", "giang", "giang"), ("Đường", "duong", "Đương2"),
])
def test_syllable_forms(token, folded, exact):
    assert si.folded(token) == folded
    assert si.exact(token) == exact


@pytest.mark.parametrize("text, expected", [
    ("Nghị quyết 97/2019/QH14", ["nghị", "quyết", "97", "2019", "qh14"]),
    ("ĐỨC–giang…", ["đức", "giang"]),
    ("x😀y snake_case", ["x", "y", "snake", "case"]),
    ("e\u0301 tô\u0300", ["é", "tồ"]),  # NFD in, NFC out
])
def test_tokens(text, expected):
    assert si.tokens(text) == expected


def test_hash_is_fnv1a():
    assert si.fnv("") == 0x811C9DC5
    assert si.fnv("a") == 0xE40C292C  # the published FNV-1a test vector


@seed(20261201)
@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_distinct_tokens_are_the_tokens(text):
    assert si.distinct_tokens(text) == set(si.tokens(text))


@seed(20261201)
@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=3000).flatmap(
    lambda total: st.tuples(st.just(total), st.sets(st.integers(0, total - 1)))))
def test_article_sets_round_trip(case):
    total, ids = case
    ids = sorted(ids)
    text = si.encode_set(ids, total)
    assert si.decode_set(text, total) == ids
    assert len(text) <= max(2 * len(ids), total // 6 + 2) + 4 * len(ids) // 36 + 1


def test_files_stay_within_one_per_20_articles():
    docs = [si.Doc(url=f"{n}.html", title=f"Tin {n}", year=2020 + n % 3, date_shown="",
                   category="Thông báo", text="nội dung") for n in range(1000)]
    plan = si.Plan(docs, ["Thông báo"])
    assert len(si.build(plan)) == 1000 / 20
