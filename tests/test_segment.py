"""Stage 3, segment: the DOM cut into ordered blocks with the facts a classifier needs."""

from __future__ import annotations

import pytest

from thresher.blocks import Block
from thresher.html.parse import parse
from thresher.html.segment import Segmentation, normalize_space, segment
from thresher.html.visible import _HIDDEN_CLASSES, hidden_by
from thresher.options import Options


def seg(html: str, **options: object) -> Segmentation:
    return segment(parse(html), Options(**options))


def blocks(html: str, **options: object) -> list[Block]:
    return seg(html, **options).blocks


def texts(html: str, **options: object) -> list[str]:
    return [b.text for b in blocks(html, **options)]


def one(html: str, **options: object) -> Block:
    found = blocks(html, **options)
    assert len(found) == 1, [b.text for b in found]
    return found[0]


def test_blocks_come_in_document_order_with_consecutive_indexes() -> None:
    found = blocks("<h1>A</h1><p>B</p><div>C<p>D</p>E</div>")
    assert [b.text for b in found] == ["A", "B", "C", "D", "E"]
    assert [b.index for b in found] == list(range(5))


@pytest.mark.parametrize("level", range(1, 7))
def test_headings_keep_their_level(level: int) -> None:
    b = one(f"<h{level}>Section <em>title</em></h{level}>")
    assert (b.kind, b.level, b.tag) == ("heading", level, f"h{level}")
    assert b.text == "Section title"
    assert b.markdown == "#" * level + " Section title"


def test_list_items_with_nesting_and_ordered_markers() -> None:
    found = blocks("<ul><li>one</li><li>two<ol><li>inner a</li><li>inner b</li></ol></li></ul>"
                   "<ol><li>first</li><li>second</li></ol>")
    assert [(b.text, b.kind, b.level, b.ordered) for b in found] == [
        ("one", "list_item", 1, False),
        ("two", "list_item", 1, False),
        ("inner a", "list_item", 2, True),
        ("inner b", "list_item", 2, True),
        ("first", "list_item", 1, True),
        ("second", "list_item", 1, True),
    ]
    assert [b.markdown for b in found] == [
        "- one", "- two", "   1. inner a", "   1. inner b", "1. first", "1. second"]


def test_second_paragraph_of_a_list_item_continues_the_item() -> None:
    found = blocks("<ul><li><p>Lead line</p><p>More of it</p></li></ul>")
    assert [b.markdown for b in found] == ["- Lead line", "   More of it"]
    assert all(b.kind == "list_item" for b in found)


def test_block_quote_paragraphs_are_quotes() -> None:
    found = blocks("<blockquote><p>Quoted line</p><p>Second line</p></blockquote>")
    assert [(b.kind, b.markdown) for b in found] == [
        ("quote", "> Quoted line"), ("quote", "> Second line")]


def test_pre_is_one_code_block_kept_verbatim() -> None:
    code = 'def f(x):\n    if x &lt; 2:\n\treturn  x * 2\n'
    b = one(f'<pre><code class="py"><span class="k">def</span>{code[3:]}</code></pre>')
    expected = 'def f(x):\n    if x < 2:\n\treturn  x * 2'
    assert (b.kind, b.tag, b.text) == ("code", "pre", expected)
    assert b.markdown == f"```\n{expected}\n```"


def test_code_containing_a_fence_gets_a_longer_fence() -> None:
    b = one("<pre>print('```')</pre>")
    assert b.markdown == "````\nprint('```')\n````"


def test_figcaption_is_a_caption() -> None:
    found = blocks('<figure><img src="a.jpg"><figcaption>The harbour at dawn'
                   '</figcaption></figure><p>Body text.</p>')
    assert [(b.kind, b.text) for b in found] == [
        ("caption", "The harbour at dawn"), ("paragraph", "Body text.")]


def test_quote_inside_a_figure_is_a_quote_and_its_figcaption_a_caption() -> None:
    found = blocks("<figure><blockquote><p>The only thing we have to fear is fear itself."
                   "</p></blockquote><figcaption>Franklin D. Roosevelt</figcaption></figure>")
    assert [b.kind for b in found] == ["quote", "caption"]


