"""`Article`: a frozen result with JSON and Markdown renderings."""

from __future__ import annotations

import dataclasses
import json

import pytest

from thresher import Article, Comment, Image

ARTICLE = Article(
    text="First paragraph.\n\nSecond paragraph.",
    markdown="First paragraph.\n\n- a point\n- another",
    url="https://example.org/story",
    title='The "Big" Story: Part 1',
    subtitle="A dek",
    authors=["Ana Ruiz", "Bo Li"],
    published="2026-03-01",
    site_name="Example Times",
    language="en",
    tags=["city", "budget"],
    images=[Image("https://example.org/a.jpg", "alt", "A caption", "Photo: AP")],
    comments=[Comment("Nice piece", "reader", None)],
    warnings=["a warning"],
)


def test_article_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ARTICLE.title = "changed"  # type: ignore[misc]


def test_to_dict_has_every_field_as_plain_data() -> None:
    d = ARTICLE.to_dict()
    assert set(d) == {f.name for f in dataclasses.fields(Article)}
    assert d["authors"] == ["Ana Ruiz", "Bo Li"]
    assert d["images"] == [{"src": "https://example.org/a.jpg", "alt": "alt",
                            "caption": "A caption", "credit": "Photo: AP"}]
    assert d["comments"][0]["text"] == "Nice piece"


@pytest.mark.parametrize("article", [ARTICLE, Article()])
def test_to_dict_is_what_asdict_gives_in_field_order(article: Article) -> None:
    d = article.to_dict()
    assert d == dataclasses.asdict(article)
    assert list(d) == [f.name for f in dataclasses.fields(Article)]
    assert d["authors"] is not article.authors  # a copy, as asdict gives


def test_to_json_round_trips_through_to_dict() -> None:
    d = json.loads(ARTICLE.to_json())
    assert d == ARTICLE.to_dict()
    rebuilt = Article(**{**d, "images": [Image(**i) for i in d["images"]],
                         "comments": [Comment(**c) for c in d["comments"]]})
    assert rebuilt == ARTICLE


def test_to_json_keeps_non_ascii_text_and_indents_on_request() -> None:
    a = Article(text="Привет, 世界", title="café")
    assert "Привет, 世界" in a.to_json()
    assert "\\u" not in a.to_json()
    assert a.to_json(indent=2).startswith("{\n  ")


def test_to_markdown_heads_the_body_with_the_title() -> None:
    assert ARTICLE.to_markdown() == (
        '# The "Big" Story: Part 1\n\nFirst paragraph.\n\n- a point\n- another\n')


def test_to_markdown_with_front_matter() -> None:
    md = ARTICLE.to_markdown(front_matter=True)
    head, body = md.split("\n---\n", 1)
    lines = head.splitlines()
    assert lines[0] == "---"
    assert 'title: "The \\"Big\\" Story: Part 1"' in lines  # JSON-quoted: valid YAML
    assert lines[lines.index("authors:") + 1:lines.index("authors:") + 3] == [
        '  - "Ana Ruiz"', '  - "Bo Li"']
    assert 'published: "2026-03-01"' in lines
    assert 'url: "https://example.org/story"' in lines
    assert not any(line.startswith(("modified:", "categories:", "text:")) for line in lines)
    assert body == '\n# The "Big" Story: Part 1\n\nFirst paragraph.\n\n- a point\n- another\n'


def test_front_matter_is_valid_yaml_when_yaml_is_available() -> None:
    yaml = pytest.importorskip("yaml")
    md = ARTICLE.to_markdown(front_matter=True)
    meta = yaml.safe_load(md.split("---\n")[1])
    assert meta["title"] == ARTICLE.title
    assert meta["authors"] == ARTICLE.authors
    assert meta["tags"] == ["city", "budget"]


def test_empty_article_renders_empty_strings() -> None:
    a = Article()
    assert a.to_text() == ""
    assert a.to_markdown() == "\n"
    assert json.loads(a.to_json())["text"] == ""


def test_to_text_ends_with_a_newline() -> None:
    assert ARTICLE.to_text() == ARTICLE.text + "\n"
