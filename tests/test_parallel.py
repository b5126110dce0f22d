"""The forked page writers (large sites) write exactly what one process writes."""
import os
from pathlib import Path

from conftest import build_site, write_article

NO_SEARCH = {"enabled": False}


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def test_forked_writers_match_a_single_process(tmp_path, monkeypatch):
    content = tmp_path / "content"
    for i in range(40):
        write_article(content, f"2021/bai-{i:02d}.md", title=f"Tin số {i:02d} về Đức Giang",
                      date=f"2021-{1 + i % 12:02d}-{1 + i % 28:02d} 08:{i:02d}",
                      category=["Thông báo", "Công tác Đảng", "Tin tức – Sự kiện"][i % 3],
                      tags=f"[{['an ninh', 'Đảng', 'bầu cử'][i % 3]}]")
    single = build_site(content, tmp_path / "single", bantin_search=NO_SEARCH,
                        bantin_parallel={"workers": 1, "min_articles": 10_000})
    forks = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid
    monkeypatch.setattr(os, "fork", fork)
    forked = build_site(content, tmp_path / "forked", bantin_search=NO_SEARCH,
                        bantin_parallel={"workers": 2, "min_articles": 1, "memory_mb": 100_000})
    assert len(forks) == 1  # the second worker is the build's own process
    expected, got = _tree(single), _tree(forked)
    assert len(expected) > 60
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if expected[name] != got[name]] == []


def test_a_forked_writer_leaves_before_any_plugin_writes_at_the_end(tmp_path):
    """Pelican sends ``finalized`` in every forked writer too: ours must leave at once,
    before a plugin's receiver writes there (two processes creating output/theme/ at the
    same moment: FileExistsError in the parent's copy of the theme, seen in CI)."""
    from blinker import ANY
    from pelican import Pelican, signals

    from bantin.build import load_settings
    from bantin.plugins import parallel
    from conftest import ROOT
    settings = load_settings(str(ROOT / "pelicanconf.py"), path=str(tmp_path),
                             output_path=str(tmp_path / "out"))
    Pelican(settings)  # registers the plugins, in PLUGINS order
    receivers = list(signals.finalized.receivers_for(ANY))
    assert receivers[0] is parallel.leave, receivers
    assert len(receivers) > 3  # the plugins that write at the end are there, after it
