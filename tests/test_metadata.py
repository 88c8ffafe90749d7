"""Article metadata from HTML: each source of each field, conflicts, and what must stay out
of the body (headline, byline, captions, credits, comments)."""

from __future__ import annotations

from pathlib import Path

import pytest

import thresher
from thresher import Article, Options

PAGES = Path(__file__).resolve().parent / "fixtures" / "metadata"


def page(name: str, url: str | None = None, **options: object) -> Article:
    html = (PAGES / name).read_bytes()
    return thresher.extract(html, url=url or f"https://site.example/a/{name[:-5]}",
                            options=Options(**options) if options else None)


def test_jsonld_graph_with_references() -> None:
    a = page("jsonld_graph.html")
    assert a.title == "Ferry timetable approved after long consultation"
    assert a.authors == ["Ada Lovelace"]  # the author is an @id reference into the @graph
    assert a.published == "2024-03-05T09:30:00+01:00"
    assert a.modified == "2024-03-06T10:00:00+01:00"
    assert a.site_name == "The Harbour Post"
    assert a.canonical_url == "https://post.example/news/ferry-timetable"
    assert a.description == "New ferry times from next month."
    assert a.tags == ["ferries", "transport", "harbour"]
    assert a.categories == ["Local"]
    assert a.page_type == "article"
    assert a.language == "en"
    assert a.images[0].src == "https://site.example/img/ferry.jpg"


def test_title_is_the_headline_not_the_head_title() -> None:
    a = page("today_widget.html")
    assert a.title == "Quay lights to be replaced"  # not "... - Harbour Blog"


def test_headline_and_byline_stay_out_of_the_body() -> None:
    a = page("jsonld_graph.html")
    assert "approved the new ferry timetable" in a.text
    assert "Ferry timetable approved after long consultation" not in a.text
    assert "By Ada Lovelace" not in a.text
    assert "2024 The Harbour Post" not in a.text


def test_visible_dateline_decides_between_published_and_modified() -> None:
    # the markup says published June 1 and modified June 20; the page shows June 20
    a = page("conflicting_dates.html")
    assert a.published is not None and a.published.startswith("2023-06-20")
    assert a.modified == "2023-06-20T08:00:00+00:00"
    assert a.authors == ["Grace Hopper"]


def test_today_widget_and_copyright_year_are_not_dates() -> None:
    a = page("today_widget.html")
    assert a.published is None
    assert a.modified is None


def test_multi_author_byline_without_job_titles() -> None:
    a = page("multi_author.html")
    assert a.authors == ["Jane Doe", "John Smith"]  # not "webmaster", not "Senior Editor"
    assert a.published == "2022-02-02"
    assert "Jane Doe" not in a.text and "Published 2 February" not in a.text


@pytest.mark.parametrize(("name", "authors", "date", "lang", "credits"), [
    ("german_byline.html", ["Max Mustermann"], "2020-04-22", "de", ["dpa"]),
    ("french_byline.html", ["Marie Curie"], "2021-03-03", "fr", ["AFP"]),
])
def test_bylines_and_datelines_in_other_languages(name: str, authors: list[str], date: str,
                                                  lang: str, credits: list[str]) -> None:
    a = page(name)
    assert a.authors == authors
    assert a.published is not None and a.published.startswith(date)
    assert a.language == lang
    assert a.credits == credits


def test_captions_and_credits_are_image_fields_not_body() -> None:
    a = page("captions.html")
    assert a.images[0].src == "https://cdn.example/lead.jpg"
    by_src = {i.src: i for i in a.images}
    waves = by_src["https://site.example/photos/waves.jpg"]
    assert (waves.alt, waves.caption, waves.credit) == (
        "Waves over the pier", "Waves break over the pier on Sunday.", "Photo: Sam Reed/AP")
    boats = by_src["https://site.example/photos/boats.jpg"]  # lazy-loaded: data-src
    assert (boats.caption, boats.credit) == ("Boats sheltering in the inner basin",
                                             "Getty Images")
    assert "Waves break" not in a.text and "Getty" not in a.text
    assert "Photo:" not in a.markdown
    assert a.credits == ["Reuters"]  # the photo agency is the image's credit, not a wire credit


