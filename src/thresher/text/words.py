"""Text mode, words: the function words and site-furniture words counted in each line.

The words of the lines are hashed with numpy (a polynomial hash of the lower-cased characters,
by running sums) and looked up in a table of the hashes of the listed words.
"""

from __future__ import annotations

import re

import numpy as np

from ..credits import AGENCIES

_BOILER_WORDS = """
cookie cookies share shares shared sharing subscribe subscribed subscription subscriptions
subscriber subscribers newsletter newsletters login logout signin signup sign register
registration comment comments follow advertisement advertisements advertising ads ad
privacy terms copyright reserved related skip menu search facebook twitter instagram
linkedin whatsapp pinterest youtube tiktok reddit telegram email mail print loading
javascript www http https com back top next previous prev tags tag category categories
teilen anmelden abmelden abonnieren abonnement werbung anzeige datenschutz impressum
kontakt partager connexion abonnez publicité compartir suscríbete suscribirse
publicidad condividi accedi iscriviti pubblicità entrar assine publicidade
поделиться войти реклама подписаться
"""
_BOILER_SET = frozenset(_BOILER_WORDS.split())
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
#: Token -> 1 for a function word, 2 for a word of site furniture (menus, sharing, legal).
_STOP, _FURNITURE, _AGENCY, _COOKIE, _CONSENT = 1, 2, 4, 8, 16
# A cookie notice: a line with "cookie(s)" and one of these (asking for consent).
_CONSENT_WORDS = """
use uses using accept accepting agree consent continue continuing browse browsing policy
settings preferences privacy allow necessary verwenden nutzen akzeptieren zustimmen
einverstanden zustimmung einstellungen datenschutz utilise utilisons accepter acceptez
consentement paramètres utiliza utilizamos aceptar aceptas consentimiento configuración
utilizziamo accetta accetti consenso usamos aceitar consentimento gebruikt accepteren
akceptuję zgoda używamy
"""


def _agency_word(spelling: str) -> str:
    """The first word of an agency's name, lower-cased ("The Associated Press": "associated",
    which `AGENCIES` also lists alone)."""
    words = re.findall(r"\w+", spelling)
    return (words[1] if words[0] == "The" and len(words) > 1 else words[0]).lower()


#: Token -> bits: 1 a function word, 2 a word of site furniture (menus, sharing, legal),
#: 4 the first word of a wire agency's name (only a line with one can credit an agency).
_WORD_CODE = {**{w: _FURNITURE for w in _BOILER_SET}, **{w: _STOP for w in STOP_WORDS}}
for _w in _CONSENT_WORDS.split():
    _WORD_CODE[_w] = _WORD_CODE.get(_w, 0) | _CONSENT
for _w in ("cookie", "cookies"):
    _WORD_CODE[_w] = _WORD_CODE.get(_w, 0) | _COOKIE
for _w in {_agency_word(s) for names in AGENCIES.values() for s in names}:
    _WORD_CODE[_w] = _WORD_CODE.get(_w, 0) | _AGENCY


def _hash_tables() -> tuple[np.ndarray, int, np.ndarray, np.ndarray]:
    """(lower-case code point of each BMP character, the hash base, and a table indexed by
    `_slot` of a hash: the hash of the word of `_WORD_CODE` there, the row of its code in
    `_BITS`), built once.
    The base is the first that gives every word a slot of its own."""
    if not _HASH:
        low = np.arange(0x10000, dtype=np.uint64)
        for cp in range(0x10000):
            lower = chr(cp).lower()
            if len(lower) == 1:
                low[cp] = ord(lower)
        base = _BASE
        while len({_slot(_word_hash(w, base)) for w in _WORD_CODE}) < len(_WORD_CODE):
            base += 2
        keys = np.zeros(1 << (64 - _SHIFT), dtype=np.uint64)
        codes = np.zeros(len(keys), dtype=np.int8)
        for w, c in _WORD_CODE.items():
            h = _word_hash(w, base)
            keys[_slot(h)], codes[_slot(h)] = h, _CODES.index(c)
        _HASH.append((low, base, keys, codes))
    return _HASH[0]


