"""The web editor's configuration (Decap CMS at /quan-tri/), made from our content model.

Nothing here is written twice: the collections' fields come from the front-matter
tables (``frontmatter.ARTICLE_FIELDS``, ``documents.FIELDS``) through one table of
widgets per kind (``WIDGETS``), the categories from ``CATEGORIES``, the document
types from ``BANTIN_DOCUMENTS``, the length limits from ``frontmatter.TEXT_LIMITS``.
Labels are the theme's strings (``cms:`` in theme/strings.yaml). Pure: no Pelican.

Three collections: articles, documents (văn bản) and the weekly schedule (lịch công tác).

Example:
    cfg = cms_config(settings, labels, config(settings))
    [c["name"] for c in cfg["collections"]] == ["bai-viet", "van-ban", "lich-cong-tac"]
"""
from bantin.core import documents, frontmatter, schedule
from bantin.core.i18n import _, template

# A real day (31/02 refused; 29/02 in leap years only) and an optional time: what
# dates.parse_date accepts, checked in the form before anything is saved.
_LEAP = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29"
_DAY = (r"(?!0000)\d{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
        r"|(?:0[13578]|1[02])-31)")
DAY_PATTERN = rf"^(?:{_DAY}|{_LEAP})$"

# Front-matter kind -> Decap widget. Kinds absent here are not edited in the form:
# ``legacy`` is written by the importer only, ``slug`` by the editor's script
# (theme/js/cms.js, the same rule as bantin.core.text.slugify).
WIDGETS = {
    "text": {"widget": "string"},
    "date": {"widget": "string"},
    "day": {"widget": "string"},
    "category": {"widget": "select"},
    "type": {"widget": "select"},
    "count": {"widget": "number", "value_type": "int", "min": 0},
    "year": {"widget": "number", "value_type": "int", "min": 1945},
    "tags": {"widget": "list"},
    "numbers": {"widget": "list"},
    "status": {"widget": "select"},
    "file": {"widget": "image", "choose_url": False},
    "number": {"widget": "string"},
}
# Fields an editor does not set in the form (the build or the importer does).
NOT_IN_FORM = {"views", "legacy", "slug", "files", "consultation", "status"}
LONG_TEXT = {"summary", "abstract"}


def _day_rule(field):
    return [DAY_PATTERN, _("{field}: {message}", field=field, message=_(
        "is not a date that exists, written YYYY-MM-DD; e.g. 2024-03-15"))]


def _article_date(entry):
    """The article's date: our own widget (theme/js/cms.js) that refuses what `invoke check`
    refuses, with the check's own messages (their templates, filled in by the script)."""
    entry.update(widget="bantin-date", messages={
        "label": entry["name"],
        "impossible": template(frontmatter.DATE_IMPOSSIBLE),
        "shape": template(frontmatter.DATE_SHAPE),
        "field": template("{field}: {message}"),
        "year": _("a new article must be dated this year ({year}): the web editor files it "
                  "under the year it is written in; ask the site's maintainer to post an "
                  "article of another year", year="{year}")})


def _field(name, required, kind, labels, options=None):
    entry = {"label": labels.get(name, name), "name": name, **WIDGETS[kind]}
    if not required:
        entry["required"] = False
    if name in LONG_TEXT:
        entry["widget"] = "text"
    if kind == "date":
        _article_date(entry)
    elif kind == "day":
        entry["pattern"] = _day_rule(name)
    elif kind == "text" and name in frontmatter.TEXT_LIMITS:
        limit = frontmatter.TEXT_LIMITS[name]
        entry["pattern"] = [rf"^[\s\S]{{1,{limit}}}$", _("{field}: {message}", field=name, message=_(
            "must not be empty and at most {limit} characters long", limit=limit))]
    if options is not None:
        entry["options"] = list(options)
    return entry


def _gallery(labels):
    limit = frontmatter.TEXT_LIMITS["caption"]
    return {"label": labels.get("gallery", "gallery"), "name": "gallery", "widget": "list",
            "required": False, "max": frontmatter.MAX_ITEMS["gallery"],
            "label_singular": labels.get("photo", "photo"),
            "fields": [
                {"label": labels.get("file", "file"), "name": "file", "widget": "image",
                 "choose_url": False},
                {"label": labels.get("caption", "caption"), "name": "caption",
                 "widget": "string", "pattern": [rf"^[\s\S]{{1,{limit}}}$", _(
                     "{field}: {message}", field="caption", message=_("needs a caption"))]},
                {"label": labels.get("alt", "alt"), "name": "alt", "widget": "string",
                 "required": False}]}


