"""Text mode rules: comment threads cut off the body, holes in the body filled."""

from __future__ import annotations

from thresher.text.furniture import is_header, is_stamp, thread_start
from thresher.text.lines import split_lines
from thresher.text.rules import apply_rules

POST = ("We finally repainted the old boat shed this weekend, and it took far longer than "
        "any of us had planned for.")


def _body(text: str, probs: dict[str, float], default: float = 0.9) -> list[str]:
    """The body lines `apply_rules` keeps, every line at `default` unless given."""
    lines = split_lines(text)
    labels = apply_rules(lines, [probs.get(ln.text, default) for ln in lines], 0.5)
    return [lines[i].text for i, _ in labels.body]


def test_a_thread_longer_than_the_post_is_cut_at_its_marker():
    text = "\n".join([
        POST, "Posted in Weekend | 3 Comments", "Comments",
        "Robin on 17 March 2021 at 6:34 am said:",
        "Looks great, what colour did you end up choosing for the doors in the end?",
        "Sam on 17 March 2021 at 9:02 am said:",
        "A dark green, the same as the one on the house, which we had left over.",
        "Kim on 18 March 2021 at 10:15 pm said:",
        "I have to do mine this spring and I keep putting it off every single year.",
        "I think the weather has been a good excuse for most of that time, honestly."])
    assert _body(text, {"Comments": 0.1, "Posted in Weekend | 3 Comments": 0.1}) == [POST]


def test_headers_dated_on_the_next_line_in_several_languages():
    for verb in ("says:", "schrieb:", "a écrit :", "escreveu:"):
        text = "\n".join([
            POST, "Anna " + verb, "12. März 2022 um 08:15",
            "Sehr schön geworden, das Grün passt wirklich gut zu dem alten Holz dort.",
            "Ben " + verb, "12. März 2022 um 09:40",
            "Wie lange hat das Trocknen bei diesem Wetter denn insgesamt gedauert?"])
        assert _body(text, {}) == [POST], verb


def test_forum_quotes_without_dates_are_not_a_thread():
    lines = ["Mer said:", "You may want to search the forums first, it was asked before.",
             "I did search, but the answers there are all some years old by now.",
             "Pat said:", "Which release are you running on that machine at the moment?",
             "The latest one, installed fresh from the image last week or so."]
    assert not is_header(lines, 0)
    assert thread_start(lines, -1, len(lines) - 1) is None
    text = "\n".join([POST, *lines])
    assert _body(text, {}) == [POST, *lines]


def test_a_comments_heading_over_timestamps_starts_a_thread():
    text = "\n".join([
        POST, "The paint was a bit thicker than the tin said it would be, so we thinned it.",
        "[ 12 comments ]", "Top Rated Comments", "kayak_dan", "2 days ago at 07:52 am",
        "Nice work, the shed looks almost new again now with that finish on it.",
        "Rating: 5 Votes", "millie", "2 days ago at 08:10 am",
        "Did you sand it all down first, or just paint straight over the old coat?"])
    assert _body(text, {"[ 12 comments ]": 0.1})[-1].startswith("The paint was")
    assert is_stamp("2 days ago at 07:52 am") and is_stamp("vor 3 Stunden")
    assert not is_stamp(POST)


def test_holes_in_the_body_are_filled_only_with_likely_lines():
    doubted = "The second coat went on more easily, and we were done by the late afternoon."
    text = "\n".join([POST, doubted, "Advertisement", POST + " Again.", "Share this",
                      "Print", "More stories", POST + " Once more."])
    body = _body(text, {doubted: 0.3, "Advertisement": 0.1, "Share this": 0.45,
                        "Print": 0.45, "More stories": 0.1})
    assert doubted in body and "Advertisement" not in body
    assert "Share this" not in body  # a hole of three lines is not filled


def test_a_marker_under_every_post_is_not_a_thread():
    answers = ["Restart the service after you change the file, then it reads the new value.",
               "Check the log first: it usually says which line of the file it did not like.",
               "You can also run the tool with the verbose flag to see every step it takes."]
    text = "\n".join([POST, answers[0], "Add a comment", answers[1], "Add a comment",
                      answers[2], "Add a comment", POST + " The end."])
    body = _body(text, {"Add a comment": 0.1})
    assert body == [POST, *answers, POST + " The end."]
    once = "\n".join([POST, answers[0], answers[1], "Add a comment", answers[2]])
    assert _body(once, {"Add a comment": 0.1}) == [POST, answers[0], answers[1]]


