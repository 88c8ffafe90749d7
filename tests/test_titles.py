"""The headline among the page's title sources: banners, wiki skins, permalinks, fragments.

Each page is written for its test: the markup patterns of consent banners, MediaWiki,
Sphinx/MkDocs, gists and wikis, in a few lines each.
"""

from __future__ import annotations

import thresher

BODY = ("<p>The story itself runs to a few sentences here, with enough words in them to be "
        "read as the body of the page by the extractor.</p>") * 3


def title(head: str, body: str, url: str = "https://site.example/a/page") -> str | None:
    html = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    return thresher.extract(html, url=url).title


def test_a_cookie_banner_heading_is_not_the_title() -> None:
    banner = ("<div id='ccc' role='region' aria-label='Cookie preferences'><div id='ccc-notify' "
              "role='dialog'><div><h1 id='ccc-notify-title'>Your choice regarding cookies on "
              "this site</h1><p>We use cookies to optimise site functionality.</p></div></div>"
              "</div>")
    head = ("<title>Harbour News: Ferries, Tides and Quays - Harbour News</title>"
            "<meta property='og:site_name' content='Harbour News'>")
    assert title(head, banner + f"<main>{BODY}</main>") == "Harbour News: Ferries, Tides and Quays"
    consent = ("<div class='consent-banner'><h1>We value your privacy</h1></div>"
               "<article><h1>Quay lights to be replaced</h1>" + BODY + "</article>")
    assert title("<title>Quay lights to be replaced | Harbour Blog</title>", consent) == (
        "Quay lights to be replaced")


def test_wiki_headline_under_page_wide_classes() -> None:
    # MediaWiki puts the skin's features on <html>: "...-main-menu-pinned-..." is no menu
    html = ("<!DOCTYPE html><html class='client-nojs vector-feature-main-menu-pinned-disabled'>"
            "<head><title>List of harbours - Wikipedia</title><meta property='og:title' "
            "content='List of harbours - Wikipedia'><script type='application/ld+json'>"
            '{"@context":"https://schema.org","@type":"Article","name":"List of harbours",'
            '"headline":"Wikimedia list article"}</script></head><body class="skin-vector">'
            "<main id='content' class='mw-body'><h1 id='firstHeading' class='firstHeading'>"
            f"<span class='mw-page-title-main'>List of harbours</span></h1>{BODY}</main>"
            "</body></html>")
    assert thresher.extract(html, url="https://en.wikipedia.org/wiki/Harbours").title == (
        "List of harbours")


def test_a_jsonld_headline_sharing_no_word_with_the_head_is_a_description() -> None:
    head = ("<title>List of harbours - Wikipedia</title><script type='application/ld+json'>"
            '{"@type":"Article","name":"List of harbours","headline":"Wikimedia list article"}'
            "</script>")
    # no <h1>: the head's own title, not JSON-LD's description
    assert title(head, f"<main>{BODY}</main>",
                 url="https://en.wikipedia.org/wiki/Harbours") == "List of harbours"


def test_a_pilcrow_permalink_makes_no_logo() -> None:
    # Sphinx: the <h1> ends in a permalink to itself; its text matches the title's first part
    body = ("<div role='main'><section id='advanced-usage'><h1>Advanced Usage<a "
            "class='headerlink' href='#advanced-usage' title='Link to this heading'>¶</a></h1>"
            f"{BODY}</section></div>")
    head = "<title>Advanced Usage — Harbourlib 2.3.0 documentation</title>"
    assert title(head, body, url="https://harbourlib.example/en/latest/advanced/") == (
        "Advanced Usage")


def test_a_headline_equal_to_the_title_without_the_site_part() -> None:
    # the classes of <body> and <html> are the whole page's ("sidebar-menu-pinned")
    html = ("<!DOCTYPE html><html class='skin-menu-pinned'><head><title>OpenSSH - QuayWiki"
            "</title></head><body class='page-OpenSSH sidebar-menu-pinned'><main><h1 "
            "id='firstHeading'>OpenSSH</h1><p>OpenSSH is a suite of tools for remote logins "
            f"over the network, with keys and agents.</p>{BODY}</main></body></html>")
    assert thresher.extract(html, url="https://wiki.quaylinux.example/title/OpenSSH").title == (
        "OpenSSH")


def test_a_short_heading_inside_the_title_is_not_the_headline() -> None:
    # a gist: the title names the write-up; "Discord" is one of its section headings
    head = ("<title>How we reached X, Vercel, Discord, and hundreds of companies through "
            "one package · GitHub</title><meta property='og:type' content='article'>"
            "<meta property='og:title' content='How we reached X, Vercel, Discord, and "
            "hundreds of companies through one package'>")
    body = (f"<div class='gist'><h1>jane/writeup.md</h1>{BODY}<h1>Discord</h1>{BODY}"
            f"<h1>Impact</h1>{BODY}</div>")
    assert title(head, body, url="https://gist.example/jane/5e2c") == (
        "How we reached X, Vercel, Discord, and hundreds of companies through one package")


def test_a_short_heading_that_starts_the_title_is_the_headline() -> None:
    # a shop's category page: the <h1> is the start of a longer SEO title
    body = f"<main><h1>Headlamps</h1>{BODY}</main>"
    assert title("<title>Headlamps for Camping, Hiking & Running | Harbour Outfitters</title>",
                 body) == "Headlamps"


def test_a_section_label_before_the_headline_is_cut() -> None:
    # the <h1> shows "Local News | <headline>"; the head says the headline alone
    head = ("<title>Ferry timetable approved after long consultation – Harbour Post</title>"
            "<meta property='og:site_name' content='Harbour Post'>"
            "<meta property='og:title' content='Ferry timetable approved after long "
            "consultation'>")
    body = ("<article><h1 class='entry-title'><span>Local News</span> | Ferry timetable "
            f"approved after long consultation</h1>{BODY}</article>")
    assert title(head, body) == "Ferry timetable approved after long consultation"
