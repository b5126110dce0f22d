"""Giới thiệu and Liên hệ as data: the organisation, its duties, its units and leaders,
its contacts — one file (``content/to-chuc.yaml``), in Vietnamese and in English.

Every text that readers see has its English twin (``name`` and ``name_en``…), so that
the English pages never fall back to Vietnamese. Pure: no Pelican.

Example:
    org, problems = parse(text, "content/to-chuc.yaml")
"""
import re

from bantin.core import datafile
from bantin.core.frontmatter import Problem
from bantin.core.i18n import _

# field: (required, kind, has an English twin)
FIELDS = {
    "name": (True, "text", True),        # Ủy ban nhân dân phường …
    "short_name": (False, "text", True),  # UBND phường …
    "address": (True, "text", True),
    "phone": (True, "phone", False),
    "hotline": (False, "phone", False),
    "email": (True, "email", False),
    "hours": (False, "text", True),       # giờ làm việc, tiếp công dân
    "about": (False, "paragraphs", True),
    "duties": (False, "list", True),      # chức năng, nhiệm vụ
    "units": (False, "units", False),      # bộ máy: each {name, name_en, head}
    "leaders": (False, "leaders", False),  # lãnh đạo: each {name, title, title_en, phone, email}
}
PERSON_KEYS = ("name", "title", "phone", "email", "head")
# What an item of each list must also say in English: a unit's name, a leader's title
# (a person's name is the same in both languages).
ENGLISH_TWINS = {"units": {"name"}, "leaders": {"title"}}
_PHONE = re.compile(r"^[0-9 ()+.\-–]{6,40}(?: \(.{1,40}\))?$")
MAX_ITEMS = 100



def _text(value, limit=3000):
    return datafile.text_value(value, limit)


def _phone(value):
    text = _text(value, 60)
    if not _PHONE.match(text):
        raise ValueError(_("{value!r} is not a phone number; write it like 024 3827 1234",
                           value=text))
    return text


def _email(value):
    text = _text(value, 200)
    if not datafile.EMAIL.match(text):
        raise ValueError(_("{value!r} is not an e-mail address", value=text))
    return text


def _list(value):
    items = value if isinstance(value, list) else None
    if not items or len(items) > MAX_ITEMS:
        raise ValueError(_("must be a list of 1 to {limit} lines, each starting with '- '",
                           limit=MAX_ITEMS))
    return [_text(item, 1000) for item in items]


def _paragraphs(value):
    return [p.strip() for p in _text(value, 8000).split("\n\n") if p.strip()]


def _people(value, twins):
    if not isinstance(value, list) or not value or len(value) > MAX_ITEMS:
        raise ValueError(_("must be a list, each item starting with '- name: …'"))
    people = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise ValueError(_("item {number} must have name, title…", number=number))
        allowed = set(PERSON_KEYS) | {f"{k}_en" for k in twins}
        unknown = set(map(str, item)) - allowed
        if unknown:
            raise ValueError(_("item {number}: {problem}", number=number, problem=_(
                "there is no field {field!r}; the only fields are {fields}",
                field=sorted(unknown)[0], fields=", ".join(sorted(allowed)))))
        person = {}
        try:
            for key in PERSON_KEYS:
                if item.get(key) in (None, ""):
                    continue
                check = _phone if key == "phone" else _email if key == "email" else _text
                person[key] = check(item[key])
                if key in twins:
                    if item.get(f"{key}_en") in (None, ""):
                        raise ValueError(_("{field}_en is missing (the English version of "
                                           "{field})", field=key))
                    person[f"{key}_en"] = _text(item[f"{key}_en"])
            if "name" not in person:
                raise ValueError(_("{field} is missing", field="name"))
        except ValueError as exc:
            raise ValueError(_("item {number}: {problem}", number=number, problem=exc)) from None
        people.append(person)
    return people


_KINDS = {"text": _text, "phone": _phone, "email": _email, "list": _list,
          "paragraphs": _paragraphs,
          "units": lambda value: _people(value, ENGLISH_TWINS["units"]),
          "leaders": lambda value: _people(value, ENGLISH_TWINS["leaders"])}


def parse(text, path):
    """(organisation dict, problems) of the data file's text."""
    data, lines, problems = datafile.load_yaml(text, path)
    org = {}
    twins = {f"{k}_en": k for k, (_r, _kind, twin) in FIELDS.items() if twin}
    for key, value in (data or {}).items():
        base = twins.get(key, key)
        if base not in FIELDS:
            problems.append(Problem(path, _("unknown field; the fields are: {fields}",
                                            fields=", ".join(FIELDS)),
                                    line=lines.get(key), field=key))
            continue
        try:
            org[key] = _KINDS[FIELDS[base][1]](value)
        except ValueError as exc:
            problems.append(Problem(path, str(exc), line=lines.get(key), field=key))
    for key, (required, _kind, twin) in FIELDS.items():
        if required and key not in (data or {}):
            problems.append(Problem(path, _("required but missing"), line=1, field=key))
        if twin and key in (data or {}) and f"{key}_en" not in (data or {}):
            problems.append(Problem(path, _("{field}_en is missing: the English version of "
                                            "{field} (the English pages never show the "
                                            "Vietnamese instead)", field=key),
                                    line=lines.get(key), field=f"{key}_en"))
    return org, problems


def jsonld(org, url, lang="vi"):
    """schema.org GovernmentOrganization of ``org`` in ``lang``.

    Example: jsonld({"name": "UBND", "name_en": "PC", …}, "https://x.vn/")["@type"]
    """
    def pick(item, key):
        return item.get(f"{key}_en") if lang == "en" else item.get(key)
    data = {"@context": "https://schema.org", "@type": "GovernmentOrganization",
            "name": pick(org, "name"), "telephone": org["phone"], "email": org["email"],
            "address": {"@type": "PostalAddress", "streetAddress": pick(org, "address"),
                        "addressCountry": "VN"}}
    if url:
        data["url"] = url
    members = [{"@type": "Person", "name": p["name"], "jobTitle": pick(p, "title")}
               for p in org.get("leaders", ()) if p.get("title")]
    if members:
        data["member"] = [{"@type": "OrganizationRole", "member": m} for m in members]
    return data
