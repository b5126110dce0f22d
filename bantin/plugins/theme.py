"""Pelican plugin: what the bulletin theme needs beyond Pelican's context.

- Jinja filters for Vietnamese dates (Babel, never the system locale);
- UI strings from ``theme/strings.yaml`` as the global ``UI``;
- categories in declared menu order with their descriptions, tags in
  Vietnamese alphabetical order;
- per article: newer/older article in its category and a few others;
- the "most viewed" list.

Setting ``BANTIN_THEME`` (dict), defaults in ``DEFAULTS``.
"""
import json
import os
from collections import defaultdict

import yaml
from markupsafe import Markup
from pelican import signals

from bantin.core import dates, partial_hooks
from bantin.plugins.content import category_table
from bantin.core.text import sort_key
from bantin.core.settings import plugin_settings

DEFAULTS = {"most_viewed": 5, "related": 5, "strings": "strings.yaml"}


def config(settings):
    """The ``BANTIN_THEME`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_THEME", DEFAULTS)


vi_datetime = dates.weekday_datetime


def page_window(current, last, around=2):
    """Page numbers a pager shows: the first, the last and ``around`` either side.

    Example: page_window(7, 1000) == [1, 5, 6, 7, 8, 9, 1000]
    """
    middle = range(max(1, current - around), min(last, current + around) + 1)
    return sorted({1, last, *middle})


def jsonld(data):
    """JSON for a <script type="application/ld+json"> block: UTF-8, HTML-safe.

    Example: jsonld({"a": "Đ<"}) == '{"a": "Đ\\u003c"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _name_key(item):
    return sort_key(str(item[0] if isinstance(item, tuple) else item))


def vi_sorted(items):
    """Objects, or (object, …) pairs such as Pelican's (category, articles), in
    Vietnamese order. (A module-level function: the settings are pickled by caches.)"""
    return sorted(items, key=_name_key)


def tel(number):
    """A phone number as a tel: link wants it: digits and a leading +, the note dropped.

    Example: tel("024 0000 0000 (số minh họa)") == "02400000000"
    """
    number = number.split("(")[0] if not number.startswith("(") else number
    return "".join(c for c in number if c.isdigit() or c == "+")


def site_url(url, base):
    """A site path under ``base`` (SITEURL); an absolute URL (a media store's) as it is.

    Example: site_url("anh/a.webp", "https://x.vn") == "https://x.vn/anh/a.webp"
    """
    return url if "://" in url else f"{base}/{url}"


def setup_jinja(pelican):
    settings = pelican.settings
    # Every value is text unless a template says otherwise (only sanitised bodies do):
    # forced here, so that a settings file cannot turn it off by leaving it out.
    settings["JINJA_ENVIRONMENT"] = {**settings.get("JINJA_ENVIRONMENT", {}), "autoescape": True}
    with open(os.path.join(settings["THEME"], config(settings)["strings"]), encoding="utf-8") as fh:
        strings = yaml.safe_load(fh)
    settings.setdefault("JINJA_FILTERS", {}).update({
        "vi_datetime": vi_datetime,
        "vi_date": dates.weekday_date,
        "short_date": dates.short_date,
        "month_year": dates.month_year,
        "jsonld": jsonld,
        "page_window": page_window,
        "vi_sorted": vi_sorted,
        "site_url": site_url,
        "tel": tel,
    })
    # The Vietnamese strings at the top of the file; the English ones under "en:" (the
    # English pages of bantin.plugins.organisation).
    english = strings.pop("en", {})
    settings.setdefault("JINJA_GLOBALS", {}).update({
        "UI": strings,
        "UI_LANGUAGES": {"vi": strings, "en": english},
        "NOW": dates.now_vn(),
        # SITEURL in templates becomes relative with RELATIVE_URLS; canonical
        # and og:url need the configured absolute one, or nothing.
        "ABSOLUTE_SITEURL": settings["SITEURL"] if settings["SITEURL"].startswith("http") else "",
    })


def link_articles(generator):
    """Neighbours in category, "other articles", most viewed, ordered categories."""
    cfg = config(generator.settings)
    table = category_table(generator.settings)
    by_category = defaultdict(list)
    for article in generator.articles:  # already newest first
        by_category[article.category].append(article)
    for articles in by_category.values():
        for index, article in enumerate(articles):
            article.newer_in_category = articles[index - 1] if index > 0 else None
            article.older_in_category = articles[index + 1] if index + 1 < len(articles) else None
            # The older ones first: a stable choice that a new article does not reshuffle.
            others = articles[index + 1:index + 1 + cfg["related"]]
            if len(others) < cfg["related"]:
                others += articles[max(0, index - (cfg["related"] - len(others))):index]
            article.related_in_category = others
    for category in by_category:
        category.description = table.get(category.name, ("", ""))[1]
    order = {name: i for i, name in enumerate(table)}
    generator.categories.sort(key=lambda pair: order.get(pair[0].name, len(order)))
    most_viewed = sorted(generator.articles, key=lambda a: (a.views, a.date), reverse=True)
    generator.context.update({
        "categories": generator.categories,
        "tags": sorted(generator.tags.items(), key=lambda pair: sort_key(pair[0].name)),
        "most_viewed": most_viewed[:cfg["most_viewed"]],
    })


def register():
    signals.initialized.connect(setup_jinja)
    signals.article_generator_finalized.connect(link_articles)
    partial_hooks.register("regrouped", link_articles)