def test_comments_only_when_asked_and_never_in_text() -> None:
    assert page("comments.html").comments == []
    a = page("comments.html", comments=True)
    assert [(c.author, c.text, c.published) for c in a.comments] == [
        ("Pat", "Too expensive already.", "2024-05-02T10:00:00+00:00"),
        ("Sam", "Worth it for the new boats.", "2024-05-03T11:00:00+00:00")]
    assert "Too expensive" not in a.text
    assert a.published == "2024-05-01T07:00:00+00:00"  # not a comment's date


def test_date_from_the_url_as_last_resort() -> None:
    a = page("url_date.html", url="https://blog.example/2021/05/06/lighthouse-reopens/")
    assert a.published == "2021-05-06"
    assert page("url_date.html", url="https://blog.example/lighthouse/").published is None


def test_forum_thread_takes_the_first_post() -> None:
    a = page("forum.html")
    assert a.title == "Best rope for mooring?"
    assert a.authors == ["salty_dog42"]
    assert a.published == "2023-07-14T18:02:00+00:00"


def test_json_and_front_matter_carry_the_fields() -> None:
    a = page("jsonld_graph.html")
    d = a.to_dict()
    for name in ("title", "authors", "published", "site_name", "language", "images",
                 "credits", "comments", "page_type", "canonical_url"):
        assert name in d
    fm = a.to_markdown(front_matter=True)
    assert fm.startswith("---\n") and 'title: "Ferry timetable approved' in fm
    assert '  - "Ada Lovelace"' in fm


def test_personal_site_names_its_author_but_an_organisation_site_does_not() -> None:
    body = "<p>" + "I moved my database back to a small server this year and it went well. " * 8
    html = (f"<html lang='en'><head><title>Self-hosting again | Jane Doe</title></head><body>"
            f"<h1>Self-hosting again</h1><time datetime='2024-01-02'>2 Jan 2024</time>"
            f"{body}</p></body></html>")
    a = thresher.extract(html, url="https://jane.example/notes/self-hosting")
    assert a.authors == ["Jane Doe"]
    b = thresher.extract(html.replace("Jane Doe", "Harbour News"),
                         url="https://harbournews.example/notes/self-hosting")
    assert b.authors == []


def test_thread_author_is_the_first_posts_not_a_replys() -> None:
    post = ("<article class='message' data-author='{0}'><div class='message-body'><p>{1}</p>"
            "</div>{2}</article>")
    reply_markup = "<span itemprop='author'><span itemprop='name'>replier</span></span>"
    html = ("<html><head><title>Anchor advice</title></head><body><h1>Anchor advice</h1>"
            + post.format("first_poster", "Which anchor holds best in sand and weed? " * 5, "")
            + post.format("replier", "A spade anchor, sized up one step. " * 5, reply_markup)
            + "</body></html>")
    assert thresher.extract(html).authors == ["first_poster"]


def test_dateline_inside_the_headline_small_part() -> None:
    # Bootstrap puts the date beside the headline in a <small>, indented over many lines
    tags = "".join(f"\n            <span>Category {i}</span>\n            ," for i in range(6))
    html = ("<html><head><title>Harbour Board</title></head><body><main>"
            "<h1>Ferry line reopens after the storm<br><small>&#160;\n        02.02.2022\n"
            f"        &#8226;{tags}\n        </small></h1>"
            + "<p>The ferry line between the two harbours runs again from Monday, the "
              "board said after the repairs to the pier.</p>" * 4
            + "</main></body></html>")
    a = thresher.extract(html)
    assert a.published == "2022-02-02"
    assert a.title == "Ferry line reopens after the storm"
