"""Saved pages of the legacy portals, written the way the importer reads them.

``render_page`` makes an article page or a category (list) page of NukeViet 4.x,
NukeViet 3.x or a Liferay ward portal, with the furniture a saved page carries: menus,
a breadcrumb, related articles with their own dates and, on NukeViet 3, the clock that
shows the day the page was saved. The parsers in ``bantin.legacy`` must read the
article and ignore the rest, so a generator of synthetic portal mirrors can use these
pages and the tests can check the parsers against exactly this markup.

Example:
    render_page("nukeviet3", "Họp dân", (2023, 3, 12, 8, 15), ["Nội dung."], views=1451)
"""
import datetime
from html import escape

ARTICLE_KINDS = ("nukeviet4", "nukeviet3", "liferay")
LIST_KINDS = ("nukeviet4-list", "nukeviet3-list", "liferay-list")
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
PORTAL = "Cổng thông tin điện tử phường Tân Phong"
MENU = (("Trang chủ", "/"), ("Giới thiệu", "/gioi-thieu/"), ("Tin tức", "/tin-tuc/"),
        ("Văn bản", "/van-ban/"), ("Liên hệ", "/lien-he/"))
RELATED = (("Phường tổ chức tổng vệ sinh môi trường đầu xuân", "/tin-tuc/tong-ve-sinh-11.html",
            (2023, 1, 15)),
           ("Hội nghị triển khai nhiệm vụ năm mới", "/tin-tuc/hoi-nghi-trien-khai-10.html",
            (2023, 1, 9)))
SAVED_ON = (2024, 5, 17, 9, 41)  # the day the mirror was made: the NukeViet 3 clock shows it


def _parts(date):
    """(year, month, day, hour or None, minute or None) of a tuple, date or datetime."""
    if isinstance(date, datetime.datetime):
        return date.year, date.month, date.day, date.hour, date.minute
    if isinstance(date, datetime.date):
        return date.year, date.month, date.day, None, None
    year, month, day, *rest = tuple(date) + (None, None)
    return year, month, day, rest[0], rest[1] if rest[0] is not None else None


def _day(date):
    year, month, day, _hour, _minute = _parts(date)
    return f"{day:02d}/{month:02d}/{year}"


def _clock(date):
    hour, minute = _parts(date)[3:]
    return "" if hour is None else f"{hour:02d}:{minute or 0:02d}"


def _weekday(date):
    year, month, day = _parts(date)[:3]
    return WEEKDAYS[datetime.date(year, month, day).weekday()]


def _iso(date):
    year, month, day, hour, minute = _parts(date)
    time = "" if hour is None else f"T{hour:02d}:{minute or 0:02d}:00+07:00"
    return f"{year:04d}-{month:02d}-{day:02d}{time}"


def _views(views):
    return f"{views:,}".replace(",", ".")  # 1.451, as the portals print thousands


def _paragraphs(paragraphs):
    return "\n".join(f"<p style=\"text-align: justify;\">{escape(p)}</p>" for p in paragraphs)


def _head(title, extra=""):
    return (f"<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(title)} - {PORTAL}</title>\n{extra}"
            "<link rel=\"stylesheet\" href=\"/themes/default/css/style.css\">\n"
            "<script src=\"/assets/js/jquery/jquery.min.js\"></script>\n</head>\n")


def _menu(tag="nav", attrs=' id="menusite"'):
    items = "".join(f'<li><a href="{href}" title="{escape(name)}">{escape(name)}</a></li>'
                    for name, href in MENU)
    return f"<{tag}{attrs}><ul class=\"nav\">{items}</ul></{tag}>\n"


def _related(label, template):
    items = "\n".join(template.format(title=escape(title), href=href, day=_day(day))
                      for title, href, day in RELATED)
    return f"<p><strong>{label}</strong></p>\n<ul class=\"related\">\n{items}\n</ul>\n"


