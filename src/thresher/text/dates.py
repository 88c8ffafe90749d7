"""Text mode, datelines: a publication date stated on a line of its own, as YYYY-MM-DD.

A date counts only on a dateline: a short line that says it was published/posted/updated,
or that is a date and little else. A weather or "today" line ("Leeds: 12 °C Tuesday 4 March
2025") gives the day the page was viewed, not the day the article was published.
"""

from __future__ import annotations

import re

_MONTHS: dict[str, int] = {}
for _n, _names in enumerate((
    "january jan januar janvier enero gennaio janeiro januari jänner ene gen janv",
    "february feb februar février fevrier febrero febbraio fevereiro februari febr févr fev",
    "march mar märz maerz mars marzo março maart mrt mär",
    "april apr avril abril aprile avr abr",
    "may mai mayo maggio maio mei mag",
    "june jun juni juin junio giugno junho giu",
    "july jul juli juillet julio luglio julho juil lug",
    "august aug août aout agosto augustus ago",
    "september sep sept septembre septiembre settembre setembro set",
    "october oct oktober octobre octubre ottobre outubro okt ott out",
    "november nov novembre noviembre novembro",
    "december dec dezember décembre decembre diciembre dicembre dezembro dic dez déc",
), start=1):
    for _w in _names.split():
        _MONTHS.setdefault(_w, _n)

_MONTH = r"(?P<mon>[^\W\d_]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|º|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = [re.compile(p, re.IGNORECASE) for p in (
    rf"\b{_YEAR}-(?P<m>\d\d)-(?P<d>\d\d)\b",
    rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",
    rf"\b{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}\b",
    rf"\b(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.{_YEAR}\b",
    rf"\b(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/{_YEAR}\b",
)]
_YEAR_HINT = re.compile(r"(?:19|20)\d\d")
_PUBLISHED = re.compile(
    r"^(?:published|posted|updated|last updated|first published|date|on|"
    r"veröffentlicht|aktualisiert|stand|publié|mis à jour|publicado|actualizado|"
    r"pubblicato|aggiornato|gepubliceerd|bijgewerkt|publicerad|opublikowano|"
    r"опубликовано|обновлено|diterbitkan|dipublikasikan)\b", re.IGNORECASE)
_NOT_PUBLICATION = re.compile(r"°|\btoday\b|\bheute\b|aujourd|\bhoy\b|\boggi\b|\bhoje\b|"
                              r"\bcopyright\b|©|\bweather\b|\bevent\b|\bdeadline\b",
                              re.IGNORECASE)
_FILLER = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|\b(?:montag|dienstag|mittwoch|donnerstag|"
    r"freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|"
    r"martes|miércoles|jueves|viernes|sábado|domingo)\b|\b\d{1,2}[:.h]\d\d(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*[A-Z]{2,4}\b)?|\b(?:at|um|à|a las|alle|as|om|kl)\b|[|,\-\u2013\u2014•·/()]",
    re.IGNORECASE)


def find_date(line: str) -> tuple[str, int, int] | None:
    """The first date in `line` as (YYYY-MM-DD, start, end), or None."""
    for rx in _PATTERNS:
        for m in rx.finditer(line):
            g = m.groupdict()
            year = int(g["year"])
            if g.get("mon") is not None:
                month = _MONTHS.get(g["mon"].lower().rstrip("."))
                day = int(g["day"])
            elif g.get("a") is not None:
                a, b = int(g["a"]), int(g["b"])
                month, day = (b, a) if a > 12 else (a, b)
            else:
                month, day = int(g["m"]), int(g["d"])
            if month and 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}", m.start(), m.end()
    return None


def dateline_date(line: str, byline: bool = False) -> str | None:
    """The publication date a dateline states, or None when the line is not a dateline.

    `byline`: the line is a byline, whose names may stand beside the date.
    """
    if len(line) > 120 or not _YEAR_HINT.search(line) or _NOT_PUBLICATION.search(line):
        return None
    found = find_date(line)
    if found is None:
        return None
    iso, start, end = found
    if _PUBLISHED.match(line) or byline:
        return iso
    rest = _FILLER.sub(" ", line[:start] + " " + line[end:])
    return iso if len(rest.split()) <= 1 else None