def test_share_bars_are_not_body():
    from thresher.text.rules import is_share_bar
    for bar in ("Whatsapp Facebook Pin Baixar", "Share this:", "Teilen Drucken",
                "Click to share on Twitter (Opens in new window)", "Partager"):
        assert is_share_bar(bar), bar
    for line in ("Share of adults who read the news", "Facebook $0.50 – $3.00",
                 "Follow the newsroom on Facebook and Twitter for more."):
        assert not is_share_bar(line), line
    text = "\n".join([POST, "Whatsapp Facebook Pin", POST + " Again."])
    assert _body(text, {"Whatsapp Facebook Pin": 0.3}) == [POST, POST + " Again."]


def test_a_body_of_short_lines_goes_on_through_lines_half_believed():
    items = ["Blue enamel mug, 350 ml", "Oak serving board", "Linen tea towel, set of two",
             "Stoneware bowl", "Copper measuring cups"]
    text = "\n".join(["Home", "Shop", *items, "Newsletter", "Imprint"])
    probs = {"Home": 0.05, "Shop": 0.1, items[3]: 0.3, items[4]: 0.32,
             "Newsletter": 0.2, "Imprint": 0.05}
    assert _body(text, probs) == items
    # The same half-believed lines below a body of prose stay out.
    prose = [POST, POST + " Again.", POST + " Once more."]
    text = "\n".join([*prose, *items[3:], "Imprint"])
    assert _body(text, probs) == prose


def test_labelled_captions_leave_the_body_for_the_images():
    from thresher.text.extract import split_lines as split
    lines = ["Image caption The new bridge seen from the river at dusk",
             "Bildunterschrift: Die neue Brücke am Abend",
             "2of5The bridge during the last week of building",
             "In this photo released by the city, the mayor opens the bridge on Monday.",
             "Twitter post by @citynews: The bridge is open!"]
    text = "\n".join([POST, *lines, POST + " Again."])
    doc = split(text)
    labels = apply_rules(doc, [0.9] * len(doc), 0.5)
    assert [doc[i].text for i, _ in labels.body] == [POST, POST + " Again."]
    captions = [im.caption for im in labels.images]
    assert "The new bridge seen from the river at dusk" in captions
    assert "Die neue Brücke am Abend" in captions
    assert "The bridge during the last week of building" in captions
    # A sentence about a photo is not a caption.
    assert _body("\n".join([POST, "This photo shows nothing we did not know already, "
                            "said the engineer."]), {})[-1].startswith("This photo")


def test_a_list_after_a_colon_is_body_however_unsure_the_model():
    dates = ["June 9 -- City Hall, Leeds", "June 12 -- The Arena (new), York",
             "Aug. 2 -- Corn Exchange, Hull", "Sept. 5 -- Town Hall, Derby"]
    text = "\n".join([POST, "The tour dates:", *dates, "FACEBOOK", "Subscribe"])
    probs = {"The tour dates:": 0.5, dates[0]: 0.1, dates[1]: 0.2, dates[2]: 0.05,
             dates[3]: 0.02, "FACEBOOK": 0.01, "Subscribe": 0.01}
    assert _body(text, probs) == [POST, "The tour dates:", *dates]
    # Two lines are not a list.
    text = "\n".join([POST, "The tour dates:", *dates[:2], "FACEBOOK"])
    assert _body(text, probs) == [POST]


def test_prose_inside_the_body_that_the_model_half_believes_is_body():
    doubted = "Then sand the old coat down lightly, so that the new paint has something to hold."
    menu = "Garden sheds and more"
    text = "\n".join([POST, "Advertisement", "Advertisement", doubted, menu, "Advertisement",
                      POST + " Again."])
    probs = {"Advertisement": 0.05, doubted: 0.35, menu: 0.4}
    assert _body(text, probs) == [POST, doubted, POST + " Again."]


def test_links_under_a_related_heading_below_an_article_are_cut():
    paras = [POST, POST + " Again.", POST + " Once more.", POST + " And the end."]
    teasers = ["How to build a shed in a weekend, and what it really costs you.",
               "Ten garden paints tested over a whole wet winter by our readers."]
    for heading in ("Related articles", "Lesen Sie auch:", "À lire aussi", "Você pode gostar...",
                    "Читайте также", "関連記事"):
        assert _body("\n".join([*paras, heading, *teasers]), {}) == paras, heading
    # Under every teaser of a list page, or above a list of short lines, it is no cut.
    items = ["Oak shed, 2 x 3 m", "Pine shed, 2 x 2 m", "Metal shed", "Bike store",
             "Log store", "Read next"]
    assert _body("\n".join([*items, *teasers]), {}) == [*items, *teasers]


STORY = [POST, "The roof went on last of all, on a dry Sunday, after two weekends of rain had "
         "held the whole job up.", "Next year the fence is due, and after that, perhaps, the "
         "greenhouse that has stood half built since the spring of last year.",
         "None of it would have happened without the neighbours, who lent us ladders, a saw "
         "and, on the worst of the wet days, their garage."]


