"""The metadata helpers on their own: dates in text, author strings, titles, credits."""

from __future__ import annotations

import pytest

from thresher.credits import find_credits, split_credit
from thresher.html.authors import split_names
from thresher.html.textdates import parse_date, text_dates
from thresher.html.titles import strip_site
from thresher.language import choose_language, detect


@pytest.mark.parametrize(("text", "iso"), [
    ("2024-03-05T09:30:00+01:00", "2024-03-05T09:30:00+01:00"),
    ("2024-03-05T08:30:00Z", "2024-03-05T08:30:00+00:00"),
    ("2025-11-25 08:33:24", "2025-11-25T08:33:24"),
    ("March 5, 2024", "2024-03-05"),
    ("Dec 19th 2025", "2025-12-19"),
    ("5 March 2024", "2024-03-05"),
    ("22. April 2020, 14:05 Uhr", "2020-04-22"),
    ("22.04.2020", "2020-04-22"),
    ("publié le 3 mars 2021", "2021-03-03"),
    ("14 de noviembre de 2025", "2025-11-14"),
    ("on 04-ago-2021 5:11:10", "2021-08-04"),
    ("2020年1月2日", "2020-01-02"),
    ("Thu, 09/25/2025 - 11:38", "2025-09-25"),
    ("no date here", None),
    ("31.02.2020", None),
])
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_slash_dates_follow_the_page_language() -> None:
    assert parse_date("04/05/2022") == "2022-04-05"
    assert parse_date("04/05/2022", dayfirst=True) == "2022-05-04"
    assert parse_date("25/12/2022") == "2022-12-25"  # cannot be month-first


def test_updated_label_is_seen() -> None:
    assert text_dates("Published March 1, 2024 · Updated March 9, 2024") == [
        ("2024-03-01", False), ("2024-03-09", True)]


