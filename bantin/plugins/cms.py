"""Pelican plugin: the web editor at /quan-tri/ (Decap CMS), for staff who do not use git.

The page, its configuration (generated from the content model by
``bantin.core.cmsconfig``), Decap's script as npm installed it (an exact version,
package-lock.json; never from a CDN) and our own small script
(theme/js/cms.js: addresses as the build makes them, the preview in the
site's own stylesheet). Only /quan-tri/ loads any of it, under a policy of its own
(Decap needs 'unsafe-eval' and inline styles); every other page keeps the site's.

Setting ``BANTIN_CMS`` (dict), defaults in ``DEFAULTS``: ``repo`` (owner/name on GitHub),
``branch``, ``auth_url`` (the https OAuth service GitHub sign-in goes through),
``auth_scope`` (the GitHub permission asked: public_repo for a public repository),
``local_backend`` (decap-server's address on 127.0.0.1, for previews; "" when publishing),
``bundle`` (where npm put Decap's files) and ``required`` (publishing without the bundle is
an error; building for a preview is not). publishconf.py enables the editor only when the
repository and the sign-in service are both set.
"""
import json
import logging
import os
import re
import shutil

import yaml
from pelican import signals
from pelican.generators import Generator

from bantin.core import cmsconfig, partial_hooks
from bantin.core.errors import SettingsError, UserError
from bantin.core.i18n import _, in_language
from bantin.core.settings import plugin_settings

logger = logging.getLogger(__name__)
DEFAULTS = {"enabled": True, "folder": "quan-tri", "repo": "", "branch": "main", "auth_url": "",
            "auth_scope": "public_repo", "local_backend": "http://127.0.0.1:8081/api/v1",
            "bundle": "node_modules/decap-cms/dist", "required": False}
SCRIPT = "decap-cms.js"
# What the editor's page may do beyond the site's policy: Decap evaluates code (its config
# validator), injects its styles, shows photos being uploaded (blob:), talks to GitHub's API
# or the local decap-server.
POLICY = {
    "default-src": "'self'",
    "script-src": "'self' 'unsafe-eval'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob: https://avatars.githubusercontent.com "
               "https://raw.githubusercontent.com",
    "connect-src": "'self' blob: https://api.github.com",  # blob: the photos it uploads
    "frame-src": "'none'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


# What the addresses may look like: they go into the page's policy, _headers and nginx.
_AUTH_URL = re.compile(r"^https://[a-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~/-]*)?$")
_LOCAL_URL = re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d{1,5}/api/v1$")
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def config(settings):
    """The ``BANTIN_CMS`` setting over ``DEFAULTS``; unknown options and addresses that are
    not plain https (sign-in) or 127.0.0.1 (decap-server) are refused."""
    cfg = plugin_settings(settings, "BANTIN_CMS", DEFAULTS)
    for key, rule in (("auth_url", _AUTH_URL), ("local_backend", _LOCAL_URL), ("repo", _REPO)):
        if cfg[key] and not rule.match(cfg[key]):
            raise SettingsError(_("BANTIN_CMS[{key!r}]: {value!r} is not a valid address",
                                  key=key, value=cfg[key]))
    if cfg["auth_scope"] not in ("public_repo", "repo"):
        raise SettingsError(_("BANTIN_CMS['auth_scope'] must be public_repo or repo"))
    return cfg


def policy(settings, header=False):
    """The editor page's Content-Security-Policy (``header``: with what only a header can
    say, that no other site may frame the page)."""
    cfg = config(settings)
    directives = dict(POLICY)
    if cfg["local_backend"]:
        directives["connect-src"] += " " + cfg["local_backend"].split("/api/")[0]
    if header:
        directives["frame-ancestors"] = "'none'"
    return "; ".join(f"{k} {v}" for k, v in directives.items())


def labels(settings):
    """The form's labels: ``cms:`` of the theme's strings (as bantin.plugins.theme read
    them for the templates)."""
    return settings.get("JINJA_GLOBALS", {}).get("UI", {}).get("cms", {})


class CmsGenerator(Generator):
    def generate_context(self):
        self.cfg = config(self.settings)

    def write_slugs(self, documents):
        """The addresses already taken (one namespace: ARTICLE_URL is {slug}.html), so that
        the editor's script gives a new article one of its own."""
        path = os.path.join(self.output_path, self.cfg["folder"], "slugs.json")
        with in_language("vi"), open(path, "w", encoding="utf-8") as fh:
            json.dump({"taken": sorted({d.slug for d in documents}), "no_letters": _(
                "the title has no letters or digits to make an address from")}, fh,
                ensure_ascii=False)

    def generate_output(self, writer):
        cfg = self.cfg
        if not cfg["enabled"]:
            return
        bundle = os.path.abspath(cfg["bundle"])  # relative to the project, where invoke runs
        if not os.path.isfile(os.path.join(bundle, SCRIPT)):
            if cfg["required"]:
                raise UserError(_("The web editor's script is not installed ({path}); run "
                                  "npm ci first", path=os.path.join(bundle, SCRIPT)))
            logger.info("%s not found: /%s/ is not built (npm ci installs it)", SCRIPT,
                        cfg["folder"])
            return
        folder = os.path.join(self.output_path, cfg["folder"])
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(bundle):  # Decap's entry point and the chunks it loads
            if name.endswith(SCRIPT):
                shutil.copyfile(os.path.join(bundle, name), os.path.join(folder, name))
        with in_language("vi"):
            data = cmsconfig.cms_config(self.settings, labels(self.settings), cfg)
        with open(os.path.join(folder, "config.yml"), "w", encoding="utf-8") as fh:
            yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False, width=100)
        self.settings["_BANTIN_CMS"] = self  # for the partial rebuilds' hook below
        self.write_slugs(self.context.get("articles", []) + self.context.get("drafts", [])
                         + self.context.get("pages", []))
        writer.write_file(f"{cfg['folder']}/index.html", self.get_template("admin"),
                          self.context, relative_urls=self.settings["RELATIVE_URLS"],
                          CMS_POLICY=policy(self.settings), CMS_SCRIPT=SCRIPT)


def rewrite(articles):
    """The addresses taken, again, after a partial rebuild regrouped the articles (one
    added, renamed or made a draft)."""
    cms = articles.settings.get("_BANTIN_CMS")
    if cms is not None:
        cms.write_slugs(list(articles.articles) + list(articles.drafts)
                        + list(cms.context.get("pages", [])))


def get_generators(_pelican):
    return CmsGenerator


def register():
    signals.get_generators.connect(get_generators)
    partial_hooks.register("regrouped", rewrite)