def article_fields(settings, labels):
    """The article form: one entry per front-matter field, in the table's order."""
    options = {"category": [name for name, _slug, _desc in settings.get("CATEGORIES", ())]}
    fields = []
    for name, (required, kind) in frontmatter.ARTICLE_FIELDS.items():
        if name in NOT_IN_FORM:
            continue
        if kind == "gallery":
            fields.append(_gallery(labels))
        else:
            fields.append(_field(name, required, kind, labels, options.get(name)))
    fields.append({"label": labels.get("slug", "slug"), "name": "slug", "widget": "hidden",
                   "required": False})
    fields.append({"label": labels.get("body", "body"), "name": "body", "widget": "markdown"})
    return fields


def document_fields(types, labels):
    """The document form (văn bản): the registry's fields, types from the settings."""
    fields = []
    for name, (required, kind) in documents.FIELDS.items():
        if name in NOT_IN_FORM or kind not in WIDGETS:
            continue
        fields.append(_field(name, required, kind, labels,
                             list(types) if kind == "type" else None))
    fields.append({"label": labels.get("slug", "slug"), "name": "slug", "widget": "hidden",
                   "required": False})
    fields.append({"label": labels.get("body", "body"), "name": "body", "widget": "markdown",
                   "required": False})
    return fields


def schedule_fields(labels):
    """The week's schedule (lịch công tác): its Monday and the items of schedule.ITEM_KEYS."""
    items = []
    for name, required in schedule.ITEM_KEYS.items():
        entry = {"label": labels.get(name, name), "name": name, "widget": "string"}
        if not required:
            entry["required"] = False
        if name == "day":
            entry["pattern"] = _day_rule(name)
        elif name == "time":
            entry["pattern"] = [schedule.TIME_PATTERN, _("{field}: {message}", field=name, message=_(
                "must be written like 08:00 or 14h30"))]
        items.append(entry)
    return [{"label": labels.get("week", "week"), "name": "week", "widget": "string",
             "pattern": _day_rule("week")},
            {"label": labels.get("items", "items"), "name": "items", "widget": "list",
             "label_singular": labels.get("item", "item"), "min": 1,
             "max": schedule.MAX_ITEMS,
             "summary": "{{fields.day}} {{fields.time}} {{fields.content}}", "fields": items}]


def cms_config(settings, labels, options):
    """The whole config.yml as a dict; ``options`` is the ``BANTIN_CMS`` setting."""
    article_path = "{{year}}/{{slug}}"
    docs = {**documents.DEFAULTS, **settings.get("BANTIN_DOCUMENTS", {})}
    schedule_folder = settings.get("BANTIN_SCHEDULE", {}).get("folder", "lich-cong-tac")
    # A preview build (no repository set) is edited through decap-server only: the name
    # below is never contacted there. Publishing builds the editor only with both set.
    backend = {"name": "github", "repo": options["repo"] or "example/preview-only",
               "branch": options["branch"], "auth_scope": options["auth_scope"]}
    if options["auth_url"]:
        backend["base_url"] = options["auth_url"]
    return {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        **({"local_backend": {"url": options["local_backend"],
                              "allowed_hosts": ["127.0.0.1", "localhost"]}}
           if options["local_backend"] else {}),
        "locale": "vi",
        "site_url": settings.get("SITEURL") or "/",
        "media_folder": "content/images",
        "public_folder": "",
        "collections": [
            {"name": "bai-viet", "label": labels.get("articles_collection", "articles"),
             "label_singular": labels.get("article", "article"),
             "folder": settings.get("PATH_IN_REPO", "content"), "path": article_path,
             "slug": "{{fields.slug}}", "create": True, "extension": "md",
             "format": "yaml-frontmatter", "summary": "{{title}} ({{fields.date}})",
             "media_folder": "/content/images/{{dirname}}/{{filename}}",
             "public_folder": "",
             "filter": {"field": "category", "pattern": "."},
             "fields": article_fields(settings, labels)},
            {"name": "van-ban", "label": labels.get("documents_collection", "documents"),
             "label_singular": labels.get("document", "document"),
             "folder": f"content/{docs['folder']}", "path": "{{slug}}",
             "slug": "{{fields.slug}}", "create": True, "extension": "md",
             "format": "yaml-frontmatter", "summary": "{{number}} {{abstract}}",
             "identifier_field": "abstract",
             "fields": document_fields(docs["types"], labels)},
            {"name": "lich-cong-tac", "label": labels.get("schedule_collection", "schedule"),
             "label_singular": labels.get("week_singular", "week"),
             "folder": f"content/{schedule_folder}", "extension": "yaml", "format": "yaml",
             "create": True, "identifier_field": "week", "slug": "{{fields.week}}",
             "summary": "{{week}}", "fields": schedule_fields(labels)},
        ],
    }
