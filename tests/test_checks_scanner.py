"""The output checks' fast start-tag scanner finds what html.parser finds."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from sitegen.check.htmlscan import attributes, tag_texts

from .conftest import GOLDEN, tree_of


class _Reference(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, attrs))


class _Scanner:
    """The scan the output checks make, in html.parser's terms (names lower-cased, attribute lists)."""

    def __init__(self) -> None:
        self.tags: list[tuple[str, list]] = []

    def feed(self, text: str) -> None:
        self.tags.extend((name.lower(), list(attributes(raw))) for name, raw in tag_texts(text))


def _both(text: str) -> tuple[list, list]:
    reference, scanner = _Reference(), _Scanner()
    reference.feed(text)
    reference.close()
    scanner.feed(text)
    return reference.tags, scanner.tags


CASES = [
    '<a href="x">', "<A HREF='x&amp;y'>", "<a href=x/>", '<img src="a.png" alt="a > b">',
    '<!-- <a href="c"> --><a href="after">', '<!----><p id="p">', '<a href="x"id="y">', "<input disabled>",
    '<script src="s.js"></script><script>var a = "<a href=\\"no\\">";</script><a href="yes">',
    '<style>a::after { content: "<a href=no>" }</style><link rel="stylesheet" href="s.css">',
    '<a  href = "spaced" >', '<svg><use href="#i"/></svg>', '<a href="unclosed', '<p>&lt;a href="no"&gt;</p>',
    '<a\nhref="newline"\n>', '<!DOCTYPE html><html lang="ja">', '<a href="caf&#233;">', "<a title='it\"s' href='q'>",
    "<br/><hr />", "<a href=>", '<a data-x="1" HREF="Upper">', '<a href="x" / >', "<?xml version='1.0'?><b>",
]


@pytest.mark.parametrize("text", CASES)
def test_same_tags_as_html_parser(text: str) -> None:
    reference, scanner = _both(text)
    assert scanner == reference


def test_same_tags_on_every_golden_page() -> None:
    for path, data in tree_of(GOLDEN / "valid").items():
        reference, scanner = _both(data.decode("utf-8"))
        assert scanner == reference, path
