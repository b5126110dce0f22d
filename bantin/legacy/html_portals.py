"""Saved pages of the portals communes ran: NukeViet 4.x and 3.x news, Liferay 6.x/7.x
asset publisher. Which are articles, which are lists, and how an article is read.

The markup, as the public templates print it:

- NukeViet 4 detail (themes/default/modules/news/detail.tpl): ``.news_column h1``,
  ``span.h5`` "Chủ nhật - 05/03/2023 07:15", a hidden ``[itemprop=datePublished]``,
  ``figure.article`` with a ``figcaption``, ``.hometext``, ``#news-bodyhtml``, and
  "Tác giả:" / "Nguồn tin:" in ``p.h5.text-right``.
- NukeViet 3 detail (the 3.x default theme's detail.tpl): ``.news_column #news_detail``
  holding ``h1``, ``span.time`` "Thứ tư - 21/09/2022  12:27", ``#hometext`` (with a
  thumbnail in ``#imghome`` captioned by ``p em``), a full-width photo in a bare div,
  ``.bodytext`` and "Tác giả:" / "Nguồn tin:" paragraphs. The layout's breadcrumb is
  ``h3.breakcolumn a``; its clock (``#digclock``) shows the day the page was saved.
- Liferay's asset publisher, full content: ``.taglib-header .header-title``, then
  ``.asset-full-content .asset-content`` holding the ``.journal-content-article``, and
  ``.asset-metadata`` with ``.metadata-publish-date`` and ``.metadata-view-count``.
  Vietnamese portals' variants print ``.asset_title``, ``.asset-publish-date`` ("Thứ Tư,
  ngày 21/09/2022 12:27") and the summary in ``.asset-abstract .assetdesc-text``.
- Lists: NukeViet's category views (``.news_column`` teasers ``h2 a``/``h3 a``), Liferay's
  abstracts (``.asset-abstract h3.asset-title a``) and title lists.
"""
from bantin.core.i18n import _
from bantin.core.text import fold, remove_unprintable
from bantin.legacy.header_rules import date_line
from bantin.legacy.html_text import (find_date, finish, image, iso_date, meta, text_before,
                                     text_of, views, walk)
from bantin.legacy.text_pages import (ANY_DATE, LegacyArticle, LegacyError, NotAnArticle,
                                      body_date_error, check_title, date_of, view_count)

# A category page lists a few entries at least; an article page shows none in its
# column (related articles sit in lists, not headings).
MIN_ENTRIES = 2
# Text of an article shown by a Liferay journal-content portlet: a page that has it is
# no list, whatever lists stand beside it.
_ARTICLE_CHARS = 200
_TEASERS = "h2 a[href], h3 a[href], h4 a[href], .news-item a[href]"
_LIFERAY_DATES = ".metadata-publish-date, .asset-publish-date, [itemprop=datePublished], time"
_LIFERAY_LEADS = ".assetdesc-text, .asset-summary, .asset-description"
_HOME = ("trang nhat", "trang chu", "home")  # the first crumb of every breadcrumb


def _inside(el, container):
    return any(parent is container for parent in el.parents)


def _liferay_article(soup):
    """The one article shown in full on a Liferay page, or None. Beside the article an
    asset publisher may show a notice in full too: the article is the one opened from a
    list, under a header with a link back to it, or else the one under a title."""
    full = soup.find_all(class_="asset-full-content")
    for mark in (".header-back-to", ".header-title, .asset_title, .asset-title"):
        if len(full) > 1:
            full = [el for el in full if el.parent and el.parent.select_one(mark)] or full
    return full[0] if len(full) == 1 else None


def _nukeviet3_body(soup):
    detail = soup.find(id="news_detail") or soup.find(class_="news_detail")
    return detail.find(class_="bodytext") if detail else None


def _list(count, summaries=False):
    if summaries:
        return NotAnArticle(_("a list of articles ({count} summaries linking to articles, no "
                              "article body)", count=count))
    return NotAnArticle(_("a list of articles ({count} links to articles, no article body)",
                          count=count))