@pytest.mark.parametrize("hidden", [
    '<p hidden>secret</p>',
    '<p style="display: none">secret</p>',
    '<p style="visibility:hidden">secret</p>',
    '<div aria-hidden="true"><p>secret</p></div>',
    '<span class="sr-only">secret</span>',
    '<script>var secret = 1;</script>',
    '<style>.secret { color: red }</style>',
    '<template><p>secret</p></template>',
    '<h2 hidden>secret</h2>',
])
def test_hidden_and_non_text_elements_are_skipped(hidden: str) -> None:
    found = texts(f"<div><p>Visible before.</p>{hidden}<p>Visible after.</p></div>")
    assert found == ["Visible before.", "Visible after."]


@pytest.mark.parametrize("name", sorted(_HIDDEN_CLASSES))
def test_every_hiding_class_passes_the_pre_check_of_hidden_by(name: str) -> None:
    """`hidden_by` skips the split of a class attribute holding none of a hand-kept list of
    substrings: a class added to `_HIDDEN_CLASSES` without its substring fails here."""
    assert hidden_by({"class": f"card {name} wide"})


@pytest.mark.parametrize("panel", ['<div role="tabpanel" hidden><p>Node.js sample.</p></div>',
                                   '<div role="tabpanel" class="hidden"><p>Node.js sample.</p>'
                                   '</div>'])
def test_hidden_tab_panels_are_kept(panel: str) -> None:
    """A tab panel's text is one click away: the other languages of a code sample."""
    tabs = f'<div role="tabpanel"><p>Python sample.</p></div>{panel}'
    assert texts(f"<div>{tabs}</div>") == ["Python sample.", "Node.js sample."]


def test_noscript_is_skipped_on_a_page_with_text() -> None:
    prose = "A paragraph of ordinary article text that the page shows to every reader. " * 10
    found = texts(f"<p>{prose}</p><noscript><p>Please enable JavaScript.</p></noscript>")
    assert found == [prose.strip()]


def test_hidden_parts_of_a_heading_and_of_code_are_skipped() -> None:
    assert texts('<h2>Title<span style="display:none"> secret</span></h2>') == ["Title"]
    assert texts('<pre>x = 1<span hidden>secret</span></pre>') == ["x = 1"]


def test_double_br_splits_a_paragraph_single_br_does_not() -> None:
    found = blocks("<p>first para<br><br>second para<br>same para line</p>")
    assert [b.text for b in found] == ["first para", "second para\nsame para line"]
    assert found[1].markdown == "second para  \nsame para line"


def test_white_space_is_normalized() -> None:
    assert texts("<p>  a \t b\u00a0 c\n d  </p>") == ["a b c d"]
    assert normalize_space("  x  \n\n  y ") == "x\ny"


def test_link_chars_count_the_text_inside_links() -> None:
    b = one('<p>Read <a href="/a">linked words</a> and <a href="/b">more</a>.</p>')
    assert b.link_chars == len("linked words") + len("more")
    assert one("<p>No links at all.</p>").link_chars == 0
    heading = one('<h2><a href="/x">All a link</a></h2>')
    assert heading.link_chars == len(heading.text)


def test_blocks_inside_a_link_are_link_text() -> None:
    """A teaser card: the whole card is one link, its parts are blocks."""
    card = one('<a href="/story"><div><strong>Council votes</strong> '
               '<em>The tram line is approved.</em></div></a>')
    assert card.link_chars == len("Council votes") + len("The tram line is approved.")


def test_path_attrs_depth_and_ancestors() -> None:
    found = blocks('<div class="Story Body" id="Main"><section><p>Inside</p></section>'
                   '</div><div class="rail"><p>Other</p></div>')
    inside, other = found
    assert inside.path == ("body", "div", "section", "p")
    assert inside.attrs[1] == "story body main"  # "class id", lower-cased
    assert inside.depth == len(inside.path)
    assert len(inside.ancestors) == len(inside.path)
    assert inside.container == inside.ancestors[-1]
    # Both share <body>; their own div containers differ.
    assert inside.ancestors[0] == other.ancestors[0]
    assert inside.ancestors[1] != other.ancestors[1]
    assert other.attrs[1] == "rail"