def test_teaser_cards_around_a_short_story_are_cut():
    glued = ["Police Arrest Two After Break-In At Harbour StoreA 24-year-old man and a woman "
             "were held on Tuesday.",
             "Council Approves New Tram Line For The CityThe route will link the station to "
             "the suburbs.",
             "Ferry Timetable Changes From Next MondayPassengers are asked to check the new "
             "times online."]
    assert _body("\n".join([*glued, *STORY]), {}) == STORY
    datelined = ["Minister pleads guilty to fraud scheme in court LONDON: A former minister has "
                 "admitted the charges.",
                 "Storm closes ferry route for the second time this week DOVER: Crossings were "
                 "halted again on Friday.",
                 "Floods leave hundreds without power across the valley YORK: Engineers worked "
                 "through the night."]
    assert _body("\n".join([*STORY, *datelined]), {}) == STORY
    stamped = []
    for title in ("Mayor opens the new bridge", "Rain to return by Thursday",
                  "School wins national prize"):
        stamped += [title, "By STAFF REPORTER", "11/20/2019 09:39 AM"]
    assert _body("\n".join([*STORY, *stamped]), {}) == STORY
    # the same cards with bylines in other languages ("Von", "Par", "Autor:")
    for label in ("Von", "Par", "Autor:"):
        cards = [line.replace("By", label) for line in stamped]
        assert _body("\n".join([*STORY, *cards]), {}) == STORY, label


def test_teaser_cards_that_are_the_page_stay():
    cards = ["Oak Shed With Double Doors In StockSolid oak, treated, with a felt roof.",
             "Pine Shed For Small GardensA compact shed that fits in a corner.",
             "Metal Bike Store With Lock PointsKeeps two bikes dry all year.",
             "Log Store With Slatted SidesLets the wood breathe while it dries."]
    assert _body("\n".join(cards), {}) == cards  # a listing: no story is left without them


def test_a_long_line_shown_twice_close_together_is_kept_once():
    caption = "The new tram at the depot on Monday, before its first run through the city."
    # (right next to each other, the two are a caption: an older rule)
    lines = [*STORY[:2], caption, STORY[2], caption, STORY[3]]
    assert _body("\n".join(lines), {}) == [*STORY[:2], caption, *STORY[2:]]
    # the same line far apart is kept twice (a refrain, a summary that repeats the lead)
    paras = [f"{STORY[k % len(STORY)][:-1]}, part {k}." for k in range(22)]
    text = "\n".join([caption, *paras, caption])
    assert _body(text, {}).count(caption) == 2


def test_breadcrumb_links_and_file_photo_captions_are_not_body():
    text = "\n".join(["Software ›", "Windows »", *STORY,
                      "FILE PHOTO: The old boat shed before the work began, in May 2019."])
    assert _body(text, {}) == STORY


def test_an_early_related_heading_cuts_when_links_follow():
    links = ["How to build a shed in a weekend", "Ten garden paints tested",
             "Why sheds rot from the floor up", "The best felt for a shed roof",
             "Our readers' sheds, in pictures", "A guide to shed bases"]
    assert _body("\n".join([*STORY, "Related Links", *links]), {}) == STORY


def test_advert_labels_and_counters_are_not_body():
    from thresher.text.furniture import is_label
    for label in ("Advertisement", "ADVERTISEMENT", "Anzeige", "Sponsored", "17 Likes",
                  "2.1K views", "80 Reviews", "1:07", "1:02:33", "2019-02-13 09:17:22 +00:00"):
        assert is_label(label), label
    for line in ("Advertisement rates went up", "Likes and dislikes", "17 Likes of the week",
                 "At 10:30 the doors open", "2019-02-13"):
        assert not is_label(line), line
    text = "\n".join([POST, "Advertisement", POST + " Again."])
    assert _body(text, {}) == [POST, POST + " Again."]
    assert _body(text, {"Advertisement": 0.3}) == [POST, POST + " Again."]  # not a heading


def test_a_tag_list_below_its_heading_is_not_body():
    tags = "boats sheds paint weekend projects green doors"
    text = "\n".join([POST, POST + " Again.", "Tags", tags])
    assert _body(text, {}) == [POST, POST + " Again."]
    said = "Tags help readers find the other posts about the shed."
    assert _body("\n".join([POST, "Tags", said]), {}) == [POST, "Tags", said]


def test_a_line_that_runs_the_story_together_again_is_not_body():
    blob = " ".join(STORY * 3)  # (a long line: a thousand characters or more)
    assert _body("\n".join([*STORY, "Share", blob]), {"Share": 0.1}) == STORY
    two = " ".join(STORY[:2]) + " And a closing line, long enough to count." * 25
    assert _body("\n".join([*STORY, two]), {})[-1] == two  # two lines joined: kept