@pytest.mark.parametrize(("raw", "names"), [
    ("By Jane Doe", ["Jane Doe"]),
    ("Von Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
    ("Par Marie Curie", ["Marie Curie"]),
    ("By Jane Doe, Senior Editor, and John Smith", ["Jane Doe", "John Smith"]),
    ("Jane Doe | Staff Writer", ["Jane Doe"]),
    ("Written by: Ana Lima & Rui Costa", ["Ana Lima", "Rui Costa"]),
    ("Home", []),
    ("https://example.com/author/jane", []),
    # after a job title the parts name the employer; an organisation after the people
    ("Dan Brook, Senior Director, Content & Marketing, Acmeworks and Widget Institute",
     ["Dan Brook"]),
    ("Mia Jones and Lee Park, The Harbour Gazette", ["Mia Jones", "Lee Park"]),
    ("Rosa Diaz, MS, RD, FAND", ["Rosa Diaz"]),
    # labels and link texts of bylines are not names
    ("Por", []), ("Veröffentlicht am", []), ("Alle Artikel", []), ("Auteur(s)", []),
    ("Posted by Alex Doe, Project Marketing, Bigcorp", ["Alex Doe"]),
    ("Gespeichert von Max Muster", ["Max Muster"]),
])
def test_split_names(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


@pytest.mark.parametrize(("title", "site", "url", "out"), [
    ("Storm hits the coast | The Daily Planet", "The Daily Planet", None, "Storm hits the coast"),
    ("Storm hits the coast - dailyplanet.com", None, "https://www.dailyplanet.com/x",
     "Storm hits the coast"),
    ("Daily Planet \u00bb Storm hits the coast", "Daily Planet", None, "Storm hits the coast"),
    ("Tutorial: Sweep, Loft, and Extrude", None, None, "Tutorial: Sweep, Loft, and Extrude"),
    # Chinese sites join the site's name with an unspaced dash or underscore
    ("港口今天恢复了渡轮航线，居民表示欢迎！-海港日报", None, None,
     "港口今天恢复了渡轮航线，居民表示欢迎！"),
    ("港口今天恢复了渡轮航线_海港网", None, None, "港口今天恢复了渡轮航线"),
    ("COVID-19 update for Anti-Aging clinics", None, None,
     "COVID-19 update for Anti-Aging clinics"),
])
def test_strip_site(title: str, site: str | None, url: str | None, out: str) -> None:
    assert strip_site(title, site, url) == out


@pytest.mark.parametrize(("text", "agencies"), [
    ("Includes reporting by AFP", ["AFP"]),
    ("WASHINGTON (Reuters) — The president said", ["Reuters"]),
    ("Berlin (dpa) - Die Regierung", ["dpa"]),
    ("The story ends here. With AP", ["AP"]),
    ("Additional reporting by Reuters and Bloomberg", ["Reuters", "Bloomberg"]),
    ("Mit Material von dpa und AFP", ["dpa", "AFP"]),
    ("Madrid (Agencia EFE) - El gobierno", ["EFE"]),
    ("Source: Xinhua", ["Xinhua"]),
    ("He met with AP reporters on Monday.", []),
    ("The AP style guide says so.", []),
])
def test_find_credits(text: str, agencies: list[str]) -> None:
    assert find_credits(text) == agencies


@pytest.mark.parametrize(("line", "caption", "credit"), [
    ("Image: NASA via Getty Images", "", "Image: NASA via Getty Images"),
    ("A man walks. Photo: Jane Doe/AP", "A man walks.", "Photo: Jane Doe/AP"),
    ("The summit. Photograph: Ludovic Marin/AFP/Getty Images", "The summit.",
     "Photograph: Ludovic Marin/AFP/Getty Images"),
    ("Der Hafen am Morgen. Foto: dpa", "Der Hafen am Morgen.", "Foto: dpa"),
    ("Protesters gather (Getty Images)", "Protesters gather", "Getty Images"),
    ("© Reuters", "", "© Reuters"),
    ("Credit: John Smith", "", "Credit: John Smith"),
    ("A quiet morning in the village", "A quiet morning in the village", None),
])
def test_split_credit(line: str, caption: str, credit: str | None) -> None:
    assert split_credit(line) == (caption, credit)


def test_language_check() -> None:
    german = ("Die Hafenbehörde hat am Dienstag den neuen Fahrplan für die Fähre beschlossen, "
              "nachdem Anwohner, Händler und Pendler lange über die Abfahrten gestritten hatten.")
    assert detect(german)[0] == "de"
    assert choose_language("en", german * 3) == "de"  # the markup is wrong
    assert choose_language("de", german) == "de"
    assert choose_language(None, "ok") is None
    assert choose_language("en", german * 3, detect_language=False) == "en"


@pytest.mark.parametrize(("text", "lang"), [
    ("Полиция города сообщила во вторник, что мост через реку будет закрыт на ремонт до конца "
     "месяца, а автобусы пойдут в объезд по соседним улицам.", "ru"),
    ("המשטרה הודיעה ביום שלישי כי הגשר מעל הנהר ייסגר לשיפוצים עד סוף החודש, והאוטובוסים "
     "ייסעו במסלול עוקף ברחובות הסמוכים.", "he"),  # CLD2 says "iw": the modern code is kept
    ("市の警察は火曜日、川にかかる橋が月末まで修理のため閉鎖され、バスは近くの通りを"
     "迂回すると発表した。住民は不便になると話している。", "ja"),
])
def test_language_detection_codes(text: str, lang: str) -> None:
    assert detect(text)[0] == lang


@pytest.mark.parametrize("noise", ["\x00", "\x07", "\x9f", "\ud800"])
def test_language_detection_survives_bytes_cld2_rejects(noise: str) -> None:
    english = ("The harbour authority approved the new ferry timetable on Tuesday after "
               "residents, traders and commuters had argued over the departures for months. ")
    assert detect(noise.join([english, english]))[0] == "en"


def test_language_detection_needs_letters() -> None:
    assert detect("12 34 56 78 90 " * 20) == (None, 0.0)


def test_yoast_written_by_label_in_another_language() -> None:
    import thresher

    page = ("<html><head><title>Ein Bericht</title>"
            '<meta name="twitter:label1" content="Verfasst von">'
            '<meta name="twitter:data1" content="Erika Muster @erikamuster"></head>'
            "<body><article><h1>Ein Bericht</h1>"
            + "<p>Der Hafen hat am Dienstag den neuen Fahrplan beschlossen.</p>" * 5
            + "</article></body></html>")
    assert thresher.extract(page).authors == ["Erika Muster"]


def test_itemprops_inside_body_only() -> None:
    """Microdata dates and authors come from the elements inside `<body>` (not the head's
    nor `<body>`'s own), found without a walk; `may_have` says which of them `<body>`
    lacks, once they are known."""
    from lxml.html import document_fromstring

    from thresher.html.sources import read_sources

    root = document_fromstring(
        '<html><head><meta itemprop="datePublished" content="2020-01-01"></head>'
        '<body itemprop="author"><p itemprop="dateModified">2021-02-03</p>'
        '<span itemprop="name">x</span><b itemprop="dateModified">2022</b></body></html>')
    src = read_sources(root, None)
    assert src.may_have("author")  # not known before the search
    props = src.itemprops()
    assert list(props) == ["dateModified"]
    assert [el.tag for el in props["dateModified"]] == ["p", "b"]
    assert src.may_have("dateModified")
    assert not src.may_have("author") and not src.may_have("datePublished")


def test_the_class_walk_stops_after_its_limit() -> None:
    """Bylines and datelines by class are looked for in the first `WALK_LIMIT` elements of
    `<body>` only: one further on is in a sidebar or the footer."""
    from lxml.html import document_fromstring

    from thresher.html.classes import WALK_LIMIT
    from thresher.html.sources import read_sources

    def hits(filler: int) -> tuple[list[str], list[str]]:
        root = document_fromstring(
            "<html><body>" + "<div>x</div>" * filler + '<p class="byline">By Jane Doe</p>'
            '<p class="post-date">5 March 2024</p></body></html>')
        src = read_sources(root, None)
        return ([el.text for el in src.byline_hits()], [el.text for el in src.date_hits()])

    assert hits(WALK_LIMIT - 3) == (["By Jane Doe"], ["5 March 2024"])  # <body> counts too
    assert hits(WALK_LIMIT - 2) == (["By Jane Doe"], [])
    assert hits(WALK_LIMIT) == ([], [])


def test_the_first_element_after_the_headline_is_near_it_past_a_comment_inside() -> None:
    """`near_headline` skips the headline's own elements; a comment in the headline (kept
    by a tree not parsed by thresher) is not one of them."""
    from lxml import html as lxml_html

    from thresher.html.sources import read_sources

    paragraphs = "".join(f"<p>p{i}</p>" for i in range(5))
    root = lxml_html.document_fromstring(
        f"<html><body><h1>Title <!-- note --><b>x</b></h1>{paragraphs}</body></html>")
    near = read_sources(root, None).near_headline()
    assert sorted(el.text for el in near if el.tag == "p") == [f"p{i}" for i in range(5)]