def _nukeviet4(title, date, body, lead, views, category):
    when = f"{_weekday(date)} - {_day(date)} {_clock(date)}".strip()
    crumbs = f'<li><a href="/tin-tuc/"><span>{escape(category)}</span></a></li>' if category \
        else ""
    counted = f'<li><em class="fa fa-eye">&nbsp;</em> Lượt xem: {_views(views)}</li>' \
        if views is not None else ""
    hometext = f'<div class="hometext m-bottom" itemprop="description">{escape(lead)}</div>' \
        if lead else ""
    return (_head(title, f'<meta property="og:title" content="{escape(title)}">\n')
            + "<body>\n<header><div id=\"logo\"><a href=\"/\">Trang chủ</a></div></header>\n"
            + _menu()
            + '<ul class="breadcrumbs list-none"><li><a href="/"><span>Trang nhất</span></a>'
            f"</li>{crumbs}</ul>\n"
            '<div class="news_column panel panel-default" itemtype="http://schema.org/'
            'NewsArticle" itemscope>\n<div class="panel-body">\n'
            f'<h1 class="title margin-bottom-lg" itemprop="headline">{escape(title)}</h1>\n'
            f'<span class="hidden hide d-none" itemprop="datePublished">{_iso(date)}</span>\n'
            '<div class="row margin-bottom-lg"><div class="col-md-12">'
            f'<span class="h5">{when}</span></div>\n<div class="col-md-12">'
            f'<ul class="list-inline text-right">{counted}<li><a class="dimgray" title="In ra" '
            'href="javascript: void(0)"><em class="fa fa-print fa-lg">&nbsp;</em></a></li>'
            "</ul></div></div>\n"
            f'<div class="clearfix">{hometext}</div>\n'
            f'<div id="news-bodyhtml" class="bodytext margin-bottom-lg">\n{_paragraphs(body)}\n'
            "</div>\n"
            + _related("Những tin cũ hơn", '<li><em class="fa fa-angle-right">&nbsp;</em>'
                       '<a href="{href}" title="{title}">{title}</a> <em>({day})</em></li>')
            + "</div>\n</div>\n<footer>Bản quyền thuộc UBND phường</footer>\n</body>\n</html>\n")


def _nukeviet3_frame(title, category, content, description=""):
    saved = SAVED_ON
    crumbs = f' <span class="breakcolumn">&raquo;</span> <a href="/tin-tuc/" ' \
        f'title="{escape(category)}">{escape(category)}</a>' if category else ""
    meta = f'<meta name="description" content="{escape(description)}" />\n' if description \
        else ""
    return (_head(title, meta) + "<body>\n<div id=\"container\">\n"
            '<div id="header"><div id="logo"><a title="Trang nhất" href="/"><img src="/themes/'
            'default/images/logo.gif" alt="Trang nhất" /></a></div></div>\n'
            + _menu("div", ' class="nav"')
            + '<div id="message"><div class="clock fl"><span id="digclock" style="font-weight: '
            f'700;">{_weekday(saved)}, {_day(saved)} {_clock(saved)}</span></div></div>\n'
            '<div class="contentwarpper"><div class="span-19">\n'
            '<h3 class="breakcolumn"><a title="Trang nhất" href="/"><img src="/themes/default/'
            f'images/icons/home.png" alt="Trang nhất" /></a>{crumbs}</h3>\n'
            f"{content}</div>\n"
            '<div class="span-5 last"><div class="block"><div class="block_content">'
            '<a href="/lien-he/">Đường dây nóng: 0243 000 000</a></div></div></div>\n'
            "</div>\n<div id=\"footer\">Bản quyền thuộc UBND phường</div>\n</div>\n"
            "</body>\n</html>\n")


def _nukeviet3(title, date, body, lead, views, category):
    counted = f' <span class="hits">Lượt xem: {_views(views)}</span>' if views is not None \
        else ""
    hometext = f'<div id="hometext">{escape(lead)}</div>\n' if lead else ""
    content = ('<div class="news_column" style="padding:0 !important;margin:0 !important;">\n'
               f'<div id="news_detail">\n<h1>{escape(title)}</h1>\n'
               f'<span class="time">{_weekday(date)} - {_day(date)}  {_clock(date)}</span>'
               f"{counted}\n"
               '<div class="control"><ul><li><a class="sendmail" title="Gửi bài viết qua email" '
               'href="javascript:void(0);"></a></li><li><a class="print" title="In ra" '
               'href="javascript: void(0)"></a></li></ul></div>\n'
               '<div style="clear: both;"></div>\n'
               f'{hometext}<div class="bodytext">\n{_paragraphs(body)}\n</div>\n</div>\n'
               + _related("Những tin cũ hơn", '<li><a title="{title}" href="{href}">{title}</a>'
                          ' <span class="date">({day})</span></li>')
               + "</div>\n")
    return _nukeviet3_frame(title, category, content, lead or "")


def _liferay_frame(title, category, content):
    # A portlet shown without its title bar ("borderless") names no category.
    topper = ('<header class="portlet-topper"><h1 class="portlet-title"><span class="portlet-'
              f'title-text">{escape(category)}</span></h1></header>\n') if category else ""
    latest = "".join(f'<li class="title-list"><a href="{href}">{escape(text)}</a></li>'
                     for text, href, _when in RELATED)
    return (_head(title) + '<body class="yui3-skin-sam controls-visible guest-site public-page">'
            '\n<div class="container-fluid" id="wrapper">\n<header id="banner" role="banner">'
            '<h1 class="site-title"><a class="logo" href="/"><span>Trang chủ</span></a></h1>'
            "</header>\n" + _menu("nav", ' id="navigation" class="sort-pages"')
            + '<div id="content"><div class="portlet-layout row-fluid">\n'
            '<div class="portlet-column span8" id="column-1">\n'
            '<section class="portlet" id="portlet_101_INSTANCE_tinTuc01">\n' + topper
            + '<div class="portlet-content"><div class="portlet-content-container">'
            f'<div class="portlet-body">\n{content}</div></div></div>\n</section>\n</div>\n'
            '<div class="portlet-column span4" id="column-2"><section class="portlet" '
            'id="portlet_101_INSTANCE_tinMoi02"><div class="portlet-content">'
            f'<ul class="title-list">{latest}</ul></div></section></div>\n'
            "</div></div>\n<footer id=\"footer\">Bản quyền thuộc UBND phường</footer>\n</div>\n"
            "</body>\n</html>\n")


