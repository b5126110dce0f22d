"""The hosts a ward can publish to, and what each does with the files we give it.

One table, read by ``publishconf.py`` (``HOST``, from the environment variable
``BANTIN_HOST``): the rest of the build asks it instead of naming hosts.

``precompressed``: the host serves a ``.gz``/``.br`` copy lying beside a file as it
is (nginx with ``gzip_static``/``brotli_static``; GitLab Pages). GitHub Pages, Cloudflare Pages and Netlify compress on their
own and never serve such copies: there they would only count against the host's
file and size limits (more than half of a large site's files) and cost build time.
``redirects_file``: the host reads a ``_redirects`` file (Netlify's syntax), of at most
``max_redirects`` lines (beyond, GitLab applies none of them).
``max_files``, ``max_bytes``, ``max_file_bytes``: the host's published limits, checked
before anything is published (``bantin.core.sitesize``); absent, no limit.
"""
from bantin.core.errors import SettingsError
from bantin.core.i18n import _

GIB, MIB = 1024 ** 3, 1024 ** 2
HOSTS = {
    "github-pages": {"precompressed": False, "redirects_file": False,
                     "max_bytes": GIB, "max_file_bytes": 100 * MIB},
    "cloudflare-pages": {"precompressed": False, "redirects_file": True, "max_redirects": 2_000,
                         "max_files": 20_000, "max_file_bytes": 25 * MIB},  # free plan
    "gitlab-pages": {"precompressed": True, "redirects_file": True, "max_redirects": 1_000,
                     "max_bytes": GIB},
    "netlify": {"precompressed": False, "redirects_file": True},
    # `invoke deploy --target s3` uploads files as they are (aws s3 sync): a .gz beside a
    # page is never sent for it, so none are written.
    "s3": {"precompressed": False, "redirects_file": False},
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
        raise SettingsError(_("BANTIN_HOST: there is no host {name!r}; choose one of: {hosts}",
                              name=name, hosts=", ".join(HOSTS))) from None
