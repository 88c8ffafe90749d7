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


def test_layout_classes_around_the_article_are_not_read() -> None:
    # a theme wraps content and sidebar in one "content-sidebar-wrap"
    body = ("<div class='content-sidebar-wrap'><main><article><h1 class='entry-title'>Twelve "
            f"small ideas for a quay-side garden</h1>{BODY}</article></main>"
            "<aside class='sidebar'><h1>Popular posts</h1></aside></div>")
    head = ("<meta property='og:type' content='article'><meta property='og:title' "
            "content='Small ideas for a garden by the quay'>")
    assert title(head, body) == "Twelve small ideas for a quay-side garden"


def test_an_anchor_without_href_is_no_home_link() -> None:
    body = f"<div id='main'><h1><a id='top'></a>Quay lights to be replaced</h1>{BODY}</div>"
    head = "<title>Quay lights to be replaced | Harbour Council of the Eastern Bay</title>"
    assert title(head, body) == "Quay lights to be replaced"


def test_a_title_label_before_the_headline_is_cut() -> None:
    body = (f"<main><h1 class='title'><span class='descriptor'>Title:</span>Tidal models for "
            f"small harbours</h1>{BODY}</main>")
    head = "<meta property='og:title' content='Tidal models for small harbours'>"
    assert title(head, body) == "Tidal models for small harbours"


def test_a_kicker_run_into_the_headline_is_cut() -> None:
    # the kicker is set apart by markup only; JSON-LD's headline is the rest
    body = ("<article><h1><span itemprop='headline'><small>Workout of the week</small><br>"
            f"Pyramid sets with paddles</span></h1>{BODY}</article>")
    head = ("<title>Workout of the week | Pyramid sets with paddles - SWIMHUB</title>"
            "<meta property='og:site_name' content='SWIMHUB'><script type='application/ld+json'>"
            '{"@type":"BlogPosting","headline":"Pyramid sets with paddles"}</script>')
    assert title(head, body) == "Pyramid sets with paddles"
    # no JSON-LD: the head's title is the end of the <h1>
    body = (f"<article><h1><span class='kicker'>Open Progress</span> Why shared thinking beats "
            f"lone smarts</h1>{BODY}</article>")
    head = "<meta property='og:title' content='Why shared thinking beats lone smarts'>"
    assert title(head, body) == "Why shared thinking beats lone smarts"


def test_a_cut_kicker_takes_its_opening_quote_mark_along() -> None:
    head = ("<title>Mirrorless Cameras | Photo Shop</title>"
            "<meta property='og:site_name' content='Photo Shop'>")
    body = f"<main><h1>Results for \u201cMirrorless Cameras\u201d</h1>{BODY}</main>"
    assert title(head, body) == "Mirrorless Cameras"
    head = head.replace("Mirrorless Cameras", "The Players\u2019")
    body = f"<main><h1>Results for The Players\u2019</h1>{BODY}</main>"  # an apostrophe
    assert title(head, body) == "The Players\u2019"


def test_a_headline_starting_with_the_site_name_keeps_it() -> None:
    head = ("<title>Puppies for sale – tips on every breed | Puppies24</title>"
            "<meta property='og:site_name' content='Puppies'><meta property='og:title' "
            "content='Puppies for sale – tips on every breed'>")
    body = f"<main><h1>Puppies for sale – tips on every breed</h1>{BODY}</main>"
    assert title(head, body) == "Puppies for sale – tips on every breed"


def test_a_site_name_with_a_separator_is_cut_whole() -> None:
    head = ("<title>Pensions are no relic of the past | Quay Media - Analysis Opinion Critique"
            "</title><meta property='og:site_name' content='Quay Media - Analysis Opinion "
            "Critique'>")
    assert title(head, f"<main>{BODY}</main>") == "Pensions are no relic of the past"


