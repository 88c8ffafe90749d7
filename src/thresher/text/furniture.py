"""Text mode, the furniture around an article: comment threads, sharing bars, captions.

A comment thread below the article is told by its headers: short lines naming the commenter
and what they did ("Alex on 17 September 2018 at 6:34 am said:", "Hans says:" over a
"October 17, 2008 at 11:22 am" line), dated on the line or on the next one. A quoted post in
a forum ("PMc said:") has no date: forum replies are the page's content and are not cut. The
thread starts at the section marker above its first header ("Comments", "34 responses to
“…”") or, with no marker, at the first header. A thread without such headers is told by a
section heading ("[ 167 comments ]", "Top Rated Comments") with timestamp lines ("2 days ago
at 07:52 am") below it. A sharing bar is a short line of network names and share / print /
save words. Links to other articles come under a "Related" heading. A caption may say it
is one ("Image caption …") or read as a wire photo's.
"""

from __future__ import annotations

import re
from collections import Counter

from .dates import find_date
from .lines import lines_with
from .lists import SENT_END, is_prose

COMMENTS = re.compile(
    r"^(?:\d+\s+)?(?:comments?|reader comments|kommentare?|"
    r"commentaires?|comentarios?|commenti|comentários|reacties|kommentarer|"
    r"комментари\w*)(?:\s*\(\d+\))?\s*:?$|^(?:leave|post|add|write)\s+an?\s+(?:comment|reply)|"
    r"^join the (?:discussion|conversation)", re.IGNORECASE)
# The heading of the links to other articles below an article.
RELATED = re.compile(
    r"^(?:related(?: articles| stories| posts| news| content| links| videos| coverage)?|"
    r"more (?:stories|news|articles|"
    r"from .{1,30})|most (?:popular|read|viewed)(?: (?:in|on|from) [\w ]{1,30})?|"
    r"you (?:may|might) also like|recommended"
    r"(?: for you| stories)?|read (?:next|also)|also read|trending(?: now)?|popular "
    r"(?:stories|posts|articles)|weitere artikel|lesen sie auch|mehr zum thema|das könnte sie "
    r"auch interessieren|à lire aussi|lire aussi|sur le même sujet|te puede interesar|"
    r"noticias relacionadas|leggi anche|potrebbe interessarti|leia também|veja também|"
    r"relacionad[oa]s?|(?:você )?(?:também )?pode gostar|vous aimerez aussi|à voir aussi|"
    r"(?:también )?te (?:puede|podría) interesar|art[íi]culos relacionados|ähnliche artikel|"
    r"articoli correlati|gerelateerde artikelen|lees ook|zobacz (?:też|także)|"
    r"powiązane artykuły|читайте также|похожие статьи|по теме|関連記事|おすすめ記事|"
    r"相关文章|相關文章|推荐阅读|相关阅读)\W*$", re.IGNORECASE)
# "34 responses to “Title”", "10 thoughts on “Title”", "12 Antworten auf „Titel“".
#: A byline's opening label ("By", "Von", "Par", "Written by", "Автор"), followed by a name.
BYLINE = re.compile(r"^(?:by|von|par|por|di|door|av|af|autor(?:in)?|author|written by|"
                    r"text|texte|texto|testo|reporting by|posted by|автор)\b[:\s]+(?=\w)",
                    re.IGNORECASE)
_THREAD = re.compile(
    r"^\d+\s+(?:responses?|replies|thoughts|comments?|antworten|kommentare|réponses|"
    r"commentaires|respuestas|comentarios|risposte|commenti|reacties|"
    r"comentários|respostas|odpowiedzi|komentarzy|ответ\w*|комментари\w*)"
    r"(?:\s+(?:to|on|zu|auf|à|sur|a|en|op|su|para|na|на)\b.*)?$", re.IGNORECASE)
_HEADER = re.compile(
    r"^\S.{0,100}?\s(?:says|said|wrote|writes|schrieb|sagt|sagte|meint|a écrit|dit|dice|"
    r"dijo|escribió|escreveu|disse|diz|scrive|ha scritto|zegt|schreef|skrev|sier|pisze|"
    r"napisał|napisała|пишет|написал)\s*:$", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}[:.h]\d\d\b")
