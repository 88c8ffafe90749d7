"""Wire-agency credits in body text, and image credits split off caption lines.

`find_credits` turns co-reporting lines ("Includes reporting by AFP", "(Reuters) -",
"with AP", "Additional reporting by dpa") into canonical agency names; `split_credit`
separates a caption from its credit ("Photo: Jane Doe/AP", "(Getty Images)", "© dpa").
Both work on plain text, so the HTML and the text pipelines share them.
"""

from __future__ import annotations

import re

#: Canonical agency name -> the spellings that name it (matched case-sensitively as words,
#: except where the spelling is lower-case in the wild, e.g. "dpa").
AGENCIES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "Reuters": ("Reuters", "REUTERS", "Thomson Reuters"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "PA": ("PA", "PA Media", "Press Association", "PA Wire"),
    "ANSA": ("ANSA",),
    "EFE": ("EFE", "Agencia EFE"),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Xinhua": ("Xinhua", "XINHUA"),
    "Yonhap": ("Yonhap", "Yonhap News Agency"),
    "ANP": ("ANP",),
    "APA": ("APA", "Austria Presse Agentur"),
    "SDA": ("SDA", "Keystone-SDA", "Keystone-ATS", "ATS"),
    "TASS": ("TASS", "ITAR-TASS"),
    "KNA": ("KNA",),
    "epd": ("epd",),
    "Belga": ("Belga",),
    "TT": ("TT", "TT Nyhetsbyrån"),
    "NTB": ("NTB",),
    "Ritzau": ("Ritzau",),
    "STT": ("STT",),
    "CTK": ("CTK", "ČTK"),
    "PAP": ("PAP",),
    "Lusa": ("Lusa", "LUSA"),
    "Europa Press": ("Europa Press",),
    "Anadolu": ("Anadolu", "Anadolu Agency", "AA"),
    "IANS": ("IANS",),
    "PTI": ("PTI", "Press Trust of India"),
    "CNA": ("CNA",),
    "AAP": ("AAP", "Australian Associated Press"),
    "CP": ("The Canadian Press", "Canadian Press"),
    "UPI": ("UPI", "United Press International"),
    "Interfax": ("Interfax",),
    "RIA Novosti": ("RIA Novosti",),
    "Jiji": ("Jiji", "Jiji Press"),
    "Bernama": ("Bernama", "BERNAMA"),
    "Antara": ("Antara",),
    "WAFA": ("WAFA",),
    "SID": ("SID",),
}

# Acronyms that are also ordinary words or other abbreviations: alone on the last line they
# are not taken as a credit.
_AMBIGUOUS = frozenset({"AP", "PA", "AA", "TT", "CP", "ATS", "CNA", "SID", "APA", "ANP", "STT",
                        "NTB", "KNA", "PAP", "PTI", "UPI", "IANS"})

_CANON: dict[str, str] = {}
for _name, _spellings in AGENCIES.items():
    for _s in _spellings:
        _CANON[_s.casefold()] = _name

_ALT = "|".join(sorted((re.escape(s) for v in AGENCIES.values() for s in v), key=len,
                       reverse=True))
_AGENCY = rf"(?:{_ALT})"
_LIST = rf"{_AGENCY}(?:\s*(?:,|/|and|und|et|y|e|und der|&)\s*(?:the\s+)?{_AGENCY})*"

# Phrases that introduce co-reporting or wire material anywhere in the text.
_STRONG = (r"(?:(?:includes|including|contains)\s+(?:additional\s+)?(?:reporting|material|"
           r"information|reports?)\s+(?:from|by)|(?:additional|further|with)\s+reporting\s+"
           r"(?:by|from)|reporting\s+by|(?:wire\s+)?material\s+from|"
           r"(?:sources?|quellen?|fuentes?|fonte|bron|agencies|agenturen)\s*:|"
           r"mit\s+material\s+(?:von|der|des)|avec\s+(?:l'|les\s+)?agences?|"
           r"(?:compiled|written)\s+(?:by|from)\s+(?:wire\s+)?(?:reports\s+(?:by|from)))")
# Short introductions that count only when the agency list ends the line or sentence.
_WEAK = r"(?:with|avec|con|mit|from|via|von|par|por|di|och|og|met|sources?|source)"
_END = r"\s*(?:[.)]|$)"

_RE_STRONG = re.compile(rf"\b{_STRONG}\s+(?:the\s+)?({_LIST})(?![\w-])", re.IGNORECASE)
_RE_WEAK = re.compile(rf"(?:^|[-\u2013\u2014(.;]\s*|\n)\s*{_WEAK}\s+(?:the\s+)?({_LIST}){_END}",
                      re.IGNORECASE | re.MULTILINE)
# "WASHINGTON (Reuters) -", "(AFP) —", "Berlin (dpa) -"; also "(dpa/AFP)".
_RE_PAREN = re.compile(rf"\((?:the\s+)?({_LIST})(?:\s*/\s*[\w.]+)?\)\s*[-\u2013\u2014:]")
# A credit alone at the end: "— AFP", "(AP)", "/dpa", or the agency alone on the last line.
_RE_TAIL = re.compile(rf"(?:^|[-\u2013\u2014/(]\s*|\n)(?:the\s+)?({_LIST})\s*\)?\s*\.?\s*$")
_RE_ONE = re.compile(rf"(?<![\w-])({_AGENCY})(?![\w-])")


def _names(group: str, start: int) -> list[tuple[int, str]]:
    """Positions and canonical names of the agencies listed in a matched group."""
    return [(start + m.start(1), _CANON[m.group(1).casefold()]) for m in _RE_ONE.finditer(group)]


_FIRST_WORDS = frozenset(s.split()[0] for v in AGENCIES.values() for s in v)
_WORDS = re.compile(r"\w+")