def _powers(n: int, base: int) -> tuple[np.ndarray, np.ndarray]:
    """base**k and base**-k modulo 2**64 for k < n at least (cached up to 2**18 entries)."""
    if _POWERS and len(_POWERS[0][0]) >= n:
        return _POWERS[0]
    size = max(n, 1 << 16, len(_POWERS[0][0]) * 2 if _POWERS else 0)
    out = []
    for b in (base, pow(base, -1, 1 << 64)):  # the base is odd: it has an inverse
        p = np.empty(size, np.uint64)
        p[0] = 1
        np.cumprod(np.full(size - 1, b, np.uint64), out=p[1:])
        out.append(p)
    if size <= 1 << 18:
        _POWERS[:] = [(out[0], out[1])]
    return out[0], out[1]


def _slot(h: int) -> int:
    """The table slot of hash `h` (the top bits of h * _MIX mod 2**64)."""
    return (h * _MIX) % (1 << 64) >> _SHIFT


def _word_hash(word: str, base: int) -> int:
    """The polynomial hash of `word` modulo 2**64, as `word_counts` computes it."""
    return sum(ord(c) * pow(base, k, 1 << 64) for k, c in enumerate(word)) % (1 << 64)


_BASE = 0x9E3779B97F4A7C15
_MIX = 0xD6E8FEB86659FD93
_SHIFT = 64 - 18  # a table of 2**18 slots
_MAX_WORD = max(map(len, _WORD_CODE))
_HASH: list[tuple[np.ndarray, int, np.ndarray, np.ndarray]] = []
_POWERS: list[tuple[np.ndarray, np.ndarray]] = []
#: The codes that occur (0 first: no word), and the bits of each, one row a code.
_CODES = sorted({0, *_WORD_CODE.values()})
_BITS = np.array([[(c & bit) > 0 for bit in (_STOP, _FURNITURE, _AGENCY, _COOKIE, _CONSENT)]
                  for c in _CODES], dtype=np.float64)


def word_counts(cps: np.ndarray, inside: np.ndarray, line_starts: np.ndarray,
                n: int) -> np.ndarray:
    """(n, 5) per line: function, furniture, agency, cookie and consent words (lower-cased
    runs of letters and digits: the characters `inside` a word; astral ones never are).

    Each run is hashed with numpy and looked up in the table of the words' hashes: the hash
    of the run [a, b) is (C[b] - C[a]) * base**-a, C the running sum of char * base**k."""
    low, base, keys, word_codes = _hash_tables()
    # Runs start where `inside` turns on and end where it turns off.
    if len(inside) and (inside[0] or inside[-1]):
        edges = np.flatnonzero(np.diff(inside, prepend=False, append=False))
    else:  # (no run at either end: the usual case, lines end with a newline)
        edges = np.flatnonzero(inside[1:] != inside[:-1]) + 1
    starts, ends = edges[::2], edges[1::2]
    short = (ends - starts) <= _MAX_WORD
    starts, ends = starts[short], ends[short]
    power, inverse = _powers(len(cps), base)
    c = np.zeros(len(cps) + 1, np.uint64)
    lowered = low.take(cps, mode="clip")
    np.cumsum(np.multiply(lowered, power[:len(cps)], out=lowered), out=c[1:])
    h = (c[ends] - c[starts]) * inverse[starts]
    at = ((h * np.uint64(_MIX)) >> np.uint64(_SHIFT)).astype(np.intp)
    codes = word_codes.take(at)
    codes[keys.take(at) != h] = 0
    hit = np.flatnonzero(codes)
    line = np.searchsorted(line_starts, starts[hit], "right") - 1
    k = len(_CODES)  # (a few: one count per line and code, then the bits of the codes)
    return np.bincount(line * k + codes[hit], minlength=n * k).reshape(n, k) @ _BITS