def test_sibling_paragraphs_share_their_parent_ancestor() -> None:
    a, b = blocks('<article><p>One</p><p>Two</p></article>')
    assert a.ancestors[:-1] == b.ancestors[:-1]
    assert a.ancestors[-1] != b.ancestors[-1]


def test_inline_text_beside_blocks_is_its_own_block() -> None:
    assert texts("<div>Loose text<p>Para</p>tail text</div>") == [
        "Loose text", "Para", "tail text"]


def test_max_depth_flattens_deeper_elements_with_a_warning() -> None:
    html = ("<div>" * 20 + "<p>deep <b>text</b></p><p>more</p>" + "</div>" * 20
            + "<p>after</p>")
    result = seg(html, max_depth=8)
    assert [b.text for b in result.blocks] == ["deep text more", "after"]
    assert max(b.depth for b in result.blocks) <= 8
    assert any("max_depth=8" in w for w in result.warnings)
    assert not seg(html).warnings  # the default depth is not reached


def test_max_nodes_stops_the_walk_with_a_warning() -> None:
    html = "".join(f"<p>para {i}</p>" for i in range(50))
    result = seg(html, max_nodes=10)
    assert 0 < len(result.blocks) <= 10
    assert result.blocks[0].text == "para 0"
    assert any("max_nodes=10" in w for w in result.warnings)
    assert len(seg(html).blocks) == 50


def test_empty_body_gives_no_blocks() -> None:
    assert seg("<html><body>  <div> </div></body></html>").blocks == []


def test_ruby_readings_are_not_text() -> None:
    html = ("<p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの"
            "<ruby>虐待<rt>ぎゃくたい</rt></ruby>をなくす</p>"
            "<h2><ruby>法律<rt>ほうりつ</rt></ruby>ができる</h2>")
    assert texts(html) == ["子どもへの虐待をなくす", "法律ができる"]


def test_noscript_fallback_reads_noscript_inside_headings_and_code() -> None:
    html = ("<body><h2>Shop<noscript> closed</noscript></h2>"
            "<pre>run()<noscript> # needs scripts</noscript></pre></body>")
    assert texts(html) == ["Shop closed", "run() # needs scripts"]


def test_hidden_line_break_in_a_heading_breaks_nothing() -> None:
    assert texts('<h1>Tram<br class="hidden">way news</h1>') == ["Tramway news"]


def test_text_after_the_closing_html_tag_is_its_own_block() -> None:
    assert texts("<html><body>Last words</html><a>stray link</a></body></html>") == [
        "Last words", "stray link"]


def test_strays_of_two_top_level_elements_do_not_run_together() -> None:
    # libxml2 puts "<" in the first <html> (after its body) and "0" in a second one.
    assert texts("<html><body>000</BODY><A><</HTML><A0>0</body></html>") == ["000", "<", "0"]


def test_control_characters_from_character_references_are_dropped() -> None:
    found = texts("<h2>Tram&#2;way</h2><p>Line &#3; approved</p><p>&#1;</p><pre>a&#7;b</pre>")
    assert found == ["Tramway", "Line approved", "ab"]


def test_soft_hyphens_do_not_split_words() -> None:
    found = texts("<h2>Wein&shy;bau</h2><p>Mit\u00adtel\u00adal\u00adter</p><li>Stra&#173;ße</li>")
    assert found == ["Weinbau", "Mittelalter", "Straße"]


def test_a_self_closed_script_still_hides_its_code() -> None:
    html = ('<p>Before</p><script type="text/javascript"/>if (a < b) { go("x"); }</script>'
            "<STYLE/>p { color: red }</STYLE><p>After</p>")
    assert texts(html) == ["Before", "After"]