def test_a_breadcrumb_title_gives_its_headline() -> None:
    # "Site » Section » Headline" on an archive's copy: the site is the archived host's
    head = "<title>Harbour Talks » Blog Archive » More cinemas in the port go digital</title>"
    url = "https://archive.example/web/20140226054445/http://www.harbourtalks.example/2014/02/x"
    assert title(head, f"<main>{BODY}</main>", url=url) == "More cinemas in the port go digital"
    # "Headline - Section - Site": the section labels go with the site
    head = "<title>Harbour club sets its course for the next years - Club Press - News</title>"
    assert title(head, f"<main>{BODY}</main>") == "Harbour club sets its course for the next years"
    # a long last part may be the site's own name: kept
    head = "<title>Electrical - Overview | Office of Quay Safety and Harbour Health</title>"
    assert title(head, f"<main>{BODY}</main>") == head[7:-8]


def test_a_dateline_or_chapter_number_before_the_headline_is_cut() -> None:
    body = f"<main><h1>23.01.2022 - Ferry line reopens after the storm</h1>{BODY}</main>"
    head = "<title>23.01.2022 - Ferry line reopens after the storm - Harbour Board</title>"
    assert title(head, body) == "Ferry line reopens after the storm"
    body = f"<main><h1>15 - Tutorial: Mooring lines and knots</h1>{BODY}</main>"
    assert title("<title>Mooring lines and knots - Tutorial</title>", body) == (
        "Tutorial: Mooring lines and knots")
    # a number the head repeats is part of the headline
    body = f"<main><h1>1.5 Million passengers crossed the bay</h1>{BODY}</main>"
    assert title("<title>1.5 Million passengers crossed the bay | Harbour Post</title>", body) == (
        "1.5 Million passengers crossed the bay")


def test_a_jsonld_headline_cut_short_gives_way_to_the_whole_title() -> None:
    full = ("Fix It Friday: How To Arrange A Small Harbour Office? We Help Four Readers Find "
            "Solutions (Including One Trick That Always Works)")
    head = (f"<title>{full} - Harbour Home</title><meta property='og:site_name' "
            "content='Harbour Home'><script type='application/ld+json'>"
            f'{{"@type":"BlogPosting","headline":"{full[:110].rsplit(" ", 1)[0]}"}}</script>')
    assert title(head, f"<main>{BODY}</main>") == full


def test_an_h1_linking_home_names_the_site() -> None:
    body = ("<div id='header'><h1><a href='https://harbourkitchen.example'>Love goes through "
            f"the stomach</a></h1></div><main>{BODY}</main>")
    head = "<title>Liver with apple and onion | Love goes through the stomach</title>"
    assert title(head, body, url="https://harbourkitchen.example/recipes/liver") == (
        "Liver with apple and onion")


def test_a_one_word_section_heading_gives_way_to_the_headline() -> None:
    body = f"<main><h1>Notices</h1><h1>New rules for the tobacco tax</h1>{BODY}</main>"
    head = "<title>Customs online - Notices - New rules for the tobacco tax</title>"
    assert title(head, body) == "New rules for the tobacco tax"


def test_another_sites_name_after_the_headline_is_cut() -> None:
    body = f"<article><h1>What we would rather not hear | OTHERSITE.NET</h1>{BODY}</article>"
    head = "<meta property='og:title' content='What we would rather not hear'>"
    assert title(head, body) == "What we would rather not hear"


def test_a_word_break_opportunity_does_not_split_a_word() -> None:
    body = f"<main><h1>Sponge set for vacuum cleaner accesso<wbr>ries</h1>{BODY}</main>"
    assert title("<title>Sponge set for vacuum cleaner accessories</title>", body) == (
        "Sponge set for vacuum cleaner accessories")


def test_a_small_date_inside_the_h1_is_not_part_of_the_headline() -> None:
    body = ("<main><h1>Ferry line reopens after the storm <small>02.02.2022 \u2022 Harbour "
            f"Board</small></h1>{BODY}</main>")
    assert title("<title>Harbour Board</title>", body) == "Ferry line reopens after the storm"
    body = f"<main><h1><small>Ferry line reopens</small></h1>{BODY}</main>"
    assert title("<title>Harbour Board</title>", body) == "Ferry line reopens"