# A heading over the thread: "[ 167 comments ]", "Top Rated Comments", "User comments (3)".
_SECTION = re.compile(
    r"^\W*(?:\d+\s+)?(?:top rated |reader |readers' |all |latest |user |show )?(?:comments?|"
    r"kommentare|commentaires|comentarios|commenti|comentários|reacties|kommentarer|responses|"
    r"replies|комментари\w*)\W*(?:\(\d+\))?\W*$", re.IGNORECASE)
# "2 days ago", "vor 3 Stunden", "il y a 2 jours", "hace 5 horas", "3 giorni fa", "há 2 dias".
_AGO = re.compile(r"\b(?:ago|vor\s+\d+|il y a|hace|há)\b|\d+\s+\w+\s+fa\b", re.IGNORECASE)
_STAMP_WORDS = 10
_STAMP_SPAN = 40  # lines below a section heading searched for comment timestamps
_PER_POST = 3  # a marker the page repeats this often belongs to every post
_LOOK_BACK = 12  # lines from the first header up to its section marker
_MAX_TRIES = 5  # section headings looked under for timestamps
_HEADING = 80  # characters of a "Related" heading at most
_BAR, _LABEL_LEN = 80, 30  # characters of a sharing bar, of a label (`is_label`) at most


def is_marker(text: str) -> bool:
    """A line that opens a comment section ("Comments", "Leave a reply", "34 responses to")."""
    return COMMENTS.match(text) is not None or _THREAD.match(text) is not None


def _dated(text: str) -> bool:
    return find_date(text) is not None or _TIME.search(text) is not None


def is_header(texts: list[str], i: int) -> bool:
    """A comment header: "<name> … said:" with a date or time on it or on the next line."""
    t = texts[i]
    if len(t) > 160 or not _HEADER.match(t):
        return False
    return _dated(t) or i + 1 < len(texts) and len(texts[i + 1]) < 80 and _dated(texts[i + 1])


def is_stamp(text: str) -> bool:
    """A comment's timestamp line: "2 days ago at 07:52 am", "19 November 2019, 6:34"."""
    if len(text) > 60 or len(text.split()) > _STAMP_WORDS:
        return False
    return _TIME.search(text) is not None or _AGO.search(text) is not None or \
        find_date(text) is not None and len(text.split()) <= 5


def thread_start(texts: list[str], lo: int, hi: int) -> int | None:
    """The line in (lo, hi] where a comment thread begins, or None: a section heading with
    two timestamps below it (the first near it), or the marker over (or else the first of)
    two dated comment headers."""
    found = [m for m in (_by_section(texts, lo, hi), _by_headers(texts, lo, hi))
             if m is not None]
    return min(found) if found else None


def _by_section(texts: list[str], lo: int, hi: int) -> int | None:
    tried = 0
    for m, t in enumerate(texts[lo + 1:hi + 1], lo + 1):
        if len(t) < 40 and _SECTION.match(t):
            stamps = [i for i in range(m + 1, min(m + _STAMP_SPAN, len(texts)))
                      if is_stamp(texts[i])]
            if len(stamps) >= 2 and stamps[0] - m <= _LOOK_BACK:
                return m
            tried += 1
            if tried == _MAX_TRIES:
                break
    return None


def _by_headers(texts: list[str], lo: int, hi: int) -> int | None:
    heads = []
    for i, t in enumerate(texts[lo + 1:hi + 1], lo + 1):
        if t.endswith(":") and is_header(texts, i):
            heads.append(i)
            if len(heads) == 2:
                first = heads[0]
                return next((k for k in range(first - 1, max(lo, first - _LOOK_BACK), -1)
                             if is_marker(texts[k])), first)
    return None


_SHARE_TEXT = """
    facebook twitter x whatsapp pinterest pin pint linkedin reddit tumblr telegram messenger
    viber vk xing flipboard threads bluesky mastodon email e-mail mail sms print copy link url
    share shares tweet save download baixar teilen drucken speichern partager imprimer
    enregistrer compartir imprimir guardar condividi stampa salva compartilhar salvar delen
    printen this on via the article story post page it by"""
