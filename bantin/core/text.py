"""Vietnamese text helpers: normalisation, slugs, folding and alphabetical order.

Pure functions, no Pelican: the reader, the importer, the checker and the
search plugin all share them.
"""
import re
import unicodedata

# "Đ" does not decompose under NFD, so stripping combining marks leaves it;
# U+00D0 "Ð" (Icelandic eth) is the look-alike that legacy portals paste in.
_D_FOLD = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})
_LOOKALIKE = str.maketrans({"Ð": "Đ", "ð": "đ"})
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b]+")

SLUG_MAX = 80
# Characters that are never text: C0/C1 controls (XML 1.0 refuses most, so feeds
# break), bidi embeddings, overrides and isolates (text reads other than it is),
# noncharacters and lone surrogates.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e"
                         "\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
# Separators that stand between words: removing them would glue the words together.
_AS_SPACE = re.compile("[\t\x0b\x0c\x85\u2028\u2029]")


def remove_unprintable(text):
    """``text`` without control characters, bidi controls, noncharacters and lone
    surrogates; tabs and line separators become spaces, CR LF a newline.

    Example: remove_unprintable("Tin\x07\tmới\u202e") == "Tin mới"
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return UNPRINTABLE.sub("", _AS_SPACE.sub(" ", text))


def unprintable(text):
    """The first character of ``text`` that is not text, as ``U+XXXX``, or None.

    Example: unprintable("Tin\x07 mới") == "U+0007"
    """
    match = UNPRINTABLE.search(text)
    return f"U+{ord(match.group(0)):04X}" if match else None


def nfc(text):
    """Return ``text`` in Unicode NFC.

    Example: nfc("u\u031b\u0309") == "ử"
    """
    return unicodedata.normalize("NFC", text)


def clean_text(text):
    """NFC, look-alike "Ð" to "Đ", non-breaking and repeated spaces to one space.

    Example: clean_text("Ðức\u00a0 Giang") == "Đức Giang"
    """
    text = nfc(text).translate(_LOOKALIKE)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def name_key(text):
    """Key for matching names typed by people: NFC, case and dash style ignored.

    Example: name_key("KINH TẾ - XÃ HỘI") == name_key("Kinh tế – Xã hội")
    """
    text = nfc(text).casefold().translate(_LOOKALIKE)
    for dash in "–—‒−":
        text = text.replace(dash, "-")
    return " ".join(text.split())


def fold(text):
    """Lower-case ASCII-ish form with tones, marks and "đ" removed.

    Example: fold("Đảng ủy") == "dang uy"
    """
    text = unicodedata.normalize("NFD", text.translate(_D_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text).casefold()


def slugify(text, max_length=SLUG_MAX):
    """ASCII slug: "đ"→"d", separators kept apart, cut at a word boundary.

    Example: slugify("Nghị quyết 97/2019/QH14") == "nghi-quyet-97-2019-qh14"
    """
    words = re.findall(r"[a-z0-9]+", fold(text))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:  # a single word longer than the limit
        slug = words[0][:max_length]
    return slug


# Vietnamese alphabet order; tone marks only break ties (secondary key).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {c: i for i, c in enumerate(_ALPHABET)}
# Tone marks, in the order dictionaries list them (none, huyền, hỏi, ngã, sắc, nặng).
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _split_letter(char):
    """Return (letter without its tone, tone rank) of one character."""
    decomposed = unicodedata.normalize("NFD", char.casefold())
    tone = max((_TONE_RANK.get(c, 0) for c in decomposed), default=0)
    base = "".join(c for c in decomposed if c not in _TONE_RANK)
    return unicodedata.normalize("NFC", base), tone


def sort_key(text):
    """Key that sorts Vietnamese words in dictionary order (a, ă, â, b, …, đ, …).

    Example: sorted(["đá", "dê", "an", "ăn"], key=sort_key) == ["an", "ăn", "dê", "đá"]
    """
    primary, secondary = [], []
    for char in nfc(text).translate(_LOOKALIKE):
        base, tone = _split_letter(char)
        for b in base:
            primary.append((0, _LETTER_RANK[b]) if b in _LETTER_RANK else (1, ord(b)))
        secondary.append(tone)
    return primary, secondary


# Read as cp1252, TCVN3 (ABC) text is full of symbols such as "µ ¸ · ¨ ®", and VNI
# text of an ASCII vowel followed by a Latin-1 letter carrying the tone ("Vieät").
_TCVN3 = re.compile(r"[\u00a1-\u00bf\u00d7]")
_VNI = re.compile(r"[aeiouyAEIOUY][\u00c0-\u00ff]")
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")


def legacy_encoding(text):
    """Name the legacy 8-bit Vietnamese encoding ``text`` looks like, or None.

    Example: legacy_encoding("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "TCVN3"
    """
    if len(_VIETNAMESE.findall(text)) > 3:
        return None
    letters = sum(c.isalpha() for c in text) or 1
    tcvn3, vni = len(_TCVN3.findall(text)) / letters, len(_VNI.findall(text)) / letters
    if max(tcvn3, vni) < 0.05:  # real legacy text has one in almost every word
        return None
    return "TCVN3" if tcvn3 >= vni else "VNI"
