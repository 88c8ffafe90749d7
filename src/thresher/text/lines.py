"""Text mode, segment: a plain-text page to `Line`s and their per-line facts.

A text dump keeps one block element per line; list items come as "  • item" (or "-", "*",
"1."), paragraphs are often, not always, separated by a blank line. Each non-blank line
becomes a `Line` with the facts the classifier needs, counted in ways that work in any
language: lengths, punctuation, capitals, digits, bullets, blank neighbours and the share of
function words from a small multilingual set.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

_BULLET = re.compile(r"^([\u2022\u25aa\u25e6\u2023\u2043\u00b7\u25cf\u25a0\u2013\-*+>])\s+")
_ORDERED = re.compile(r"^(\d{1,3})[.)]\s+(?=\S)")
_SENT_END = frozenset(".!?\u3002\uff01\uff1f\u2026\u061f\u0964")
_CLOSERS = "\"'\u201d\u2019\u00bb)]\u300d\u300f*"
_PUNCT = re.compile(r"[^\w\s]")
_DIGIT = re.compile(r"\d")
_BOILER = re.compile(
    r"cookie|share|subscri|newsletter|log ?in|sign ?(?:in|up)|regist|comment|follow|advert|"
    r"privacy|terms|copyright|rights reserved|related|read more|skip to|menu|search|"
    r"facebook|twitter|instagram|linkedin|whatsapp|pinterest|youtube|e-?mail|print|"
    r"teilen|anmeld|abonn|werbung|datenschutz|partag|connexion|publicit|compart|suscr|"
    r"condivid|accedi|iscriv|поделит|войти|реклам|подпис|inscrev|entrar|assin|"
    r"\u00a9|https?:|www\.|\.com\b|\bloading\b|javascript|\b(?:back|top|next|prev)\b",
    re.IGNORECASE)

_STOP = """
the of and to a in is that for it as was with be by on not he i this are or his from at
which but have an they you were her she we there been their has will would its who our
der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an
werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über so zum war
le la les de des et un une du en que qui dans pour pas sur au est il elle ce par plus avec
son se sont ne aux mais ou nous vous leur ses
el los las y del se por con para una es lo como más pero sus al le ya fue este ha sí
il di che è per non una sono della nel alla gli delle anche come ma si ha dei
o os as do da em um uma para com não no na por mais dos como mas ao ele das à seu sua ou
het een van en is dat op te zijn voor met niet aan er maar om ook als bij
och att är som för på av med till den inte har ett jag om vi så
и в не на я что он с как а то все она так его но да ты к у же вы за бы по из ее от
się nie w z na i do to że jest o jak ale po co tak za od
yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada
bir ve bu da de için ile olarak daha gibi çok
"""
#: Frequent function words of common languages: a high share marks running prose.
STOP_WORDS = frozenset(_STOP.split())

FEATURES_PER_LINE = (
    "log_chars", "log_words", "sent_end", "colon_end", "comma_end", "punct_ratio",
    "digit_ratio", "first_upper", "cap_words", "all_caps", "bullet", "ordered", "indent",
    "blank_before", "blank_after", "repeated", "dup_prev", "dup_next", "stop_ratio",
    "separators", "boiler", "mean_word_len", "non_ascii", "sentences",
)


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of a text page: its text without the list marker, and layout."""

    index: int  # position among the non-blank lines
    text: str
    raw: str  # the stripped line as written, marker included
    bullet: str = ""  # the list marker ("•", "-", "1." ...) or ""
    indent: int = 0
    blank_before: bool = False
    blank_after: bool = False


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of `text`, list markers split off, blank neighbours noted."""
    out: list[Line] = []
    blank = True
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped:
            blank = True
            if out and not out[-1].blank_after:
                last = out[-1]
                out[-1] = Line(last.index, last.text, last.raw, last.bullet, last.indent,
                               last.blank_before, True)
            continue
        bullet, body = "", stripped
        first = stripped[0]
        if not first.isalnum():
            if m := _BULLET.match(stripped):
                bullet, body = m.group(1), stripped[m.end():]
        elif first.isdigit() and (
                m := _ORDERED.match(stripped)):
            bullet, body = m.group(0).strip(), stripped[m.end():]
        indent = len(raw) - len(raw.lstrip())
        out.append(Line(len(out), " ".join(body.split()), stripped, bullet, indent, blank))
        blank = False
    return out


def line_features(lines: list[Line]) -> np.ndarray:
    """(n_lines, len(FEATURES_PER_LINE)) float32 facts of each line on its own."""
    counts = Counter(ln.text for ln in lines)
    rows = []
    prev_text = None
    texts = [ln.text for ln in lines]
    for i, ln in enumerate(lines):
        t = ln.text
        n = len(t) or 1
        words = t.split()
        nw = len(words) or 1
        last = t.rstrip(_CLOSERS)[-1:] if t else ""
        head = words[:12]
        caps = sum(1 for w in head if w[:1].isupper()) / (len(head) or 1)
        lower = t.lower().split()
        stop = sum(1 for w in lower if w in STOP_WORDS) / nw
        punct = len(_PUNCT.findall(t))
        digits = len(_DIGIT.findall(t))
        ascii_chars = len(t.encode("ascii", "ignore"))
        nxt = texts[i + 1] if i + 1 < len(texts) else None
        rows.append((
            np.log1p(len(t)), np.log1p(len(words)), last in _SENT_END, last == ":",
            last in ",;", punct / n, digits / n, t[:1].isupper(), caps,
            t.isupper(), ln.bullet != "" and not ln.bullet[0].isalnum(),
            ln.bullet[:1].isalnum(), min(ln.indent, 8) / 8, ln.blank_before, ln.blank_after,
            min(counts[t] - 1, 3), t == prev_text, t == nxt, stop,
            t.count("|") + t.count(" \u00b7 ") + t.count(" / "),
            len(t) < 120 and _BOILER.search(t) is not None, len(t) / nw,
            1 - ascii_chars / n, min(t.count(". ") + t.count("? ") + t.count("! "), 10),
        ))
        prev_text = t
    return np.asarray(rows, dtype=np.float32).reshape(len(lines), len(FEATURES_PER_LINE))
