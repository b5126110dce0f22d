"""The media store against a real S3-protocol server (moto's stand-alone server) on
127.0.0.1: a publish build links every photo to the store, the upload sends only what
the store lacks, a second run sends nothing and processes no photo, and no original
is ever uploaded."""
import json
import os
import shutil
import urllib.request

import pytest
from conftest import ROOT, build_site, soup

from bantin import media
from bantin.core import sitesize
from bantin.dev.server import s3_server

BUCKET = "anh-phuong"


@pytest.fixture()
def s3(monkeypatch):
    server, endpoint = s3_server()
    for name, value in {"AWS_ACCESS_KEY_ID": "kiem-thu", "AWS_SECRET_ACCESS_KEY": "kiem-thu",
                        "AWS_DEFAULT_REGION": "us-east-1", "BANTIN_S3_ENDPOINT": endpoint}.items():
        monkeypatch.setenv(name, value)
    import boto3
    client = boto3.client("s3", endpoint_url=endpoint)
    client.create_bucket(Bucket=BUCKET)
    # Readers fetch photos without keys: the bucket is public for reading, as a ward's media
    # bucket behind its public address is.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*"}]}))
    yield endpoint, client
    server.terminate()
    server.wait(timeout=10)


def _photo_urls(out):
    urls = set()
    for page in out.rglob("*.html"):
        html = soup(page)
        for img in html.find_all("img", src=True):
            if "site-header__logo" in img.get("class", []):  # the theme's, not a photo
                continue
            urls.add(img["src"])
            urls.update(part.split()[0] for part in img.get("srcset", "").split(",") if part)
        for source in html.find_all("source"):
            urls.update(part.split()[0] for part in source["srcset"].split(","))
        og = html.find("meta", property="og:image")
        if og and "/anh" in og["content"]:
            urls.add(og["content"])
    return urls


def test_photos_go_to_the_store_once(s3, tmp_path, monkeypatch):
    endpoint, client = s3
    media_url = f"{endpoint}/{BUCKET}/anh"
    monkeypatch.setenv("BANTIN_MEDIA_URL", media_url)
    manifest = tmp_path / "cache" / "media-manifest.json"
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)

    def publish(run):
        out = build_site(content, tmp_path / "output", settings="publishconf.py",
                         bantin_gallery={"cache": str(tmp_path / f"images-{run}"),
                                         "output": "anh", "media_url": media_url,
                                         "manifest": str(manifest),
                                         "images": {"widths": (480, 960, 1600),
                                                    "webp_quality": 80, "jpeg": False}})
        return out, media.upload_pending(f"s3://{BUCKET}/anh", str(manifest))

    out, (sent, there) = publish(1)
    assert sent >= 21 and there == 0  # 7 photos × 3 widths, and the covers' og images
    urls = _photo_urls(out)
    assert urls and all(u.startswith(media_url + "/") for u in urls), urls
    assert not (out / "anh").exists()  # the web host carries no photo
    for url in sorted(urls):
        with urllib.request.urlopen(url) as response:
            assert response.status == 200
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert response.headers["Content-Type"] == (
                "image/jpeg" if url.endswith(".jpg") else "image/webp"), url
    objects = client.list_objects_v2(Bucket=BUCKET)["Contents"]
    keys = [o["Key"] for o in objects]
    assert len(keys) == sent
    # The publish's size report has a line per destination: the store's from its listing.
    store = media.size(f"s3://{BUCKET}/anh")
    assert (store.files, store.bytes) == (sent, sum(o["Size"] for o in objects))
    assert store.largest == max(o["Size"] for o in objects)
    assert f"number of files: {sent} files" in sitesize.check(store, {}, "kho ảnh")[0][0]
    originals = {p.read_bytes() for p in (content / "images").rglob("*.jpg")}
    for key in keys:
        body = client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        assert body not in originals and b"Exif" not in body[:256], key
    csp = soup(out / "index.html").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert f"img-src 'self' data: {endpoint};" in csp["content"]

    # The next CI run: a fresh photo cache (only the manifest is kept) processes nothing
    # and uploads nothing.
    out, (sent, there) = publish(2)
    assert (sent, there) == (0, 0)
    assert not (tmp_path / "images-2").exists() or not any((tmp_path / "images-2").rglob("*.webp"))
    assert _photo_urls(out) == urls
    assert len(json.loads(manifest.read_text(encoding="utf-8"))) == 7  # the demo's photos