_SHARE_WORDS = frozenset(_SHARE_TEXT.split())
_SHARE_CORE = frozenset(("facebook", "twitter", "whatsapp", "pinterest", "pin", "pint",
                         "linkedin", "reddit", "telegram", "share", "teilen", "partager",
                         "compartir", "condividi", "compartilhar", "delen", "tweet"))
# Each word of _SHARE_CORE has one of these in it.
_CORE_PARTS = tuple(sorted(w for w in _SHARE_CORE
                           if not any(v != w and v in w for v in _SHARE_CORE)))
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
_CLICK_TO = re.compile(r"^click to (?:share|email|print)\b", re.IGNORECASE)


def is_share_bar(text: str) -> bool:
    """A row of sharing buttons ("Whatsapp Facebook Pin", "Share this:", "Teilen Drucken"),
    or one button ("Click to share on Twitter (Opens in new window)")."""
    if len(text) > _BAR or _DIGIT.search(text) is not None:
        return False
    if _CLICK_TO.match(text) is not None:
        return True
    words = _WORD.findall(text.lower())
    return not _SHARE_CORE.isdisjoint(words) and _SHARE_WORDS.issuperset(words)


def share_bars(texts: list[str], body: list[int]) -> set[int]:
    """The lines of `body` that are sharing bars (`is_share_bar`) or labels (`is_label`).
    Only a line that starts like "Click to" or whose lower-cased text has a word of
    _SHARE_CORE in it can be a sharing bar: those are found in the lower-cased text of the
    short lines, all in one."""
    short = [i for i in body if len(texts[i]) <= _BAR]
    if not short:
        return set()
    # (`is_label` inline: a call a short line costs more than the test)
    labels = {i for i in short if len(texts[i]) <= _LABEL_LEN and _LABEL.match(texts[i])}
    low = "\n" + "\n".join([texts[i] for i in short]).lower()  # (lower() keeps the lines)
    maybe = {short[k] for k in lines_with(low, _CORE_PARTS)}
    # (only "c" and "C" match a "c" without case)
    maybe.update(i for i in short if texts[i][0] in "cC" and _CLICK_TO.match(texts[i]))
    return labels.union(i for i in maybe if is_share_bar(texts[i]))


# A label over an advert ("Advertisement", "Anzeige", "Sponsored"), a post's counter
# ("17 Likes", "2.1K views", "80 Reviews"), a video's length ("1:07") and a bare machine
# timestamp ("2019-02-13 09:17:22 +00:00"): never the article's text.
_LABEL = re.compile(
    r"^(?:advertisement|advertising|advertorial|anzeige|werbung|publicit[ée]|publicidad|"
    r"publicidade|pubblicit[àa]|reklama|реклама|sponsored(?: content)?|paid content|ads?)\W*$|"
    r"^\d[\d,.]*[km]?\s*(?:likes?|views?|shares?|reviews?)$|"
    r"^(?:\d{1,2}:)?\d{1,2}:\d\d$|"
    r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d)?(?:\.\d+)?\s*(?:z|[+-]\d\d:?\d\d)?$",
    re.IGNORECASE)


def is_label(text: str) -> bool:
    """An advert's label, a counter, a video's length or a timestamp (`_LABEL`)."""
    return len(text) <= _LABEL_LEN and _LABEL.match(text) is not None


# The heading over a page's tag list ("Tags", "Schlagwörter"): the line below it is the list.
_TAGS = re.compile(r"^(?:tags?|tagged|schlagw[öo]rter|etiquetas|mots[- ]cl[ée]s|keywords|"
                   r"palavras[- ]chave|parole chiave)\W*$", re.IGNORECASE)


def tag_lists(texts: list[str], body: list[int]) -> set[int]:
    """The lines of `body` right below a "Tags" heading that do not end as a sentence or
    with ":" (a tag list or tag cloud, not the article), and the heading."""
    found: set[int] = set()
    for b in body:
        if b and len(texts[b - 1]) <= 20 and _TAGS.match(texts[b - 1]) and \
                not texts[b].endswith((":", *SENT_END)):
            found.update((b - 1, b))
    return found


