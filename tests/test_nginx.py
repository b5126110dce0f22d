"""Self-hosting: a publish build for BANTIN_HOST=nginx, served by Debian's nginx on
127.0.0.1 with the server block the build wrote — precompressed responses, the
headers of _headers, 404.html, an old portal's address redirected."""
import gzip
import http.client
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, build_site, write_article

from bantin.dev.server import free_port, wait_for_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OLD = "https://ducgiang.example.vn/tin-tuc/hop-dan-to-dan-pho-402.html"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    base = tmp_path_factory.mktemp("nginx")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    write_article(content / "2023", "hop-dan.md", title="Họp dân tổ dân phố số 5",
                  date="2023-04-02 08:00", legacy="{portal: duc-giang-cu, url: '" + OLD + "'}")
    mp = pytest.MonkeyPatch()
    mp.setenv("BANTIN_HOST", "nginx")
    try:
        out = build_site(content, base / "site" / "output", settings="publishconf.py")
    finally:
        mp.undo()
    port = free_port()
    server_block = Path(f"{out}.nginx.conf").read_text(encoding="utf-8")
    temp = base / "nginx-tmp"
    temp.mkdir()
    main = base / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # pytest's folders are private
        + f"daemon off;\nworker_processes 1;\npid {base}/nginx.pid;\n"
        f"error_log {base}/error.log;\nevents {{}}\nhttp {{\n"
        "include /etc/nginx/mime.types;\naccess_log off;\n"
        + "".join(f"{kind}_temp_path {temp}/{kind};\n"
                  for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + server_block.replace("listen 80;", f"listen 127.0.0.1:{port};") + "}\n",
        encoding="utf-8")
    process = subprocess.Popen([NGINX, "-c", str(main), "-p", str(base)],
                               stderr=subprocess.PIPE)
    wait_for_port(port, process, timeout=20)
    yield out, port, server_block
    process.terminate()
    process.wait(timeout=10)


def _get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_pages_are_sent_precompressed_with_the_sites_headers(served):
    out, port, _block = served
    response, body = _get(port, "/index.html", **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == (out / "index.html").read_bytes()
    csp = re.search(r"Content-Security-Policy: (.*)", (out / "_headers").read_text()).group(1)
    assert response.getheader("Content-Security-Policy") == csp
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Cache-Control") == "public, max-age=300, must-revalidate"
    plain, body = _get(port, "/index.html")
    assert plain.getheader("Content-Encoding") is None and body == (out / "index.html").read_bytes()


def test_hashed_assets_are_cached_for_a_year(served):
    out, port, _block = served
    [css] = (out / "theme" / "css").glob("site.*.css")
    response, _body = _get(port, f"/theme/css/{css.name}")
    assert response.status == 200
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("Content-Security-Policy")


def test_missing_pages_get_the_404_page_and_old_addresses_a_301(served):
    out, port, block = served
    response, body = _get(port, "/khong-co-trang-nay.html")
    assert response.status == 404
    assert body == (out / "404.html").read_bytes()
    response, _body = _get(port, "/tin-tuc/hop-dan-to-dan-pho-402.html")
    assert response.status == 301
    assert response.getheader("Location") == "/hop-dan-to-dan-pho-so-5.html"
    assert f"root {out};" in block
