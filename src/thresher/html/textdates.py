"""Dates written by machines (ISO 8601, RFC 2822) and by people, in many languages."""

from __future__ import annotations

import re
from datetime import UTC, date

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate((
        "january jan januar janvier enero gennaio januari janeiro jänner janv ene gen stycznia "
        "styczeń tammikuuta ianuarie ocak январь января",
        "february feb februar février fevrier febrero febbraio februari fevereiro févr fév "
        "lutego luty helmikuuta februarie şubat февраль февраля",
        "march mar märz maerz mars marzo maart março mär marca marzec maaliskuuta martie mart "
        "март марта",
        "april apr avril abril aprile kwietnia kwiecień huhtikuuta aprilie nisan апрель апреля",
        "may mai mayo maggio mei maio maj maja toukokuuta mayıs май мая",
        "june jun juni juin junio giugno junho czerwca czerwiec kesäkuuta iunie haziran июнь "
        "июня",
        "july jul juli juillet julio luglio julho juil lipca lipiec heinäkuuta iulie temmuz "
        "июль июля",
        "august aug août aout agosto augustus ago agosto sierpnia sierpień elokuuta august "
        "ağustos август августа",
        "september sep sept septembre septiembre settembre setembro set sett września "
        "wrzesień syyskuuta septembrie eylül сентябрь сентября",
        "october oct oktober octobre octubre ottobre outubro okt ott out października "
        "październik lokakuuta octombrie ekim октябрь октября",
        "november nov novembre noviembre novembro listopada listopad marraskuuta noiembrie "
        "kasım ноябрь ноября",
        "december dec dezember décembre decembre diciembre dicembre desember dezembro dez dic "
        "déc grudnia grudzień joulukuuta decembrie aralık декабрь декабря")):
    for _n in _names.split():
        _MONTHS.setdefault(_n, _i + 1)

_MON = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?"
                  r"(?:[.,]\d+)?\s*(Z|[+-]\d\d:?\d\d)?)?(?!\d)")
_YMD = re.compile(r"(?<![\d.])((?:19|20)\d\d)[/.年]\s*(\d{1,2})[/.月]\s*(\d{1,2})日?(?![\d])")
_DMY_NUM = re.compile(r"(?<![\d./])(\d{1,2})([./-])(\d{1,2})\2((?:19|20)\d\d)(?![\d])")
_MDY = re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b",
                  re.IGNORECASE)
_DMY = re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?[\s-]*(?:de\s+|of\s+)?({_MON})\.?,?"
                  rf"[\s-]*(?:de\s+|del\s+)?((?:19|20)\d\d)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_UPDATED_BEFORE = re.compile(r"(?:updated|modified|aktualisiert|actualizado|actualisé|"
                             r"mis à jour|aggiornato|bijgewerkt|edited|geändert|"
                             r"atualizado|zaktualizowano|päivitetty)\b[^.\n]{0,25}$",
                             re.IGNORECASE)


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _iso_full(m: re.Match[str]) -> str | None:
    day = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if not day or m.group(4) is None:
        return day
    hh, mm, ss = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
    if hh > 23 or mm > 59 or ss > 59:
        return day
    out = f"{day}T{hh:02d}:{mm:02d}:{ss:02d}"
    tz = m.group(7)
    if tz == "Z":
        out += "+00:00"
    elif tz:
        tz = tz.replace(":", "")
        out += f"{tz[:3]}:{tz[3:]}"
    return out


def _dates_in(text: str, dayfirst: bool = False) -> list[tuple[int, str]]:
    """(position, ISO date) of every date written in `text`."""
    if not _YEAR.search(text):  # every pattern below needs a year; most texts have none
        return []
    found: list[tuple[int, str]] = []
    for m in _ISO.finditer(text):
        if d := _iso_full(m):
            found.append((m.start(), d))
    for m in _YMD.finditer(text):
        if d := _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            found.append((m.start(), d))
    for m in _MDY.finditer(text):
        if d := _iso(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2))):
            found.append((m.start(), d))
    for m in _DMY.finditer(text):
        if d := _iso(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))):
            found.append((m.start(), d))
    for m in _DMY_NUM.finditer(text):
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        # "." and "-" are day-first; "/" too where the page's language says so
        day_first = (m.group(2) != "/" or dayfirst or a > 12) and b <= 12
        d = _iso(y, b, a) if day_first else _iso(y, a, b)
        if d:
            found.append((m.start(), d))
    found.sort()
    out: list[tuple[int, str]] = []
    for pos, d in found:  # one date per place: the first (most specific) reading
        if not out or pos >= out[-1][0] + 6:
            out.append((pos, d))
    return out


def parse_date(value: str, dayfirst: bool = False) -> str | None:
    """The first date in `value` as ISO 8601 (with time and offset when given)."""
    value = value.strip()
    if not value or len(value) > 200:
        return None
    if value.isdigit() and len(value) in (10, 13):  # a Unix timestamp
        from datetime import datetime
        try:
            ts = int(value) / (1000 if len(value) == 13 else 1)
            return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")
        except (OverflowError, OSError, ValueError):
            return None
    found = _dates_in(value, dayfirst)
    return found[0][1] if found else None


def text_dates(text: str, dayfirst: bool = False) -> list[tuple[str, bool]]:
    """Dates written in a text, in order, each with whether a word marks it as an update."""
    return [(d, bool(_UPDATED_BEFORE.search(text[max(0, pos - 40):pos])))
            for pos, d in _dates_in(text, dayfirst)]
