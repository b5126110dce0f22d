"""Settings for the published site (``invoke publish``): pelicanconf plus overrides."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F401,F403
from pelican.settings import DEFAULT_CONFIG  # noqa: E402

from bantin.core.hosts import DEFAULT_HOST, host  # noqa: E402

SITEURL = os.environ.get("BANTIN_SITEURL", "https://bantin.example.org")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True

# Drafts and scheduled (future-dated) articles are never published.
DRAFT_URL = DRAFT_SAVE_AS = ""
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = ""

# Where the site is published: github-pages (the workflow in .github/), cloudflare-pages,
# netlify, s3 or nginx (bantin/core/hosts.py says what each serves).
HOST = os.environ.get("BANTIN_HOST", DEFAULT_HOST)

# Photos in a media store of their own (bantin/media.py): an S3-compatible bucket
# ("s3://bucket/prefix", endpoint in BANTIN_S3_ENDPOINT, keys in AWS_*) or a folder, and the
# address readers fetch them from. Unset: photos go into output/ with the pages.
MEDIA_DEST = os.environ.get("BANTIN_MEDIA_DEST", "")
BANTIN_GALLERY = {**BANTIN_GALLERY, "media_url": os.environ.get("BANTIN_MEDIA_URL", "")}

# The monitoring code state websites must install (EMC): the script address the agency
# gives, and other origins it reports to; its origins are added to the CSP. Empty: none.
BANTIN_EMC = {"script": os.environ.get("BANTIN_EMC_SCRIPT", ""), "origins": ()}

# The host's limits on files and bytes (bantin/core/hosts.py), checked before anything is
# published; raise them here if your plan allows more, e.g. {"max_files": 100_000}.
BANTIN_SIZE = {}

# .gz and .br next to every text file, only for a host that serves them as they are
# (bantin.plugins.precompress). gzip level 6: the same size as 9 on our pages (4,502 vs
# 4,501 bytes on average), 25 % faster.
BANTIN_PRECOMPRESS = {"enabled": host(HOST)["precompressed"], "brotli_quality": 5,
                      "gzip_level": 6}

# One build per process: Jinja need not check each template's file for changes every
# time a page uses it (~230,000 stat() calls at 10,000 articles).
JINJA_ENVIRONMENT = {**DEFAULT_CONFIG["JINJA_ENVIRONMENT"], "auto_reload": False,
                      "extensions": list(DEFAULT_CONFIG["JINJA_ENVIRONMENT"]["extensions"])}

# Another deployment target than GitHub Pages: `invoke deploy --target rsync|s3`.
# Credentials come from the environment (SSH agent, AWS_ACCESS_KEY_ID/…), never from here.
DEPLOY = {
    "rsync": {"dest": os.environ.get("BANTIN_RSYNC_DEST", "bantin@web.example.org:/var/www/bantin/")},
    "s3": {"bucket": os.environ.get("BANTIN_S3_BUCKET", "s3://bantin-site"),
           "endpoint": os.environ.get("BANTIN_S3_ENDPOINT", "https://s3.example.org")},
}

# The web editor: the ward's repository on GitHub (Actions sets GITHUB_REPOSITORY) and the
# OAuth service its sign-in goes through (README "Writing in the browser"). A published site
# always has it: publishing without `npm ci` stops with a message.
_CMS_REPO = os.environ.get("BANTIN_CMS_REPO", os.environ.get("GITHUB_REPOSITORY", ""))
_CMS_AUTH = os.environ.get("BANTIN_CMS_AUTH_URL", "")
BANTIN_CMS = {**BANTIN_CMS, "required": True, "local_backend": "",
              "enabled": bool(_CMS_REPO and _CMS_AUTH), "repo": _CMS_REPO, "auth_url": _CMS_AUTH,
              "auth_scope": os.environ.get("BANTIN_CMS_AUTH_SCOPE", "public_repo")}
