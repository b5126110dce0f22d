"""The hosts a ward can publish to, and what each does with the files we give it.

One table, read by ``publishconf.py`` (``HOST``, from the environment variable
``BANTIN_HOST``): the rest of the build asks it instead of naming hosts.

``precompressed``: the host serves a ``.gz``/``.br`` copy lying beside a file as it
is (nginx with ``gzip_static``/``brotli_static``; an S3 bucket whose objects carry
``Content-Encoding``). GitHub Pages, Cloudflare Pages and Netlify compress on their
own and never serve such copies: there they would only count against the host's
file and size limits (more than half of a large site's files) and cost build time.
``redirects_file``: the host reads a ``_redirects`` file (Netlify's syntax).
"""
from bantin.core.errors import SettingsError

HOSTS = {
    "github-pages": {"precompressed": False, "redirects_file": False},
    "cloudflare-pages": {"precompressed": False, "redirects_file": True},
    "netlify": {"precompressed": False, "redirects_file": True},
    "s3": {"precompressed": True, "redirects_file": False},
    "nginx": {"precompressed": True, "redirects_file": False},
}
DEFAULT_HOST = "github-pages"


def host(name):
    """What the build needs to know about the host ``name``.

    Example: host("nginx")["precompressed"] is True
    """
    try:
        return HOSTS[name]
    except (KeyError, TypeError):
        raise SettingsError(
            f"BANTIN_HOST: không có nơi đăng {name!r}; chọn một trong: "
            + ", ".join(HOSTS)) from None