def find_credits(text: str) -> list[str]:
    """Wire agencies credited in `text`, as canonical names, first mention first."""
    if _FIRST_WORDS.isdisjoint(_WORDS.findall(text[:100_000] + text[-100_000:])):
        return []  # no agency is named at all
    if len(text) > 100_000:  # credits sit near the start or the end; 20 MB took 6 s
        text = text[:50_000] + "\n" + text[-50_000:]
    found: list[tuple[int, str]] = []
    for rx in (_RE_STRONG, _RE_WEAK, _RE_PAREN):
        for m in rx.finditer(text):
            found.extend(_names(m.group(1), m.start(1)))
    offset = max(len(text.rstrip()) - 80, 0)
    if m := _RE_TAIL.search(text.rstrip()[offset:]):
        group = m.group(1).strip()
        bare = m.group(0).lstrip()[:1] not in "-\u2013\u2014/("
        if not (bare and group in _AMBIGUOUS):
            found.extend(_names(m.group(1), offset + m.start(1)))
    seen: dict[str, None] = {}
    for _, name in sorted(found):
        seen.setdefault(name, None)
    return list(seen)


# -- image credits ---------------------------------------------------------------------------

#: Words that label an image credit ("Photo:", "Bild:", "Quelle:"), as a regex group; text
#: mode pre-checks lines by their stems (tests/test_text_mode.py keeps the two in step).
CREDIT_WORDS = (r"(?:photo(?:graph)?s?|image|images|picture|pic|foto(?:s|grafie|graf)?|"
                r"bild|bilder|credit|credits|crédit|photo credit|image credit|source|"
                r"quelle|fuente|fonte|illustration|video|graphic|grafik|"
                r"courtesy(?: of)?|abbildung|afbeelding|kuva|zdjęcie|фото)")
#: The lower-cased start of every alternative of CREDIT_WORDS, for cheap substring and
#: prefix tests before the regexes (tests/test_credits.py keeps the two in step).
CREDIT_STEMS = ("photo", "image", "pic", "foto", "bild", "credit", "crédit", "source",
                "quelle", "fuente", "fonte", "illustration", "video", "graphic", "grafik",
                "courtesy", "abbildung", "afbeelding", "kuva", "zdjęcie", "фото")
_RE_LABELLED = re.compile(rf"(?:^|[\s.;|]\s*|\()(?P<credit>{CREDIT_WORDS}\s*(?::|by\b|–|—|-)"
                          r"\s*[^\n]{2,120}?)\)?\s*$", re.IGNORECASE)
_RE_COPY = re.compile(r"(?:^|\s|\()(?P<credit>(?:©|\(c\)|copyright\b)\s*[^\n]{2,120}?)\)?\s*$",
                      re.IGNORECASE)
#: Photo agencies and picture desks named at the end of a caption, as regex alternatives.
PHOTO_AGENCIES = (r"Getty Images|Getty|AFP|AP|Reuters|dpa|EPA|EPA-EFE|Shutterstock|"
                  r"iStock|Alamy|PA|PA Images|PA Wire|Bloomberg|Imago|IMAGO|picture alliance|"
                  r"picture-alliance|Keystone|ANP|ANSA|Xinhua|Kyodo|Yonhap|SIPA|Sipa|"
                  r"Unsplash|Pexels|Wikimedia Commons|NASA|Handout|Corbis|Redux")
# "(Getty Images)", "(Jane Doe/AP)", "Jane Doe / Reuters" at the end.
_RE_PAREN_AGENCY = re.compile(
    rf"\s*\((?P<credit>[^()\n]{{0,60}}?(?:{PHOTO_AGENCIES})(?:\s+via\s+[^()\n]+)?)\)\s*$")
_RE_SLASH_AGENCY = re.compile(
    rf"(?:[.!?]\s+|\s+[-\u2013\u2014|]\s+)(?P<credit>[A-Z][\w.'\- ]{{1,40}}\s*/\s*"
    rf"(?:{PHOTO_AGENCIES})[\w\- ]{{0,30}})\s*$")
_RE_VIA = re.compile(r"\s*(?P<credit>\b(?:Image|Photo)?\s*[\w.'\- ]{0,40}\bvia\s+[^\n]{2,60})$")


#: What a caption loses at its end when its credit is split off.
CAPTION_TIDY = " \t|-\u2013\u2014/(,;:"


def _tidy(caption: str) -> str:
    return caption.rstrip(CAPTION_TIDY).strip()


def split_credit(text: str) -> tuple[str, str | None]:
    """Split a caption line into (caption, credit); credit is None when there is none.

    Recognised: "Image: X via Y", "Photo: ...", "Photograph: ...", "Foto: ...",
    "Credit: ...", "© ...", "(Getty Images)", "Jane Doe/AP" at the end. A line that is only
    a credit gives an empty caption.
    """
    text = " ".join(text.split())
    if not text:
        return "", None
    for rx in (_RE_LABELLED, _RE_COPY, _RE_PAREN_AGENCY, _RE_SLASH_AGENCY):
        m = rx.search(text)
        if m:
            credit = m.group("credit").strip().rstrip(")").strip()
            start = m.start("credit")
            caption = _tidy(text[:start])
            if credit:
                return caption, credit
    m = _RE_VIA.search(text)
    if m and ("via" in text.split()[:8] or len(m.group("credit")) < 60):
        start = m.start("credit")
        credit = m.group("credit").strip()
        # "X via Y" as the whole line is a credit; otherwise keep the sentence before.
        cut = max(text.rfind(". ", 0, start), text.rfind("| ", 0, start))
        if cut >= 0:
            return _tidy(text[:cut + 1]), text[cut + 2:].strip()
        if len(text) < 70:
            return "", text
    return text, None
