"""Typography of the text itself, per language, as a Python-Markdown extension and a filter.

English: typographic quotes, apostrophes, dashes and ellipses (Python-Markdown's `smarty`, which
leaves code, raw HTML and our stashed shortcode output alone), written as characters rather
than entities so that headings' contents entries and feeds read the same.

Japanese: a line break inside a paragraph of the Markdown is removed where it touches a Japanese
character. Browsers draw such a break as a space (CSS Text's rule for East Asian text is not
implemented in Chromium), and Japanese has no spaces: 「。 次の文」 read as a stray gap. For the
same reason, spaces written after 。、 and closing brackets (past any closing tags) go.
"""

from __future__ import annotations

import functools
import html
import re

from markdown import Extension, Markdown
from markdown.extensions.smarty import SmartyExtension
from markdown.postprocessors import Postprocessor
from markupsafe import Markup

from .smartquotes import use_lean_smarty

_CHARACTERS = {"left-single-quote": "‘", "right-single-quote": "’", "left-double-quote": "“",
               "right-double-quote": "”", "ndash": "–", "mdash": "—", "ellipsis": "…"}
SMARTY_CONFIG = {"smart_angled_quotes": False, "substitutions": _CHARACTERS}

# Japanese characters and full-width punctuation: a line break next to one of these is no space.
_JA = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
_JA_BREAK = re.compile(f"(?<=[{_JA}])[ \\t]*\\n[ \\t]*|[ \\t]*\\n[ \\t]*(?=[{_JA}])")
_JA_AFTER_STOP = re.compile("(?<=[。、！？」』）])((?:</[a-z]+>)*)[ \t]+(?=\\S)")
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S | re.I)


class _JoinJapaneseLines(Postprocessor):
    def run(self, text: str) -> str:
        """Remove line breaks that touch a Japanese character and spaces after 。, except inside <pre>."""
        parts = _PRE.split(text)
        return "".join(part if index % 2 else _JA_AFTER_STOP.sub(r"\1", _JA_BREAK.sub("", part))
                       for index, part in enumerate(parts))


class TypographyExtension(Extension):
    def __init__(self, lang: str, **kwargs: object) -> None:
        self.lang = lang
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        if self.lang == "en":
            SmartyExtension(**SMARTY_CONFIG).extendMarkdown(md)
            use_lean_smarty(md)     # speed only (smartquotes.py)
        elif self.lang == "ja":
            # After the stashed HTML is back in place (priority 30), so that it is joined too.
            md.postprocessors.register(_JoinJapaneseLines(md), "sitegen_join_japanese_lines", 5)


@functools.cache
def _paragraphs(lang: str) -> Markdown:
    return Markdown(extensions=["attr_list", TypographyExtension(lang)], output_format="html")


def inline_markdown(text: str, lang: str) -> Markup:
    """Render one paragraph of editor Markdown (glossary definitions) without the <p>."""
    md = _paragraphs(lang)
    md.reset()
    return Markup(re.sub(r"^<p>(.*)</p>$", r"\1", md.convert(text), flags=re.S))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


@functools.lru_cache(maxsize=4096)
def smart_text(text: str, lang: str) -> Markup:
    """Plain text (a title, a data label) as HTML, with typographic quotes in English."""
    escaped = html.escape(str(text), quote=False)
    if lang != "en" or not re.search(r"['\"]|--|\.\.\.", escaped):
        return Markup(escaped)
    return inline_markdown(_MARKDOWN_SPECIAL.sub(r"\\\1", escaped), "en")      # the specials escaped: quotes only


def smart_plain(text: str, lang: str) -> str:
    """smart_text as plain text, for what is not HTML (chart labels, drawn into SVG by Vega)."""
    return str(html.unescape(smart_text(text, lang))) if lang == "en" else text