def portal_kind(soup):
    """"nukeviet4", "nukeviet3" or "liferay" for an article page of those portals, None
    for a page of no portal we know; ``NotAnArticle`` for their list and front pages."""
    # bs4's own find is several times faster than a CSS selector: these run on every page.
    if soup.find(id="news-bodyhtml"):
        return "nukeviet4"
    if _nukeviet3_body(soup) is not None:
        return "nukeviet3"
    columns = soup.find_all(class_="news_column")
    if any(column.find(class_="bodytext") for column in columns):
        return "nukeviet4"  # a 4.x theme without the body's id
    full = soup.find_all(class_="asset-full-content")
    if _liferay_article(soup) is not None:
        return "liferay"
    if full:
        raise NotAnArticle(_("a list of {count} articles shown in full (Liferay's asset "
                             "publisher); import each article's own page", count=len(full)))
    abstracts = soup.find_all(class_="asset-abstract")
    titles = soup.find_all(class_="title-list")
    if abstracts or titles:
        titles = soup.select(".asset-abstract .asset-title a[href], li.title-list a[href]")
        if any(len(text_of(el)) >= _ARTICLE_CHARS
               for el in soup.find_all(class_="journal-content-article")
               if not el.find_parent(class_="asset-abstract")):
            abstracts = titles = []
    if len(abstracts) >= MIN_ENTRIES:
        raise _list(len(abstracts), summaries=True)
    if len(titles) > MIN_ENTRIES:
        raise _list(len(titles))
    if soup.find(id="no_permission"):
        raise NotAnArticle(_("a page that needs a login (no article text)"))
    if not columns:
        return None
    teasers = {id(a) for column in columns for a in column.select(_TEASERS)}
    if len(teasers) >= MIN_ENTRIES:
        # The home page and section fronts head each box with its section's name.
        sections = soup.select(".news_column .header a.current, .news_column .panel-heading")
        if len(sections) >= MIN_ENTRIES:
            raise NotAnArticle(_("a home page or section front ({count} links to articles "
                                 "under {sections} section names, no article body)",
                                 count=len(teasers), sections=len(sections)))
        raise _list(len(teasers))
    return "nukeviet4"  # its reader says what the page lacks


def _header_date(lines):
    """(date, views, line) of the first date line among ``lines``, else None."""
    for line in lines:
        found = date_line(line)
        if found:
            return date_of(found[1]), view_count(found[1]["views"]), line
    return None


def _no_date(scope, portal):
    if ANY_DATE.search(text_of(scope)):
        raise body_date_error(text_of(scope))
    raise LegacyError(_("no publication date found in the {portal} page; save the article's "
                        "own page again (it prints the date under the title) and import that",
                        portal=portal))


def _category(soup, found_meta):
    crumbs = [li for box in soup.find_all(class_=["breadcrumbs", "breadcrumb"])
              for li in box.find_all("li")]
    crumbs = crumbs or soup.select("h3.breakcolumn a")  # NukeViet 3
    names = [text_of(crumb) for crumb in crumbs if text_of(crumb)
             and fold(text_of(crumb)) not in _HOME]
    return names[-1] if names else meta(found_meta, "article:section")


def _sources(article, paragraphs):
    """"Nguồn tin:" (preferred) or "Tác giả:" paragraphs under the body."""
    for line in paragraphs:
        label, _colon, value = text_of(line).partition(":")
        label, value = label.strip().lower(), value.strip()
        if label in ("nguồn tin", "nguồn") and value:
            article.source = value
        elif label == "tác giả" and value and not article.source:
            article.source = value


def parse_nukeviet4(soup, found_meta):
    body = soup.find(id="news-bodyhtml") or next(
        (found for column in soup.find_all(class_="news_column")
         for found in [column.find(class_="bodytext")] if found), None)
    column = (body.find_parent(class_="news_column") if body else None) \
        or soup.find(class_="news_column") or soup
    title = text_of(column.find("h1"))
    if not title:
        raise LegacyError(_("no title (<h1>) found in the NukeViet page; save the article's "
                            "own page again and import that"))
    header = text_before(column, body)
    when = column.select_one("span.h5") or column.find(class_="time")
    date = find_date(text_of(when)) \
        or iso_date(text_of(column.select_one("[itemprop=datePublished]"))) \
        or iso_date(meta(found_meta, "article:published_time")) \
        or (_header_date(header) or (None,))[0]
    if not date:
        _no_date(column, "NukeViet")
    article = LegacyArticle("nukeviet-html", check_title(title), date, views=views(*header),
                            category=_category(soup, found_meta))
    _sources(article, column.select("p.h5, p.text-right"))
    images = []
    for figure in column.select("figure.article"):
        img = figure.find("img")
        found = image(img, text_of(figure.find("figcaption"))) if img else None
        if found:
            images.append(found)
    return finish(article, body, images, text_of(column.select_one(".hometext")) or None)


