"""`invoke livereload`: a save is seen by the file watcher, rebuilt, and the open page reloads."""
import shutil

from bantin.livereload.preview import RELOAD_PATH, LiveReload
from conftest import ROOT

ARTICLE = "phuong-duc-giang-to-chuc-hoi-nghi-doi-thoai-giua-chu-tich-ubnd-phuong-voi-nhan"


def test_saving_an_article_reloads_the_page_in_the_browser(browser, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    out = tmp_path / "output"
    live = LiveReload(str(ROOT / "pelicanconf.py"), str(out), "127.0.0.1", 0,
                      watched=(str(content),), path=str(content), search_index=False)
    url = live.start()
    try:
        page = browser.new_page()
        console = []
        page.on("console", lambda m: console.append(m.text))
        page.goto(f"{url}/{ARTICLE}.html")
        assert page.locator(f"script[src='{RELOAD_PATH}']").count() == 1
        assert RELOAD_PATH not in (out / f"{ARTICLE}.html").read_text(encoding="utf-8")
        page.wait_for_timeout(500)  # the event stream is open
        [source] = content.glob(f"2022/{ARTICLE}.md")
        text = source.read_text(encoding="utf-8")
        source.write_text(text + "\nĐoạn văn mới vừa thêm.\n", encoding="utf-8")
        page.locator(".article__body p", has_text="Đoạn văn mới vừa thêm.").wait_for(timeout=30_000)
        assert live.builds.count >= 2
        assert not [m for m in console if "Content Security Policy" in m]
        page.close()
    finally:
        live.stop()


def test_a_plugin_without_a_partial_hook_makes_the_engine_run_pelican(tmp_path, monkeypatch):
    """A third-party plugin on article_generator_finalized is never skipped in silence."""
    from bantin.build import load_settings
    from bantin.livereload.incremental import Preview
    from conftest import write_article
    (tmp_path / "thirdparty.py").write_text(
        "from pelican import signals\n"
        "CALLS = []\n"
        "def count(gen):\n"
        "    CALLS.append(len(gen.articles))\n"
        "def register():\n"
        "    signals.article_generator_finalized.connect(count)\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import thirdparty
    content = tmp_path / "content"
    for i in range(3):
        write_article(content, f"2022/bai-{i}.md", title=f"Tin số {i}", date=f"2022-06-0{i + 1} 08:00")
    plugins = load_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"] + ["thirdparty"]
    preview = Preview(str(ROOT / "pelicanconf.py"), str(tmp_path / "out"), search_index=False,
                      path=str(content), plugins=plugins)
    preview.build()
    path = content / "2022" / "bai-1.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một đoạn.\n", encoding="utf-8")
    second = preview.build(changed={str(path)})
    assert "partial" not in second  # Pelican ran in full, with the plugin
    assert thirdparty.CALLS == [3, 3]