def _liferay(title, date, body, lead, views, category):
    when = f"Ngày đăng {_day(date)}" + (f" | {_clock(date)}" if _clock(date) else "")
    counted = f' | <span class="metadata-entry metadata-view-count">Lượt xem: ' \
        f"{_views(views)}</span>" if views is not None else ""
    abstract = ('<div class="asset-abstract"><div class="assetdesc"><span class="assetdesc-text">'
                f"{escape(lead)}</span></div></div>\n") if lead else ""
    content = ('<div class="taglib-header"><span class="header-back-to"><a href="/tin-tuc">'
               f'&laquo; Quay lại</a></span><h1 class="header-title"><span>{escape(title)}'
               "</span></h1></div>\n" + abstract
               + '<div class="asset-full-content default-asset-publisher show-asset-title">\n'
               '<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">'
               f"{when}</span>{counted}</div>\n"
               '<div class="asset-content"><div class="journal-content-article">\n'
               f"{_paragraphs(body)}\n</div>\n"
               '<div class="asset-ratings"><div class="taglib-ratings stars">Đánh giá</div></div>'
               "\n</div>\n</div>\n")
    return _liferay_frame(title, category, content)


def _list_items(kind, entries, date):
    day = f"{_day(date)} {_clock(date)}".strip() if date else ""
    items = []
    for number, (text, href) in enumerate(entries):
        text, href = escape(text), escape(href, quote=True)
        if kind == "nukeviet4-list":
            items.append('<div class="panel panel-default"><div class="panel-body">'
                         f'<h3><a href="{href}" title="{text}">{text}</a></h3>'
                         '<div class="text-muted"><ul class="list-unstyled list-inline">'
                         f'<li><em class="fa fa-clock-o">&nbsp;</em> {day}</li>'
                         f'<li><em class="fa fa-eye">&nbsp;</em> Xem: {10 + number}</li>'
                         "</ul></div></div></div>")
        elif kind == "nukeviet3-list":
            items.append('<div class="news_column"><div class="items clearfix">'
                         f'<h2><a href="{href}" title="{text}">{text}</a></h2>'
                         f"<p>{day}</p></div></div>")
        else:
            items.append('<div class="asset-abstract default-asset-publisher">'
                         f'<h3 class="asset-title"><a href="{href}"><img alt="" src="/html/'
                         f'icons/default.png" /> {text}</a></h3><div class="asset-content">'
                         f'<div class="asset-more"><a href="{href}">Xem tiếp &raquo;</a></div>'
                         '</div><div class="asset-metadata"><span class="metadata-entry '
                         f'metadata-publish-date">{day}</span></div></div>')
    return "\n".join(items) + "\n"


def _list_page(kind, title, date, entries, category):
    items = _list_items(kind, entries, date)
    pages = '<div class="pagination"><a href="?page=1">1</a> <a href="?page=2">2</a></div>\n'
    if kind == "nukeviet4-list":
        return (_head(title) + "<body>\n" + _menu()
                + '<div class="news_column"><div class="alert alert-info clearfix">'
                f"<h1>{escape(title)}</h1></div></div>\n"
                f'<div class="news_column">\n{items}</div>\n{pages}</body>\n</html>\n')
    if kind == "nukeviet3-list":
        return _nukeviet3_frame(title, category, items + pages)
    return _liferay_frame(title, category or title, items + pages)


def render_page(kind, title, date, body_paragraphs, lead=None, views=None, category=None):
    """A saved page of ``kind``: an article ("nukeviet4", "nukeviet3", "liferay") or a
    category page ("nukeviet4-list", "nukeviet3-list", "liferay-list").

    ``date``: (year, month, day, hour, minute) with hour None for no time, or a
    ``datetime``/``date``. For an article, ``body_paragraphs`` are its paragraphs; for a
    category page they are the (title, href) of the articles it lists, ``title`` is the
    page's heading and ``date`` (when given) is printed on every entry.
    """
    if kind in LIST_KINDS:
        return _list_page(kind, title, date, body_paragraphs, category)
    writers = {"nukeviet4": _nukeviet4, "nukeviet3": _nukeviet3, "liferay": _liferay}
    if kind not in writers:
        raise ValueError(f"unknown page kind {kind!r}; use one of "
                         + ", ".join(ARTICLE_KINDS + LIST_KINDS))
    return writers[kind](title, date, body_paragraphs, lead, views, category)