@pytest.mark.parametrize("dest, url, message", [
    ("s3://a/b", "", "BANTIN_MEDIA_DEST and BANTIN_MEDIA_URL must be set together"),
    ("", "https://anh.example.vn", "BANTIN_MEDIA_DEST and BANTIN_MEDIA_URL must be set together"),
    ("s3://a/b", "anh.example.vn", "BANTIN_MEDIA_URL 'anh.example.vn' must be a web address"),
])
def test_the_store_needs_both_settings(dest, url, message):
    with pytest.raises(media.SettingsError, match=message):
        media.check(dest, url)


def test_a_folder_store(tmp_path):
    manifest = tmp_path / "m.json"
    photo = tmp_path / "960.webp"
    photo.write_bytes(b"RIFF0000WEBP")
    (tmp_path / "m.json.pending.json").write_text(json.dumps(
        {"files": {"ab/abc-1/960.webp": str(photo)}, "entries": {"abc-1": {"width": 1}}}))
    assert media.upload_pending(str(tmp_path / "kho"), str(manifest)) == (1, 0)
    assert (tmp_path / "kho" / "ab" / "abc-1" / "960.webp").read_bytes() == b"RIFF0000WEBP"
    assert json.loads(manifest.read_text()) == {"abc-1": {"width": 1}}
    assert os.listdir(tmp_path / "kho") == ["ab"]


def _pointer(photo):
    import hashlib
    oid = hashlib.sha256(photo.read_bytes()).hexdigest()
    size = photo.stat().st_size
    photo.write_text(f"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\n"
                     f"size {size}\n", encoding="utf-8")


def test_a_clone_without_lfs_photos_builds_when_the_manifest_covers_them(s3, tmp_path,
                                                                         monkeypatch):
    endpoint, _client = s3
    media_url = f"{endpoint}/{BUCKET}/anh"
    manifest = tmp_path / "cache" / "media-manifest.json"
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    gallery = {"cache": str(tmp_path / "images"), "output": "anh", "media_url": media_url,
               "manifest": str(manifest),
               "images": {"widths": (480, 960, 1600), "webp_quality": 80, "jpeg": False}}
    build_site(content, tmp_path / "output", settings="publishconf.py", bantin_gallery=gallery)
    media.upload_pending(f"s3://{BUCKET}/anh", str(manifest))
    shutil.rmtree(tmp_path / "images")  # a fresh CI machine: only the manifest was kept
    photos = sorted((content / "images").rglob("*.jpg"))
    for photo in photos:
        _pointer(photo)  # what `git clone` leaves without `git lfs pull`
    assert list(media.photos_to_fetch(content, gallery["cache"], gallery["images"],
                                      manifest)) == []
    out = build_site(content, tmp_path / "output", settings="publishconf.py",
                     bantin_gallery=gallery)
    assert _photo_urls(out) and all(u.startswith(media_url) for u in _photo_urls(out))
    # Without the manifest, each pointer is a photo to fetch, and the build says so.
    manifest.unlink()
    assert list(media.photos_to_fetch(content, gallery["cache"], gallery["images"],
                                      manifest)) == photos
    from bantin.build import BuildError
    with pytest.raises(BuildError, match="is a Git LFS pointer, not the photo"):
        build_site(content, tmp_path / "output", settings="publishconf.py",
                   bantin_gallery=gallery)
