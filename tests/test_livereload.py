"""`invoke livereload`: a save is seen by the file watcher, rebuilt, and the open page reloads."""
import shutil

from bantin.preview import RELOAD_PATH, LiveReload
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