def parse_nukeviet3(soup, found_meta):
    body = _nukeviet3_body(soup)
    detail = body.find_parent(id="news_detail") or body.find_parent(class_="news_detail")
    title = text_of(detail.find("h1"))
    if not title:
        raise LegacyError(_("no title (<h1>) found in the NukeViet page; save the article's "
                            "own page again and import that"))
    header = text_before(detail, body)
    date = find_date(text_of(detail.select_one("span.time, .time"))) \
        or iso_date(meta(found_meta, "article:published_time")) \
        or (_header_date(header) or (None,))[0]
    if not date:
        _no_date(detail, "NukeViet")
    article = LegacyArticle("nukeviet3-html", check_title(title), date, views=views(*header),
                            category=_category(soup, found_meta))
    _sources(article, [p for p in detail.find_all("p", recursive=False)
                       if "copyright" not in (p.get("class") or [])])
    images = []
    lead_el = detail.select_one("#hometext, .hometext")
    for holder in detail.select("#imghome, .imghome") + [
            div for div in detail.find_all("div", recursive=False)
            if div is not body and div is not lead_el and div.find("img")]:
        caption = text_of(holder.find("em") or holder.find("p"))
        images += [found for img in holder.find_all("img") if (found := image(img, caption))]
        holder.decompose()  # its caption is not part of the lead
    return finish(article, body, images, text_of(lead_el) or None)


def liferay_portlet_title(soup):
    """The title of the portlet that shows the article (its category, on ward portals).
    Read before ``strip``: Liferay 6.2 prints it in a <header>, which is dropped."""
    full = _liferay_article(soup)
    portlet = full.find_parent(class_="portlet") if full else None
    title = portlet.select_one(".portlet-title-text, .portlet-title") if portlet else None
    return remove_unprintable(text_of(title)).strip() or None


def parse_liferay(soup, found_meta, portlet_title=None):
    full = _liferay_article(soup)
    scope = full.parent or soup
    body = full.select_one(".journal-content-article") or full.select_one(".asset-content") \
        or full
    title = text_of(scope.select_one(".header-title") or scope.select_one(".asset_title")
                    or scope.select_one(".asset-title") or full.find(["h1", "h2"])) \
        or meta(found_meta, "og:title")
    if not title:
        raise LegacyError(_("no title found in the Liferay page (no .header-title or "
                            ".asset-title); save the article's own page again and import "
                            "that"))
    metadata = [text_of(el) for el in scope.select(".asset-metadata")]
    opening = []
    walk(body, opening, [])
    header = text_before(scope, body) + metadata
    dated = _header_date(header + opening[:2])
    date = next((found for el in scope.select(_LIFERAY_DATES) if not _inside(el, body)
                 for found in [iso_date(el.get("datetime")) or find_date(text_of(el))
                               or iso_date(text_of(el))] if found), None) \
        or (dated or (None,))[0] or iso_date(meta(found_meta, "article:published_time"))
    if not date:
        _no_date(scope, "Liferay")
    count = scope.select_one(".metadata-view-count")
    article = LegacyArticle("liferay-html", check_title(title), date,
                            views=(view_count(text_of(count)) if count else None)
                            or (dated[1] if dated else None) or views(*header),
                            category=portlet_title or _category(soup, found_meta))
    lead = next((text_of(el) for el in scope.select(_LIFERAY_LEADS)
                 if not _inside(el, body) and text_of(el)), None)
    drop = [dated[2]] if dated and dated[2] in opening[:2] else []
    return finish(article, body, [], lead, drop=drop)