# A caption the page labels as one ("Image caption …", "FILE PHOTO: …"), a wire photo's
# caption ("In this photo issued by …", "This image provided by NASA shows …"), a gallery
# counter run into its caption ("3of4A shopper …") and an embedded post's stand-in
# ("Twitter post by @name: …").
_LABELLED_CAPTION = re.compile(
    r"^(?:(?:image|media|photo|video) ?caption|caption:|file (?:photo|picture|image)\s*:|"
    r"bildunterschrift|légende\s*:|"
    r"pie de foto|didascalia)\s*:?\s*(?P<cap>.*)$|"
    r"^\d+of\d+(?=[A-Z])(?P<gal>.*)$|"
    r"^(?P<wire>(?:in\s+)?(?:this|a)\s+(?:undated\s+|file\s+|handout\s+)?(?:photo|image|picture|"
    r"photograph)\b(?:\s+\S+){0,3}?\s+(?:provided|released|issued|taken|made available|"
    r"from video)\b.*)$|"
    r"^(?:twitter|instagram|facebook|youtube|tiktok) post by @?\w+", re.IGNORECASE)


def labelled_captions(texts: list[str], body: list[int]) -> tuple[list[int], list[str]]:
    """The body lines less those that say they are captions (`_LABELLED_CAPTION`), and the
    captions they give."""
    kept: list[int] = []
    captions: list[str] = []
    for i in body:
        t = texts[i]
        m = _LABELLED_CAPTION.match(t) if len(t) < 400 else None
        if m is None:
            kept.append(i)
        elif caption := (m.group("cap") or m.group("gal") or m.group("wire") or "").strip():
            captions.append(caption)
    return kept, captions


def _first_unrepeated(texts: list[str], rx: re.Pattern[str], lo: int, hi: int,
                      longest: int = 1 << 30) -> int | None:
    """The first line in [lo, hi) of `longest` characters at most that `rx` matches and the
    page has fewer than `_PER_POST` times."""
    lines = enumerate(texts[lo:hi], lo)
    found = [i for i, t in lines if rx.match(t)] if longest >= 1 << 30 else \
        [i for i, t in lines if len(t) <= longest and rx.match(t)]
    if not found:
        return None
    wanted = {texts[i] for i in found}
    counts = Counter(t for t in texts if t in wanted)
    return next((i for i in found if counts[texts[i]] < _PER_POST), None)


def cut_comments(texts: list[str], body: list[int]) -> list[int]:
    """Drop the body lines of a comment thread below the article: from the thread's start
    (its dated headers tell it), or after a comment-section marker in the body's last two
    thirds. A marker the page repeats `_PER_POST` times or more ("Add a comment" under each
    answer of a Q&A page) is a link of every post, not the start of a thread."""
    if len(body) < 4:
        return body
    cut = thread_start(texts, body[0], body[-1])
    if cut is None:
        cut = _first_unrepeated(texts, COMMENTS, body[len(body) // 3], body[-1])
    return body if cut is None else [b for b in body if b < cut]


def cut_related(texts: list[str], body: list[int], prose: list[bool] | None = None
                ) -> list[int]:
    """Drop the body lines from a "Related articles" / "Lesen Sie auch" heading in the body's
    second half on (or higher up, from its fourth line on, when at most 30% of the lines below
    it are prose), when the body above it is an article (half of its lines prose or more;
    `prose`: `is_prose` of each line, when known); a heading the page repeats `_PER_POST`
    times or more is not one."""
    if len(body) < 4:
        return body
    is_p = (lambda b: is_prose(texts[b])) if prose is None else prose.__getitem__
    cut = _first_unrepeated(texts, RELATED, body[len(body) // 2], body[-1], _HEADING)
    if cut is None:  # higher up only when mostly links follow (a short story, a long list)
        cut = _first_unrepeated(texts, RELATED, body[3], body[len(body) // 2], _HEADING)
        if cut is None:
            return body
        below = [b for b in body if b > cut]
        if 10 * sum(map(is_p, below)) > 3 * len(below):
            return body
    above = [b for b in body if b < cut]
    return above if 2 * sum(map(is_p, above)) >= len(above) else body
